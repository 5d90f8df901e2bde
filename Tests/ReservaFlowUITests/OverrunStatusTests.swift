import Foundation
@testable import ReservationCore
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
