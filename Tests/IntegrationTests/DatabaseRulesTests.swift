import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

/// Issue 19, the database door: what the docs promise holds against raw SQL from the programs' own role
/// (`reservaflow_app`), not only through the core.
@Suite("The database keeps its rules against the programs' own role")
struct DatabaseRulesTests {
    /// A raw session as the programs' role, on the test's database.
    static func raw(_ t: TestEnv) throws -> PGConnection { try PGConnection(url: t.databaseURL) }

    static func refusal(_ body: () throws -> Void) -> PGError? {
        do { try body(); return nil } catch let e as PGError { return e } catch { return nil }
    }

    @Test("a status change the machine does not allow is refused by the database, whoever sends it",
          arguments: [(ReservationAction.cancel, "seated"), (.cancel, "completed"), (.cancel, "no_show"), (.confirm, "completed"),
                      (.confirm, "expired")])
    func statusMachine(_ action: ReservationAction, _ target: String) throws {
        let t = try TestEnv()
        let r = try t.venue()
        let id = try t.book.book(Fixtures.request(r, holdMinutes: action == .confirm ? 30 : nil), actor: t.host).entry.id
        _ = try t.book.apply(action, to: id, actor: t.host)
        let db = try Self.raw(t)
        let e = Self.refusal { try db.query("UPDATE reservations SET status = $2 WHERE id = $1", [id, target]) }
        #expect(e?.sqlState == PGError.checkViolation && e?.constraint == "reservations_status_machine", "\(String(describing: e))")
    }

    @Test("a step back by SQL with no undo on the record is refused at COMMIT", arguments: [(ReservationAction.cancel, "confirmed"),
                                                                                       (.confirm, "pending")])
    func stepBackNeedsItsUndo(_ action: ReservationAction, _ back: String) throws {
        let t = try TestEnv()
        let r = try t.venue()
        let id = try t.book.book(Fixtures.request(r, holdMinutes: action == .confirm ? 30 : nil), actor: t.host).entry.id
        _ = try t.book.apply(action, to: id, actor: t.host)
        let db = try Self.raw(t)
        // Every column as undo would put it back (a hold has its expiry), so only the missing record is wrong.
        let e = Self.refusal { try db.transaction { _ = try db.query("""
            UPDATE reservations SET status = $2, expires_at = CASE WHEN $2 = 'pending' THEN now() + interval '10 minutes' END
            WHERE id = $1
            """, [id, back]) } }
        #expect(e?.sqlState == PGError.checkViolation && e?.constraint == "reservations_status_machine", "\(String(describing: e))")
        #expect(try t.book.reservation(id: id).reservation.status.rawValue != back)
    }

    @Test("an expired hold cannot be confirmed by SQL; the machine's own steps and undo still work")
    func expiredAndUndo() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let hold = try t.book.book(Fixtures.request(r, table: "T3", holdMinutes: 15), actor: t.host).entry.id
        t.clock.advance(seconds: 16 * 60)
        _ = try t.book.expireDueHolds(limit: 10)
        let db = try Self.raw(t)
        #expect(Self.refusal { try db.query("UPDATE reservations SET status = 'confirmed' WHERE id = $1", [hold]) }?.constraint
                == "reservations_status_machine")
        // Through the core: confirm, cancel, and undo the cancel (the one step back the machine allows).
        let id = try t.book.book(Fixtures.request(r, table: "T4", phone: "600 99 88 77"), actor: t.host).entry.id
        _ = try t.book.apply(.cancel, to: id, actor: t.host)
        #expect(try t.book.undo(id, actor: t.host).reservation.status == .confirmed)
        // Undone once, it cannot be stepped back again by SQL.
        #expect(Self.refusal { try db.query("UPDATE reservations SET status = 'cancelled' WHERE id = $1", [id]) } == nil,
                "confirmed -> cancelled is a step of the machine")
    }

    @Test("the programs' role cannot delete a booking")
    func noHardDelete() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let id = try t.book.book(Fixtures.request(r), actor: t.host).entry.id
        let e = Self.refusal { try Self.raw(t).query("DELETE FROM reservations WHERE id = $1", [id]) }
        #expect(e?.sqlState == "42501", "\(String(describing: e))")
        #expect(try t.count("reservations") == 1)
    }

    @Test("a role that turns its own durability off for new sessions is overridden by every program's session")
    func ownSettingsCannotWeakenDurability() throws {
        let t = try TestEnv()
        let db = try Self.raw(t)
        let quoted = TestStack.quoted(t.database)
        // PostgreSQL lets a role set its own defaults; it cannot be refused. What matters is that no program
        // runs with them: every session sets synchronous_commit and the timeouts itself (PGSession).
        try db.query("ALTER ROLE CURRENT_USER IN DATABASE \(quoted) SET synchronous_commit = off")
        try db.query("ALTER ROLE CURRENT_USER IN DATABASE \(quoted) SET idle_in_transaction_session_timeout = 0")
        try db.query("ALTER ROLE CURRENT_USER IN DATABASE \(quoted) SET lock_timeout = 0")
        defer { _ = try? db.query("ALTER ROLE CURRENT_USER IN DATABASE \(quoted) RESET ALL") }
        let fresh = try PGConnection(url: t.databaseURL)
        #expect(try fresh.queryOne("SHOW synchronous_commit")?.string("synchronous_commit") == "on")
        #expect(try fresh.queryOne("SHOW idle_in_transaction_session_timeout")?.string("idle_in_transaction_session_timeout") == "15s")
        #expect(try fresh.queryOne("SHOW lock_timeout")?.string("lock_timeout") == "5s")
    }
}
