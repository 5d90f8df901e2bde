import Foundation
import Testing
@testable import ReservationDomain
@testable import ReservaFlowUI

/// Issue 20, item 10: a table out of service now, and back, from the floor (`X`).
@Suite struct TableServiceKeyTests {
    @Test func xAsksThenTakesTheSelectedTableOutAndSaysWhatTheCoreAnswered() {
        var s = Fixture.state(width: 160, height: 48)
        s.selectedTable = 4
        let label = try! #require(s.day?.table(4)?.label)
        let (asked, none) = Fixture.keys(s, "X")
        #expect(none.isEmpty)
        guard case .confirm(let prompt, _)? = asked.overlay else { Issue.record("no question: \(String(describing: asked.overlay))"); return }
        #expect(prompt.question.hasPrefix("Take \(label) out of service now?"))
        let (_, fx) = Fixture.keys(asked, "y")
        #expect(fx.contains(.setTableService(1, label: label, inService: false)), "\(fx)")
        // The core's answer is said, and the day read again (the floor then draws the table out of service).
        var out = try! #require(s.day?.table(4))
        out.active = false
        let (told, reload) = Fixture.send(s, .tableServiceChanged(TableServiceChange(table: out, bookingsAhead: 2)))
        #expect(told.message?.text == "\(label) is out of service: offered to nobody until it is back. 2 bookings still ahead on it: move them.")
        #expect(reload.contains { if case .loadDay = $0 { true } else { false } })
    }

    @Test func withNoTableSelectedItSaysSo() {
        var s = Fixture.state(width: 160, height: 48)
        s.selectedTable = nil
        let (none, fx) = Fixture.keys(s, "X")
        #expect(none.overlay == nil && fx.isEmpty)
        #expect(none.message?.text.hasPrefix("Select a table first") == true)
    }
}
