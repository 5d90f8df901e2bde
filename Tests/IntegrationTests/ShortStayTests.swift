import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Issue 20, item 8: a table free now but not for a whole turn is seated as hosts do, "must leave by" its
/// next booking, when the host asks for it; the core keeps the rule (`WalkInHours.shortStay`).
@Suite("Short stays before the next booking")
struct ShortStayTests {
    @Test("a walk-in at a table free until its next booking leaves by then, noted; too short a stay is refused")
    func walkInLeavesBy() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 20, 0))
        let r = try t.venue()
        _ = try t.book.book(Fixtures.request(r, table: "T4", time: Fixtures.time(21), party: 4), actor: t.host)
        let nine = Fixtures.instant(Fixtures.friday, 21, 0)
        // Without leaving early T4 is not free for a party of five's 150 minutes.
        #expect(throws: ReservationError.self) { try t.book.walkIn(restaurantID: r.id, party: 5, tableLabel: "T4", actor: t.host) }
        guard case .seated(let e) = try t.book.walkIn(restaurantID: r.id, party: 5, tableLabel: "T4", leaveBy: nine, actor: t.host) else {
            Issue.record("not seated"); return
        }
        #expect(e.tableLabel == "T4")
        #expect(e.reservation.endsAt == nine)
        #expect(e.reservation.notes == "Must leave by 21:00.")
        // 20:45 leaves a quarter of an hour: refused, nothing written.
        _ = try t.book.apply(.complete, to: e.id, actor: t.host)
        t.clock.set(Fixtures.friday, 20, 45)
        try t.expectNothingWritten {
            let refused = expectInvalid("table") { _ = try t.book.walkIn(restaurantID: r.id, party: 5, tableLabel: "T4", leaveBy: nine, actor: t.host) }
            #expect(refused?.description.contains("too short a stay") == true, "\(String(describing: refused))")
        }
    }

    @Test("a waiting party seated before the next booking leaves by then, after its own notes")
    func waitlistLeavesBy() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 20, 0))
        let r = try t.venue()
        _ = try t.book.book(Fixtures.request(r, table: "T4", time: Fixtures.time(21, 30), party: 4), actor: t.host)
        let w = try t.book.addToWaitlist(restaurantID: r.id, name: "Vega", phone: nil, party: 3, notes: "terrace?", actor: t.host)
        let leave = Fixtures.instant(Fixtures.friday, 21, 30)
        let e = try t.book.seatFromWaitlist(entryID: w.id, tableLabel: "T4", leaveBy: leave, actor: t.host)
        #expect(e.reservation.endsAt == leave)
        #expect(e.reservation.notes == "terrace? Must leave by 21:30.")
    }
}
