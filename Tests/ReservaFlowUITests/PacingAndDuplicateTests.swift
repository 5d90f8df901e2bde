import Foundation
import ReservationDomain
import Testing
@testable import ReservaFlowUI

/// Pacing while booking (the time row, the strip, the manager's override question), the timeline's covers
/// row, and likely duplicate guests (the match list's mark, the guest pane's line, the merge key).
@Suite("Pacing and duplicate guests in the UI")
struct PacingAndDuplicateTests {
    /// Fixture's day at a venue with at most 12 covers starting per slot.
    static func paced(width: Int = 80, height: Int = 24, role: StaffRole = .host) -> AppState {
        var s = Fixture.state(width: width, height: height)
        s.staff?.role = role
        var sheet = Fixture.sheet()
        sheet.restaurant.rules.pacingCovers = 12
        return update(s, .dayLoaded(sheet)).0
    }

    static let dupOfAna = Customer(id: 200, restaurantID: 1, name: "garcia lopez, ana", phone: "+34600123457")

    /// `n`, a new guest, 21:00, party 4; then the availability (20:45, 21:00, 21:15) and 10 covers at 21:00.
    static func formAtNine(_ s0: AppState) -> (AppState, [Effect]) {
        var s = s0
        var all: [Effect] = []
        func run(_ r: (AppState, [Effect])) { s = r.0; all += r.1 }
        run(Fixture.keys(s, "n"))
        run(Fixture.keys(s, "Lola Mena"))
        run(Fixture.press(s, .tab, .tab))
        run(Fixture.keys(s, "600111222"))
        run(Fixture.press(s, .tab, .tab))
        run(Fixture.keys(s, "21:00"))
        run(Fixture.press(s, .tab))
        run(Fixture.keys(s, "4"))
        let t3 = Fixture.tables[2]
        let slots = [(20, 45), (21, 0), (21, 15)].map { h, m in
            Slot(time: TimeOfDay(hour: h, minute: m)!, start: Fixture.at(h, m), service: "dinner", tables: [t3])
        }
        run(Fixture.send(s, .availabilityLoaded(AvailabilityResult(date: Fixture.date, partySize: 4, turnMinutes: 120, slots: slots)),
                         .pacingLoaded(Fixture.date, Pacing(limit: 12, covers: [Fixture.at(20, 45): 4, Fixture.at(21, 0): 10]))))
        return (s, all)
    }

    @Test("the form asks for the day's covers with the availability, only at a venue that paces")
    func asksForPacing() {
        let (_, fx) = Self.formAtNine(Self.paced())
        #expect(fx.contains(.loadPacing(1, Fixture.date)))
        let (_, plain) = Self.formAtNine(Fixture.state())
        #expect(!plain.contains { if case .loadPacing = $0 { true } else { false } })
    }

    @Test("the booking form shows the slot's covers against the limit and a strip of the slots around it, at 80x24 and 160x48")
    func formShowsCovers() throws {
        for (w, h) in [(80, 24), (160, 48)] {
            let (s, _) = Self.formAtNine(Self.paced(width: w, height: h))
            let lines = render(s, size: s.size).lines()
            #expect(lines.contains { $0.contains("21:00 · 10/12 covers, no room for 4") }, "\(w)x\(h):\n\(lines.joined(separator: "\n"))")
            #expect(lines.contains { $0.contains("20:45 4 · 21:00 10! · 21:15 0") }, "\(w)x\(h):\n\(lines.joined(separator: "\n"))")
        }
        // A party that fits: no warning.
        var (s, _) = Self.formAtNine(Self.paced())
        s = Fixture.press(s, .backspace).0
        s = Fixture.keys(s, "2").0
        s = Fixture.send(s, .availabilityLoaded(AvailabilityResult(date: Fixture.date, partySize: 2, turnMinutes: 90, slots: []))).0
        s = Fixture.send(s, .pacingLoaded(Fixture.date, Pacing(limit: 12, covers: [Fixture.at(21, 0): 10]))).0
        #expect(render(s, size: s.size).lines().contains { $0.contains("21:00 · 10/12 covers") && !$0.contains("no room") })
    }

    @Test("a manager is asked whether to book past the limit, and y books with the override; a host reads the refusal")
    func managerOverride() throws {
        let refusal = ReservationError.overPacing(slot: "21:00", covers: 10, limit: 12, party: 4, alternatives: ["20:45", "21:15"])
        var (s, _) = Self.formAtNine(Self.paced(role: .manager))
        var fx: [Effect]
        (s, fx) = Fixture.press(s, .enter)
        var sent: BookingRequest? = nil
        for e in fx { if case .book(let r) = e { sent = r } }
        let request = try #require(sent)
        #expect(!request.overPacing)
        s = Fixture.send(s, .failed(refusal)).0
        guard case .confirm(let prompt, _)? = s.overlay else {
            Issue.record("no question: \(String(describing: s.overlay))")
            return
        }
        #expect(prompt.question == "21:00 has 10 of 12 covers; a party of 4 fits at 20:45 or 21:15. Book past the pacing limit anyway? (y/n)")
        (s, fx) = Fixture.keys(s, "y")
        var again = request
        again.overPacing = true
        #expect(fx == [.book(again)])
        #expect(Fixture.bookingForm(s)?.submitting == true)

        var (h, _) = Self.formAtNine(Self.paced(role: .host))
        h = Fixture.press(h, .enter).0
        h = Fixture.send(h, .failed(refusal)).0
        #expect(Fixture.bookingForm(h)?.error == refusal.description)
        #expect(render(h, size: h.size).lines().joined().contains("a manager can book past"))
    }

    @Test("the timeline's bottom border shows covers per slot against the limit")
    func timelineCovers() throws {
        var s = Self.paced(width: 160, height: 48)
        s.focus = .timeline
        let lines = render(s, size: s.size).lines()
        let row = try #require(lines.first { $0.contains("Cov/12") }, "\(lines.joined(separator: "\n"))")
        #expect(row.contains("5"))  // Zoë's party of 5 at 21:00
        let plain = render(Fixture.state(width: 160, height: 48), size: Size(width: 160, height: 48)).lines()
        #expect(!plain.joined().contains("Cov/"))
    }

    @Test("two matches that are likely one guest are marked in the match list")
    func matchListMark() {
        var s = Fixture.keys(Fixture.state(), "n").0
        s = Fixture.keys(s, "gar").0
        s = Fixture.send(s, .customersFound(fragment: "gar", [Fixture.ana, Self.dupOfAna, Fixture.muller])).0
        let lines = render(s, size: s.size).lines()
        #expect(lines.contains { $0.contains("≈García López, Ana") && $0.contains("!allergies") }, "\(lines.joined(separator: "\n"))")
        #expect(lines.contains { $0.contains("≈garcia lopez, ana") })
        #expect(lines.contains { $0.contains("  Müller") })
        #expect(lines.contains { $0.contains("≈ likely the same guest") })
    }

    @Test("the guest pane says 'possible duplicate of …'; M asks a manager and merges, a host is told to ask one")
    func guestPaneAndMerge() throws {
        for role in [StaffRole.host, .manager] {
            var s = Self.paced(width: 160, height: 48, role: role)
            var fx: [Effect]
            (s, fx) = Fixture.send(s, .key(.char("/")))
            s.customer = CustomerPanel(customer: Fixture.ana)
            s = Fixture.send(s, .key(.esc)).0
            s.customer = CustomerPanel(customer: Fixture.ana)
            s = Fixture.send(s, .guestDuplicatesLoaded(Fixture.ana.id, [GuestDuplicate(guest: Fixture.ana, other: Self.dupOfAna, reason: .nameAndPhone)])).0
            let text = render(s, size: s.size).lines().joined(separator: "\n")
            #expect(text.contains("≈  possible duplicate of #200 garcia"), "\(text)")
            #expect(text.contains("+34600123457 (same name,"))
            #expect(text.contains("M merges") == (role == .manager))
            (s, fx) = Fixture.keys(s, "M")
            if role == .host {
                #expect(fx.isEmpty)
                #expect(s.message?.text.hasPrefix("Only a manager can merge guests") == true)
                continue
            }
            guard case .confirm(let prompt, _)? = s.overlay else {
                Issue.record("no question")
                continue
            }
            #expect(prompt.question.hasPrefix("Merge garcia lopez, ana (+34600123457, #200) into García López, Ana (#100)?"))
            (s, fx) = Fixture.keys(s, "y")
            #expect(fx == [.mergeGuests(1, keep: 100, drop: 200)])
            let merged = GuestMerge(kept: 100, dropped: 200, reservations: 2, waitlist: 0, accountMoved: false, filled: [], guest: Fixture.ana)
            (s, fx) = Fixture.send(s, .guestsMerged(merged))
            #expect(s.message?.text == "Merged guest #200 into García López, Ana (#100): 2 booking(s) moved.")
            #expect(fx.contains(.loadGuestDuplicates(100)) && fx.contains(.loadDay(1, Fixture.date)))
        }
    }

    @Test("choosing a guest asks for their likely duplicates")
    func asksForDuplicates() {
        var s = Fixture.state(width: 160, height: 48)
        var fx: [Effect] = []
        s.customer = nil
        (s, fx) = Fixture.press(s, .tab)
        _ = s
        // Any selection that shows a guest asks for both the history and the duplicates.
        var t = Fixture.state(width: 160, height: 48)
        t.customer = nil
        t.showCustomer(Fixture.dupont, &fx)
        #expect(fx.contains(.loadCustomerHistory(Fixture.dupont.id)) && fx.contains(.loadGuestDuplicates(Fixture.dupont.id)))
    }
}
