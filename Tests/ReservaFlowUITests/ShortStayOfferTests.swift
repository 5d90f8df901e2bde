import Foundation
import Testing
import ReservationDomain
@testable import ReservaFlowUI

/// Issue 20, item 8: "T18+T19 is not free for 12 now" when it was free until 20:00: the form offers it to leave
/// by then, as hosts do, and Enter asks the core for that stay.
@Suite struct ShortStayOfferTests {
    @Test("a table free now until its next booking is offered to leave by then, and Enter seats them so")
    func offersAShortStay() throws {
        var s = Fixture.state(width: 160, height: 48)
        s.now = Fixture.at(20, 0)  // T3 is free until 王小明's 21:30 booking; a party of three has a 120-min turn
        let plan = try RefusalReasonTests.plan(s, party: 3, table: "T3")
        #expect(plan.problem == nil)
        #expect(plan.seatLabel == "T3")
        #expect(plan.leaveBy == Fixture.at(21, 30))
        s = Fixture.keys(s, "w3").0
        s = Fixture.press(s, .tab, .tab, .tab).0
        s = Fixture.keys(s, "T3").0
        #expect(plan.shortStayText(try #require(s.day).sheet) == "T3 is free until 21:30, short of a 120-min turn: Enter seats them to leave by 21:30.")
        #expect(render(s, size: s.size).lines().contains { $0.contains("T3 is free until 21:30, short of a 120-min turn") })
        #expect(Fixture.press(s, .enter).1 == [.walkIn(1, party: 3, name: nil, table: "T3", leaveBy: Fixture.at(21, 30))])
    }
}
