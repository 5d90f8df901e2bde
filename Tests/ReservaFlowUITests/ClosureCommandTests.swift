import Foundation
import Testing
import ReservationDomain
@testable import ReservaFlowUI

/// Issue 21: a manager closes the venue from the podium (`:close 24/12 25/12 Christmas`, `:open 24/12`); over
/// live bookings the core names them and the manager is asked whether to close anyway.
@Suite struct ClosureCommandTests {
    static func manager() -> AppState {
        var s = Fixture.state(width: 160, height: 48)
        s.staff?.role = .manager
        s.staff?.venues = [1]
        return s
    }

    static func command(_ s: AppState, _ text: String) -> (AppState, [Effect]) {
        Fixture.press(Fixture.keys(Fixture.keys(s, ":").0, text).0, .enter)
    }

    static let christmas = LocalDate(year: 2026, month: 12, day: 24)!

    @Test(":close with two days and a reason asks the core; over bookings it asks to close anyway, y strands them")
    func closeAnyway() throws {
        let (s, fx) = Self.command(Self.manager(), "close 24/12 25/12 Christmas Eve")
        #expect(fx == [.addClosure(1, table: nil, from: Self.christmas, to: Self.christmas.adding(days: 1), reason: "Christmas Eve", strandingBookings: false)])
        let refused = Fixture.send(s, .failed(.invalid(field: "closure", message: "2 live bookings on those days: Garcia ×4 Thu 24 Dec 21:00, Ruiz ×2 Fri 25 Dec 14:00."))).0
        guard case .confirm(let q, _)? = refused.overlay else { Issue.record("no question"); return }
        #expect(q.question.contains("Garcia ×4") && q.question.hasSuffix("Close anyway? (y/n)"))
        let fx2 = Fixture.keys(refused, "y").1
        #expect(fx2 == [.addClosure(1, table: nil, from: Self.christmas, to: Self.christmas.adding(days: 1), reason: "Christmas Eve", strandingBookings: true)])
        let outcome = ClosureOutcome(closure: Closure(startsOn: Self.christmas, endsOn: Self.christmas.adding(days: 1), reason: "Christmas Eve"),
                                     stranded: [Fixture.entries[2], Fixture.entries[3]])
        let (done, fx3) = Fixture.send(refused, .closureChanged(.added(outcome)))
        #expect(done.message?.text == "Closed Thu 24 Dec-Fri 25 Dec (Christmas Eve): nothing more is booked then. 2 bookings are still on those days: call them.")
        #expect(fx3.contains(.loadDay(1, Fixture.date)))
    }

    @Test(":close with one day; :open takes it back; a host is told why; a bad day is named")
    func basics() {
        #expect(Self.command(Self.manager(), "close 24/12").1 == [.addClosure(1, table: nil, from: Self.christmas, to: Self.christmas, reason: "", strandingBookings: false)])
        #expect(Self.command(Self.manager(), "open 24/12").1 == [.removeClosure(1, table: nil, Self.christmas)])
        let host = Self.command(Fixture.state(), "close 24/12 Private")
        #expect(host.1.isEmpty && host.0.message?.text == "A host cannot change the floor plan. Ask a manager.")
        let bad = Self.command(Self.manager(), "close someday")
        #expect(bad.1.isEmpty)
        #expect(Self.command(Self.manager(), "close 24/12").0.closureAsked != nil)
    }
}
