import Foundation
import Testing
import ReservationDomain
@testable import ReservaFlowUI

/// Issue 21: a manager could see a guest's allergies and record one nowhere on the screen. `E` opens the
/// guest's profile as a form; only what changed is sent; a refusal keeps the form on the field it names.
@Suite struct GuestEditTests {
    static func screen(_ s: AppState) -> String { render(s, size: s.size).lines().joined(separator: "\n") }

    static func selected(_ width: Int = 160, _ height: Int = 48) -> AppState {
        var s = Fixture.state(width: width, height: height)
        s.selectedReservation = Fixture.entries[2].id  // Wang, T3
        return s
    }

    static func form(_ s: AppState) -> GuestEditForm? {
        if case .guestEdit(let f) = s.overlay { return f }
        return nil
    }

    @Test("E on a booking opens its guest on the allergies; typed and saved, only the allergies are sent")
    func allergies() throws {
        var s = Fixture.keys(Self.selected(), "E").0
        let f = try #require(Self.form(s))
        #expect(f.guest.id == Fixture.wang.id && f.focus == .allergies)
        s = Fixture.keys(s, "gluten, nuts").0
        let (sent, fx) = Fixture.press(s, .enter)
        #expect(fx == [.updateGuest(Fixture.wang.id, GuestUpdate(allergies: "gluten, nuts"))])
        #expect(Self.form(sent)?.submitting == true)
        var saved = Fixture.wang
        saved.allergies = "gluten, nuts"
        let (done, fx2) = Fixture.send(sent, .guestUpdated(saved))
        #expect(done.overlay == nil && done.message?.text.contains("⚠ gluten, nuts") == true)
        #expect(fx2.contains(.loadDay(1, Fixture.date)), "the day is read again: ⚠ on the tile and the block")
    }

    @Test("VIP and marketing are switches; the tags field keeps the other tags; nothing changed sends nothing")
    func switches() throws {
        var s = Fixture.keys(Self.selected(), "E").0
        s = Fixture.press(s, .down, .down, .down, .down, .char(" "), .down, .right).0  // allergens → tags → notes → vip on → marketing on
        let f = try #require(Self.form(s))
        #expect(f.vip && f.marketing)
        let fx = Fixture.press(s, .enter).1
        #expect(fx == [.updateGuest(Fixture.wang.id, GuestUpdate(tags: ["VIP"], marketingConsent: true))])
        let untouched = Fixture.press(Fixture.keys(Self.selected(), "E").0, .enter)
        #expect(untouched.1.isEmpty && untouched.0.overlay == nil && untouched.0.message?.text == "Nothing changed.")
    }

    @Test("allergen flags: ←→ pick, Space marks; sent as flags beside the other tags; a flag alone is ⚠ on every screen")
    func allergenFlags() throws {
        var s = Fixture.keys(Self.selected(), "E").0
        s = Fixture.press(s, .down, .char(" "), .right, .right, .right, .right, .right, .right, .char(" ")).0  // gluten, then milk
        let f = try #require(Self.form(s))
        #expect(f.allergens == [.gluten, .milk] && f.focus == .allergens)
        #expect(Self.screen(s).contains("[x]Milk"), "\(Self.screen(s))")
        let fx = Fixture.press(s, .enter).1
        #expect(fx == [.updateGuest(Fixture.wang.id, GuestUpdate(tags: ["allergen:gluten", "allergen:milk"]))])
        var saved = Fixture.wang
        saved.tags = ["regular", "allergen:milk", "allergen:gluten"]
        #expect(saved.allergyText == "Gluten; Milk" && saved.typedTags == ["regular"])
        #expect(GuestMark.of(saved, glyphs: .unicode).first?.role == .allergyWarning)
        let again = GuestEditForm(guest: saved)
        #expect(again.allergens == [.gluten, .milk] && again.tags.text == "regular", "the flags are not typed tags")
    }

    @Test("refused by the core: the form stays, on the field it names, with its words")
    func refused() throws {
        var s = Fixture.keys(Self.selected(), "E").0
        s = Fixture.press(s, .up, .up).0  // email
        s = Fixture.keys(s, "not-an-address").0
        s = Fixture.press(s, .tab, .tab, .enter).0
        s = Fixture.send(s, .failed(.invalid(field: "email", message: "not-an-address is not an e-mail address."))).0
        let f = try #require(Self.form(s))
        #expect(f.focus == .email && !f.submitting && f.error?.contains("not an e-mail") == true)
        #expect(Self.screen(s).contains("not an e-mail"))
    }

    @Test("Esc with changes asks before dropping them; an anonymous walk-in has no profile; read-only refuses")
    func guards() {
        let s = Fixture.keys(Fixture.keys(Self.selected(), "E").0, "x").0
        let asked = Fixture.press(s, .esc).0
        guard case .confirm(let p, _)? = asked.overlay else { Issue.record("expected a question"); return }
        #expect(p.question.contains("Discard"))
        var anonymous = Fixture.state()
        var e = Fixture.entries[1]
        e.customer = Customer(id: 9, restaurantID: 1, name: "Walk-in", phone: "", anonymous: true)
        anonymous = Fixture.send(anonymous, .dayLoaded(DaySheet(restaurant: Fixture.restaurant, date: Fixture.date, windows: Fixture.sheet().windows,
                                                               closure: nil, areas: Fixture.areas, tables: Fixture.tables, entries: [e],
                                                               waitlist: [], leases: [], loadedAt: Fixture.now))).0
        anonymous.selectedReservation = e.id
        #expect(Fixture.keys(anonymous, "E").0.message?.text.contains("no profile") == true)
        let readOnly = Fixture.keys(Fixture.state(readOnly: true), "E").0
        #expect(readOnly.overlay == nil && readOnly.message?.text.contains("Read-only") == true)
    }

    @Test("the form at 160x48 and at 80x22 shows every field")
    func renders() {
        for (w, h) in [(160, 48), (80, 22)] {
            let text = Self.screen(Fixture.keys(Self.selected(w, h), "E").0)
            for label in GuestEditForm.Field.allCases.map(\.label) { #expect(text.contains(label), "\(w)x\(h): \(label)") }
            #expect(text.contains("王小明"))
        }
    }

    @Test("d shows the booking's history, loading first, then every change in words")
    func history() {
        let (s, fx) = Fixture.keys(Self.selected(), "d")
        #expect(fx == [.loadHistory(.booking(Fixture.entries[2].id))])
        #expect(Self.screen(s).contains("Loading"))
        let events = [HistoryEvent(at: Fixture.at(18, 2), actor: "Marta Vidal", action: "book", changes: ["T3 · Fri 18 Dec 21:30-23:30 · ×3 · confirmed"]),
                      HistoryEvent(at: Fixture.at(19, 40), actor: "sql:reservaflow_app", action: "sql_update", changes: ["T4 → T3"])]
        let loaded = Fixture.send(s, .historyLoaded(.booking(Fixture.entries[2].id), events)).0
        let text = Self.screen(loaded)
        #expect(text.contains("18:02  Marta Vidal") && text.contains("sql_update: T4 → T3"), "\(text)")
        #expect(Fixture.keys(loaded, "q").0.overlay == nil)
    }

    @Test("d in the guest pane shows the guest's profile history instead")
    func guestHistory() {
        var s = Self.selected()
        var ignored: [Effect] = []
        s.showCustomer(Fixture.wang, &ignored)
        s.focus = .customer
        let (opened, fx) = Fixture.keys(s, "d")
        #expect(fx == [.loadHistory(.guest(Fixture.wang.id))])
        let events = [HistoryEvent(at: Fixture.at(18, 5), actor: "Marta Vidal", action: "guest_edit", changes: ["allergies: \"\" → \"sesame\""])]
        let text = Self.screen(Fixture.send(opened, .historyLoaded(.guest(Fixture.wang.id), events)).0)
        #expect(text.contains("王小明's profile") && text.contains("guest_edit: allergies"), "\(text)")
    }

    @Test("Language is a switch: the venue's, es, en; only a change is sent")
    func language() throws {
        var s = Fixture.keys(Self.selected(), "E").0
        s = Fixture.press(s, .down, .down, .down, .down, .down, .down, .right, .right).0  // down to language: venue's → es → en
        let f = try #require(Self.form(s))
        #expect(f.focus == .language && f.language == "en")
        #expect(Self.screen(s).contains("en, English"))
        #expect(Fixture.press(s, .enter).1 == [.updateGuest(Fixture.wang.id, GuestUpdate(language: "en"))])
        #expect(Fixture.press(Fixture.press(s, .left, .left).0, .enter).1.isEmpty, "back to the venue's: nothing changed")
    }
}
