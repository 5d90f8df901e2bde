import Foundation
@testable import ReservationDomain
import Testing
@testable import ReservaFlowUI

/// Issue 8, item 1: where the UI shows a table's status, a party over its turn says by how much and
/// names the booking it keeps waiting ("T2: Müller ×4 10 min over its 120-min turn; Rossi due 21:30").
@Suite struct OverrunStatusTests {
    @Test func theStatusLineNamesTheOverrunAndTheNextBooking() throws {
        var sheet = Fixture.sheet()
        // T2: Müller seated 19:00-21:00 and still there at 21:10; Rossi is due at 21:30.
        sheet.entries.append(Fixture.entry(30, Fixture.rossi, table: 2, label: "T2", party: 4, from: (21, 30), to: (23, 30), .confirmed))
        var s = Fixture.send(Fixture.state(), .dayLoaded(sheet)).0
        s.selectedTable = 2
        let line = FooterView.selectionLine(s, glyphs: s.glyphs)
        #expect(line.contains("T2 (") && line.contains("Müller ×4 10 min over its 120-min turn; Rossi due 21:30"), "\(line)")
        // Within its turn nothing changes (T1: seated 65 min).
        s.selectedTable = 1
        #expect(FooterView.selectionLine(s, glyphs: s.glyphs).contains("seated 65 min (García López, Ana ×2)"))
    }
}

/// Issue 8, item 4 in the TUI: `:seat T3` seats the booking the host means and says which; seating well
/// before the booked time asks first.
@Suite struct SeatCurrentBookingTests {
    func sheetWithTwoAtT3() -> DaySheet {
        var sheet = Fixture.sheet()
        // T3: Wang is due at 21:30 (now is 21:10); Rossi's 22:45 booking at the same table is later.
        sheet.entries.append(Fixture.entry(31, Fixture.rossi, table: 3, label: "T3", party: 2, from: (23, 0), to: (23, 30), .confirmed))
        return sheet
    }

    @Test func seatCommandPicksTheCurrentBookingAndNamesIt() {
        let s = Fixture.send(Fixture.state(), .dayLoaded(sheetWithTwoAtT3())).0
        let (after, fx) = Fixture.send(Fixture.keys(s, ":seat T3").0, .key(.enter))
        #expect(fx.contains(.apply(.seat, Fixture.entries[2].id)), "\(fx)")
        let text = after.message?.text ?? ""
        #expect(text.contains("Seating 王小明 ×3 (21:30) at T3") && text.contains("also booked there: 23:00 Rossi"), "\(text)")
    }

    @Test func seatingWellBeforeTheTimeAsksFirst() {
        var s = Fixture.send(Fixture.state(), .dayLoaded(sheetWithTwoAtT3())).0
        s.now = Fixture.at(20, 50)  // Wang's 21:30 booking, 40 minutes early
        let (asked, fx) = Fixture.send(Fixture.keys(s, ":seat T3").0, .key(.enter))
        #expect(!fx.contains(.apply(.seat, Fixture.entries[2].id)))
        guard case .confirm(let prompt, _) = asked.overlay, case .seatEarly(let id) = prompt.action else {
            Issue.record("no question: \(String(describing: asked.overlay))")
            return
        }
        #expect(id == Fixture.entries[2].id)
        #expect(Fixture.keys(asked, "y").1.contains(.apply(.seat, id)))
    }
}
