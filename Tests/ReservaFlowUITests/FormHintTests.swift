import Foundation
import Testing
@testable import ReservationDomain
@testable import ReservaFlowUI

/// Issue 20, item 5: for a party of 10 the form said "nothing free at 19:00 · nearest: 19:15 19:30 19:45
/// 20:00" while Enter (and `availability --party 10`) said no time that day had room. The hint read the
/// availability answer the form got when the party was typed; the book had moved since (another terminal
/// booked the combination), and nothing asked again.
@Suite struct FormHintTests {
    static func slot(_ h: Int, _ m: Int, _ combinations: [TableCombination]) -> Slot {
        Slot(time: TimeOfDay(hour: h, minute: m)!, start: Fixture.at(h, m), service: "dinner", tables: [], combinations: combinations)
    }

    /// A form for 7 at 22:00 (no table seats 7; nothing free then), the terrace pair free at 22:15 and 22:30.
    func formFor7() -> AppState {
        var s = Fixture.keys(CombinationViewTests.state(width: 160, height: 48, joined: false), "n").0
        guard case .booking(var f) = s.overlay else { Issue.record("no form"); return s }
        f.time.set("22:00")
        f.party.set("7")
        f.availabilityQuery = AvailabilityQuery(date: Fixture.date, party: 7)
        s.overlay = .booking(f)
        let terrace = CombinationViewTests.terrace
        let answer = AvailabilityResult(date: Fixture.date, partySize: 7, turnMinutes: 120,
                                        slots: [Self.slot(22, 0, []), Self.slot(22, 15, [terrace]), Self.slot(22, 30, [terrace])])
        return Fixture.send(s, .availabilityLoaded(answer)).0
    }

    func screen(_ s: AppState) -> String { render(s, size: s.size).lines().joined(separator: "\n") }

    @Test func theHintNamesOnlyTimesTheFormWouldOffer() {
        let s = formFor7()
        #expect(screen(s).contains("nothing free at 22:00 · nearest: 22:15 22:30"), "\(screen(s))")
        // Another terminal books T11 from 22:00: the pair is no longer free at either time.
        var sheet = CombinationViewTests.sheet(joined: false)
        sheet.entries.append(Fixture.entry(41, Fixture.rossi, table: 11, label: "T11", party: 4, from: (22, 0), to: (23, 30), .confirmed))
        let (after, fx) = Fixture.send(s, .dayLoaded(sheet))
        #expect(screen(after).contains("nothing free at 22:00 · nearest: none"), "\(screen(after))")
        // And the core is asked again, the old answer kept meanwhile (no "checking…", no lease let go).
        #expect(fx.contains(.loadAvailability(1, Fixture.date, party: 7)), "\(fx)")
        #expect(Fixture.bookingForm(after)?.availability != nil)
        #expect(!fx.contains { if case .releaseLease = $0 { true } else { false } }, "\(fx)")
    }

    @Test func aTimeBetweenSlotsNamesTheSameTimes() {
        var s = formFor7()
        guard case .booking(var f) = s.overlay else { Issue.record("no form"); return }
        f.time.set("22:20")
        s.overlay = .booking(f)
        var sheet = CombinationViewTests.sheet(joined: false)
        sheet.entries.append(Fixture.entry(41, Fixture.rossi, table: 10, label: "T10", party: 4, from: (22, 30), to: (23, 30), .confirmed))
        s = Fixture.send(s, .dayLoaded(sheet)).0
        s = Fixture.send(s, .timeExplained(TimeQuery(date: Fixture.date, time: TimeOfDay(hour: 22, minute: 20)!, party: 7), reason: nil)).0
        // 22:30's pair now overlaps the booking at T10; 22:15's does too (a 120-minute turn): none is named.
        #expect(screen(s).contains("22:20 is between slots · free: none"), "\(screen(s))")
    }
}

/// Issue 20, item 6: "→ in the Party field did nothing": in a text field ←→ move the cursor, and the form's
/// last line said "←→ table, status" whatever the field. It says where they choose, and on the Table field
/// what they do there.
@Suite struct FormArrowHintTests {
    @Test func theLastLineSaysWhatTheArrowsDoInTheFieldWithTheFocus() {
        var s = Fixture.keys(Fixture.state(width: 160, height: 48), "n").0
        func lastLine(_ s: AppState) -> String { render(s, size: s.size).lines().joined(separator: "\n") }
        #expect(lastLine(s).contains("←→ on Table/Status"), "\(lastLine(s))")
        guard case .booking(var f) = s.overlay else { Issue.record("no form"); return }
        f.focus = .table
        s.overlay = .booking(f)
        #expect(lastLine(s).contains("←→ other free tables · Esc cancel"), "\(lastLine(s))")
        f.focus = .hold
        s.overlay = .booking(f)
        #expect(lastLine(s).contains("←→ confirmed / hold · Esc cancel"), "\(lastLine(s))")
    }
}
