import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Issue 8, item 5: a status change taken by mistake can be taken back, for a few minutes and only while
/// nothing else changed the booking, with the guest's counters and mails put back, audited as an undo.
@Suite("Undoing a status change")
struct UndoTests {
    func customer(_ t: TestEnv, _ e: BookEntry) throws -> (visits: Int, noShows: Int, cancellations: Int, lastVisit: Date?) {
        let row = try #require(try t.sql.queryOne("""
            SELECT visits, no_shows, cancellations, extract(epoch FROM last_visit_at) AS l FROM customers WHERE id = $1
            """, [e.customer.id]))
        return (try row.int("visits"), try row.int("no_shows"), try row.int("cancellations"), try row.optionalDate("l"))
    }

    @Test("a no-show undone is confirmed again and the guest's no-show count goes back; audited as an undo")
    func noShow() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 12, 0))
        let r = try t.venue()
        let e = try t.book.book(Fixtures.request(r, time: Fixtures.time(19)), actor: t.host).entry
        t.clock.set(Fixtures.friday, 19, 20)
        _ = try t.book.apply(.noShow, to: e.id, actor: t.host)
        #expect(try customer(t, e).noShows == 1)
        t.clock.advance(minutes: 2)
        let back = try t.book.undo(e.id, actor: t.host)
        #expect(back.reservation.status == .confirmed)
        #expect(try customer(t, e).noShows == 0)
        let audit = try #require(try t.sql.queryOne("""
            SELECT action, actor, before->>'status' AS b, after->>'status' AS a FROM audit_log
            WHERE entity = 'reservation' AND entity_id = $1 ORDER BY id DESC LIMIT 1
            """, [e.id.lowercasedString]))
        #expect(try audit.string("action") == "undo" && audit.string("actor") == "Ana")
        #expect(try audit.string("b") == "no_show" && audit.string("a") == "confirmed")
        // The undo is not itself undone: `u` again has nothing to take back.
        #expect(expectInvalid("reservation") { _ = try t.book.undo(e.id, actor: t.host) }?.contains("Nothing to undo") == true)
    }

    @Test("seat and finish undone step back one at a time, restoring the turn's end and the visit")
    func seatAndComplete() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 12, 0))
        let r = try t.venue()
        let e = try t.book.book(Fixtures.request(r, time: Fixtures.time(19)), actor: t.host).entry
        t.clock.set(Fixtures.friday, 19, 0)
        _ = try t.book.apply(.seat, to: e.id, actor: t.host)
        t.clock.set(Fixtures.friday, 19, 30)
        let done = try t.book.apply(.complete, to: e.id, actor: t.host)
        #expect(done.reservation.endsAt < e.reservation.endsAt)  // finishing early freed the rest
        t.clock.advance(minutes: 1)
        let seated = try t.book.undo(e.id, actor: t.host)
        #expect(seated.reservation.status == .seated)
        #expect(seated.reservation.endsAt == e.reservation.endsAt)
        #expect(try customer(t, e).visits == 1)
        // Seated again by the undo, which is the last change now: the seating itself is no longer undoable.
        #expect(expectInvalid("reservation") { _ = try t.book.undo(e.id, actor: t.host) }?.contains("Nothing to undo") == true)

        let other = try t.book.book(Fixtures.request(r, table: "T4", time: Fixtures.time(20), name: "Nora", phone: "611 000 111"), actor: t.host).entry
        t.clock.set(Fixtures.friday, 20, 0)
        _ = try t.book.apply(.seat, to: other.id, actor: t.host)
        #expect(try customer(t, other).visits == 1)
        let unseated = try t.book.undo(other.id, actor: t.host)
        #expect(unseated.reservation.status == .confirmed && unseated.reservation.seatedAt == nil)
        #expect(try customer(t, other).visits == 0 && customer(t, other).lastVisit == nil)
    }

    @Test("only within five minutes, and not once the booking changed since")
    func windowAndChangesSince() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 12, 0))
        let r = try t.venue()
        let late = try t.book.book(Fixtures.request(r, time: Fixtures.time(21)), actor: t.host).entry
        _ = try t.book.apply(.cancel, to: late.id, actor: t.host)
        t.clock.advance(minutes: 5.5)
        try t.expectNothingWritten {
            let message = expectInvalid("reservation") { _ = try t.book.undo(late.id, actor: t.host) }
            #expect(message?.contains("Too late to undo") == true && message?.contains("5 min") == true, "\(message ?? "nil")")
        }
        let changed = try t.book.book(Fixtures.request(r, table: "T4", time: Fixtures.time(21), name: "Nora", phone: "611 000 111",
                                                       holdMinutes: 30), actor: t.host).entry
        _ = try t.book.apply(.confirm, to: changed.id, actor: t.host)
        _ = try t.book.change(changed.id, ReservationChange(notes: "window seat"), actor: t.host)
        try t.expectNothingWritten {
            #expect(expectInvalid("reservation") { _ = try t.book.undo(changed.id, actor: t.host) }?.contains("Nothing to undo") == true)
        }
    }

    @Test("a confirmed hold undone is a hold again, with its expiry; not once that expiry has passed")
    func confirmUndone() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 12, 0))
        let r = try t.venue()
        let hold = try t.book.book(Fixtures.request(r, time: Fixtures.time(21), holdMinutes: 15), actor: t.host).entry
        _ = try t.book.apply(.confirm, to: hold.id, actor: t.host)
        let back = try t.book.undo(hold.id, actor: t.host)
        #expect(back.reservation.status == .pending && back.reservation.expiresAt == hold.reservation.expiresAt)
        let other = try t.book.book(Fixtures.request(r, table: "T4", time: Fixtures.time(21), name: "Nora", phone: "611 000 111",
                                                     holdMinutes: 3), actor: t.host).entry
        _ = try t.book.apply(.confirm, to: other.id, actor: t.host)
        t.clock.advance(minutes: 4)
        try t.expectNothingWritten {
            #expect(expectInvalid("reservation") { _ = try t.book.undo(other.id, actor: t.host) }?.contains("hold lapsed") == true)
        }
    }

    @Test("a cancellation undone withdraws its unsent mail, refused when the table was booked meanwhile")
    func cancelUndone() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 12, 0))
        let r = try t.venue()
        let e = try t.book.book(Fixtures.request(r, time: Fixtures.time(21)), actor: t.host).entry
        _ = try t.book.apply(.cancel, to: e.id, actor: t.host)
        #expect(try t.count("notifications", where: "reservation_id = $1 AND kind = 'cancellation' AND status = 'scheduled'", [e.id]) == 1)
        #expect(try t.book.undo(e.id, actor: t.host).reservation.status == .confirmed)
        #expect(try t.count("notifications", where: "reservation_id = $1 AND kind = 'cancellation' AND status = 'scheduled'", [e.id]) == 0)
        #expect(try customer(t, e).cancellations == 0)

        _ = try t.book.apply(.cancel, to: e.id, actor: t.host)
        _ = try t.book.book(Fixtures.request(r, time: Fixtures.time(21), name: "Nora", phone: "611 000 111"), actor: t.host)
        try t.expectNothingWritten {
            #expect(throws: ReservationError.self) { _ = try t.book.undo(e.id, actor: t.host) }
        }
        #expect(try t.book.reservation(id: e.id).reservation.status == .cancelled)
    }
}
