import Foundation
@testable import ReservationDomain
import Testing
@testable import ReservaFlowUI

/// Issue 8, item 14: a long error is shown whole (it was cut where the useful part starts), on the status
/// line and in the forms, at 80x24 and 160x48.
@Suite struct WholeMessageTests {
    static let hoursError = ReservationError.invalid(field: "time", message: "19:10 is outside opening hours for a party this size on Friday: lunch 13:00-16:00 (last seating 14:00), dinner 19:00-23:30 (last seating 21:30).")
    static let hours = hoursError.description
    static let sizes = [Size(width: 80, height: 24), Size(width: 160, height: 48), Size(width: 80, height: 22)]

    /// The text of columns `x` of every row, box sides dropped and runs of spaces made one.
    static func text(_ b: ScreenBuffer, columns x: Range<Int>? = nil, rows: Range<Int>? = nil) -> String {
        var out: [String] = []
        for y in rows ?? 0..<b.height {
            let row = Array(b.row(y))
            out.append((x ?? 0..<b.width).compactMap { row.indices.contains($0) ? row[$0].text : nil }.joined())
        }
        return out.joined(separator: " ").replacingOccurrences(of: "│", with: " ")
            .split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    @Test(arguments: sizes)
    func onTheStatusLine(_ size: Size) {
        let s = Fixture.send(Fixture.state(width: size.width, height: size.height), .failed(Self.hoursError)).0
        let b = render(s, size: size)
        let status = Layout(size: size, focus: s.focus).status.y
        #expect(Self.text(b, rows: (status - 3)..<(status + 1)).contains("✗ " + Self.hours), "\(b.lines().joined(separator: "\n"))")
    }

    @Test(arguments: sizes)
    func inTheBookingForm(_ size: Size) {
        var s = Fixture.keys(Fixture.state(width: size.width, height: size.height), "n").0
        s = Fixture.send(s, .failed(Self.hoursError)).0
        let b = render(s, size: size)
        let body = Layout(size: size, focus: s.focus).body
        let form = body.centered(width: min(78, body.width - 2), height: 1)
        let shown = Self.text(b, columns: form.x..<form.maxX)
        #expect(shown.contains("✗ " + Self.hours), "\(b.lines().joined(separator: "\n"))")
        #expect(shown.contains("Status"), "every field still shown")
    }

    @Test(arguments: sizes)
    func inAPromptAndTheWalkInForm(_ size: Size) {
        let takenError = ReservationError.invalid(field: "table", message: "Table T14 is taken 21:00-23:00 by García López, Ana; pick another table, or move that booking first and try again.")
        let taken = takenError.description
        var s = Fixture.keys(Fixture.state(width: size.width, height: size.height), "m").0
        s = Fixture.send(s, .failed(takenError)).0
        let body = Layout(size: size, focus: s.focus).body
        var box = body.centered(width: min(64, body.width - 2), height: 1)
        #expect(Self.text(render(s, size: size), columns: box.x..<box.maxX).contains(taken))

        s = Fixture.keys(Fixture.state(width: size.width, height: size.height), "w").0
        s = Fixture.send(s, .failed(takenError)).0
        box = body.centered(width: min(70, body.width - 2), height: 1)
        #expect(Self.text(render(s, size: size), columns: box.x..<box.maxX).contains("✗ " + taken))
    }
}

/// Issue 8, item 15: the table row says why a time cannot be booked (passed, outside the services), in
/// the core's words, instead of "nothing free".
@Suite struct TimeReasonTests {
    @Test func theCoreIsAskedAndItsReasonShown() {
        var s = Fixture.keys(Fixture.state(), "n").0
        guard case .booking(var f) = s.overlay else { Issue.record("no form"); return }
        f.time.set("20:00")
        f.party.set("2")
        f.availabilityQuery = AvailabilityQuery(date: Fixture.date, party: 2)  // as if typed: the availability for that day and party was asked for
        s.overlay = .booking(f)
        let slot = Slot(time: TimeOfDay(hour: 21, minute: 15)!, start: Fixture.at(21, 15), service: "dinner", tables: [Fixture.tables[0]])
        let (asked, fx) = Fixture.send(s, .availabilityLoaded(AvailabilityResult(date: Fixture.date, partySize: 2, turnMinutes: 90, slots: [slot])))
        #expect(fx.contains(.explainTime(1, TimeQuery(date: Fixture.date, time: TimeOfDay(hour: 20, minute: 0)!, party: 2))), "\(fx)")
        let reason = "20:00 on 2026-12-18 has already passed."
        let told = Fixture.send(asked, .timeExplained(TimeQuery(date: Fixture.date, time: TimeOfDay(hour: 20, minute: 0)!, party: 2), reason: reason)).0
        let screen = render(told, size: told.size).lines().joined(separator: "\n")
        #expect(screen.contains(reason), "\(screen)")
        #expect(!screen.contains("nothing free"), "\(screen)")
    }
}

/// Issue 8, item 18: the smaller things of this round.
@Suite struct SmallerThingsRoundTwoTests {
    @Test func aHoldFromAnotherTerminalShowsOnTheTimeline() {
        var s = Fixture.state(width: 160, height: 48)
        s.focus = .timeline
        let screen = render(s, size: s.size).lines()
        // The fixture's lease: Ana is booking T6 21:30-23:30 at another terminal.
        let t6 = screen.first { $0.contains("T6   6-8") } ?? ""
        #expect(t6.contains("◆Ana"), "\(t6)")
    }

    @Test func aFractionalPartyIsRefusedAtOnceInEveryForm() {
        var s = Fixture.keys(Fixture.state(), "w").0
        s = Fixture.keys(s, "3.5").0
        var screen = render(s, size: s.size).lines().joined(separator: "\n")
        #expect(screen.contains("\"3.5\" is not a number of guests"), "\(screen)")
        #expect(!screen.contains("Type the party size"))
        let (refused, fx) = Fixture.send(s, .key(.enter))
        #expect(fx.isEmpty)
        guard case .walkIn(let f) = refused.overlay else { Issue.record("form closed"); return }
        #expect(f.error?.contains("whole number") == true)

        s = Fixture.keys(Fixture.state(), "n").0
        guard case .booking(var b) = s.overlay else { Issue.record("no form"); return }
        b.party.set("3.5")
        s.overlay = .booking(b)
        screen = render(s, size: s.size).lines().joined(separator: "\n")
        #expect(screen.contains("not a whole number"), "\(screen)")
    }
}
