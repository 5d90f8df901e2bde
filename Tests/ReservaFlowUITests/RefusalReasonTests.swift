import Foundation
import Testing
import ReservationDomain
@testable import ReservaFlowUI

/// Issue 20, item 8: refusals that say why. A table another terminal is booking names who; a table free now
/// but not for the whole turn is offered with "leave by" as hosts do; a no-show is refused before asking.
@Suite struct RefusalReasonTests {
    static func plan(_ s: AppState, party: Int, table: String) throws -> WalkInPlan {
        WalkInPlan.compute(day: try #require(s.day), party: party, now: s.now, preferred: table)
    }

    @Test("a table another terminal is booking right now: the refusal names who")
    func namesTheOtherTerminal() throws {
        var sheet = Fixture.sheet()
        sheet.leases = [LeaseInfo(token: "l2", tableID: 6, start: Fixture.at(21, 0), end: Fixture.at(23, 0), holder: "Ana",
                                  expiresAt: Fixture.at(21, 11))]
        let s = Fixture.send(Fixture.state(), .dayLoaded(sheet)).0
        #expect(try Self.plan(s, party: 6, table: "T6").problem == "T6 is not free for 6 now: Ana is booking it at another terminal.")
    }

    @Test("too short a stay is refused, naming the booking that needs the table")
    func tooShort() throws {
        let s = Fixture.state()  // 21:10: T3 is free for only 20 minutes
        #expect(try Self.plan(s, party: 3, table: "T3").problem
                == "T3 is free only until 21:30 (booked: 王小明 21:30-23:30), too short a stay (at least 30 min).")
    }

    @Test("a no-show too early is refused at once, without asking first")
    func noShowRefusedBeforeAsking() throws {
        var s = Fixture.state()
        s.selectedReservation = Fixture.entries[2].id  // 王小明, booked 21:30; it is 21:10
        let (after, fx) = Fixture.keys(s, "!")
        #expect(fx.isEmpty)
        #expect(after.overlay == nil, "no y/n question")
        let message = try #require(after.message)
        #expect(message.isError)
        #expect(message.text.contains("no-show from 21:45"))
    }
}
