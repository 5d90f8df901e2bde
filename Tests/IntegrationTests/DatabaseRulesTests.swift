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

    // MARK: the audit log, written by the database (migration 17)

    @Test("the programs' role cannot write an audit row: a forged, backdated one is refused")
    func noForgedAuditRow() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let db = try Self.raw(t)
        let before = try t.count("audit_log")
        let e = Self.refusal { try db.query("""
            INSERT INTO audit_log (restaurant_id, staff_id, actor, action, entity, entity_id, at, os_account)
            VALUES ($1, 3, 'admin', 'cancelled', 'reservation', 'x', '2020-01-01', 'root')
            """, [r.id]) }
        #expect(e?.sqlState == "42501", "\(String(describing: e))")
        // Nor through the event function with an action it does not know, or with none declared.
        #expect(Self.refusal { try db.query("SELECT reservaflow_audit_event($1, 'reservation', 'x', NULL, NULL)", [r.id]) }?.sqlState == "42501")
        let declared = Self.refusal { try db.transaction {
            _ = try db.query("SELECT reservaflow_declare(3, 'admin', 'root', 'cancelled', NULL)")
            _ = try db.query("SELECT reservaflow_audit_event($1, 'reservation', 'x', NULL, NULL)", [r.id])
        } }
        #expect(declared?.sqlState == "42501", "\(String(describing: declared))")
        #expect(try t.count("audit_log") == before)
    }

    @Test("a raw UPDATE by the programs' role leaves a trace: who (the role), what (before and after), when (the server's clock)")
    func rawUpdateIsAudited() throws {
        let t = try TestEnv()   // its clock is in 2031: the server's is not
        let r = try t.venue()
        let id = try t.book.book(Fixtures.request(r), actor: t.host).entry.id
        try Self.raw(t).query("UPDATE reservations SET notes = 'moved by hand', party_size = 3 WHERE id = $1", [id])
        let row = try #require(try t.sql.queryOne("""
            SELECT actor, action, db_role, staff_id, before->>'party_size' AS b, after->>'party_size' AS a, after->>'notes' AS notes,
                   abs(extract(epoch FROM at - now())) < 300 AS server_clock
            FROM audit_log WHERE entity = 'reservation' AND entity_id = $1 ORDER BY id DESC LIMIT 1
            """, [id.lowercasedString]))
        let role = try #require(URLComponents(string: t.databaseURL)?.user)
        #expect(try row.string("action") == "sql_update")
        #expect(try row.string("actor") == "sql:\(role)")
        #expect(try row.string("db_role") == role)
        #expect(try row.optionalString("b") == "4" && row.optionalString("a") == "3" && row.optionalString("notes") == "moved by hand")
        #expect(try row.bool("server_clock"))
        #expect(try row.optionalInt64("staff_id") == nil)
    }

    @Test("a change through the core is audited by the database with the declared actor, the server's clock and the session's role")
    func declaredActorAndServerClock() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let staffHost = Actor(staffID: 7, name: "Ana", role: .host)
        let id = try t.book.book(Fixtures.request(r), actor: staffHost).entry.id
        _ = try t.book.apply(.cancel, to: id, actor: staffHost)
        let rows = try t.sql.query("""
            SELECT action, actor, staff_id, db_role, os_account, before->>'status' AS b, after->>'status' AS a,
                   abs(extract(epoch FROM at - now())) < 300 AS server_clock
            FROM audit_log WHERE entity = 'reservation' AND entity_id = $1 ORDER BY id
            """, [id.lowercasedString])
        #expect(try rows.map { try $0.string("action") } == ["book", "cancelled"])
        for row in rows {
            #expect(try row.string("actor") == "Ana" && row.optionalInt64("staff_id") == 7)
            #expect(try row.bool("server_clock"), "the audit's time is the server's, not the program's (2031)")
            #expect(try row.string("db_role") == URLComponents(string: t.databaseURL)?.user)
            #expect(try row.optionalString("os_account") == OSAccount.current)
        }
        #expect(try rows.last?.optionalString("b") == "confirmed" && rows.last?.optionalString("a") == "cancelled")
    }

    @Test("a declared undo steps back and is on the record; a password change is audited without the hash")
    func undoDeclaredAndNoHashes() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let id = try t.book.book(Fixtures.request(r), actor: t.host).entry.id
        _ = try t.book.apply(.cancel, to: id, actor: t.host)
        let db = try Self.raw(t)
        try db.transaction {
            _ = try db.query("SELECT reservaflow_declare(NULL, 'someone', NULL, 'undo', NULL)")
            _ = try db.query("UPDATE reservations SET status = 'confirmed' WHERE id = $1", [id])
        }
        #expect(try t.count("audit_log", where: "entity_id = $1 AND action = 'undo' AND actor = 'someone' AND db_role IS NOT NULL",
                            [id.lowercasedString]) == 1)
        let member = try t.book.addStaff(username: "bea", displayName: "Bea", role: .host, password: "a-good-passphrase",
                                         restaurants: [r.id], actor: t.admin)
        try t.book.setPassword(username: "bea", password: "another-good-passphrase", actor: t.admin)
        #expect(try t.count("audit_log", where: "entity = 'staff' AND entity_id = $1 AND action = 'staff_passwd' AND after->>'password' = 'changed'",
                            [String(member.id)]) == 1)
        #expect(try t.count("audit_log", where: "before::text LIKE '%argon2%' OR after::text LIKE '%argon2%'") == 0)
    }

    @Test("LOCK reservations IN ACCESS EXCLUSIVE MODE cannot be refused to a role that may update them, but costs a booking a bounded wait and a plain 'busy', never a hang")
    func anExclusiveLockIsBoundedNotRefused() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let locker = try Self.raw(t)
        try locker.query("BEGIN")
        try locker.query("LOCK reservations IN ACCESS EXCLUSIVE MODE")
        let error = #expect(throws: ReservationError.self) { try t.book.book(Fixtures.request(r), actor: t.host) }
        guard case .busy? = error else {
            Issue.record("a booking behind the lock was not told busy: \(String(describing: error))")
            return
        }
        try locker.query("ROLLBACK")
        #expect(try t.book.book(Fixtures.request(r), actor: t.host).entry.reservation.status == .confirmed)
    }

    // MARK: the outbox and stored answers (migration 18)

    @Test("the programs' role cannot queue or re-address a mail to anyone but the booking's guest")
    func mailOnlyToTheGuest() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let id = try t.book.book(Fixtures.request(r, email: "lucia@example.com"), actor: t.host).entry.id
        let db = try Self.raw(t)
        let queued = try t.count("notifications")
        let insert = Self.refusal { try db.query("""
            INSERT INTO notifications (restaurant_id, reservation_id, kind, recipient, message_id, scheduled_for)
            VALUES ($1, $2, 'modification', 'someone@elsewhere.example', '<forged@x>', now())
            """, [r.id, id]) }
        #expect(insert?.constraint == "notifications_go_to_their_guest", "\(String(describing: insert))")
        let readdress = Self.refusal { try db.query("UPDATE notifications SET recipient = 'someone@elsewhere.example' WHERE reservation_id = $1", [id]) }
        #expect(readdress?.constraint == "notifications_go_to_their_guest", "\(String(describing: readdress))")
        let unattached = Self.refusal { try db.query("""
            INSERT INTO notifications (restaurant_id, kind, recipient, message_id, scheduled_for)
            VALUES ($1, 'modification', 'lucia@example.com', '<loose@x>', now())
            """, [r.id]) }
        #expect(unattached?.constraint == "notifications_go_to_their_guest", "\(String(describing: unattached))")
        #expect(try t.count("notifications") == queued)
        #expect(try t.count("notifications", where: "recipient <> 'lucia@example.com'") == 0)
        // The guest's own address is what the programs queue, and still may.
        try db.query("""
            INSERT INTO notifications (restaurant_id, reservation_id, kind, recipient, message_id, scheduled_for)
            VALUES ($1, $2, 'modification', 'Lucia@Example.com', '<own@x>', now())
            """, [r.id, id])
    }

    @Test("a stored idempotent answer cannot be rewritten, even by the API's role that stores it")
    func idempotentAnswersAreFinal() throws {
        let t = try TestEnv()
        let db = try PGConnection(url: TestStack.url(t.databaseURL, as: .api))
        try db.query("INSERT INTO idempotency_keys (principal, key, request_hash, status, body) VALUES ('guest:1', 'k1', 'h', 201, '{\"id\": 1}')")
        try db.query("INSERT INTO idempotency_keys (principal, key, request_hash) VALUES ('guest:1', 'k2', 'h')")
        for statement in ["UPDATE idempotency_keys SET body = '{\"id\": 2}' WHERE key = 'k1'",
                          "UPDATE idempotency_keys SET status = 400 WHERE key = 'k1'",
                          "UPDATE idempotency_keys SET request_hash = 'other' WHERE key = 'k2'",
                          "UPDATE idempotency_keys SET principal = 'guest:2' WHERE key = 'k2'"] {
            let e = Self.refusal { try db.query(statement) }
            #expect(e?.constraint == "idempotent_answers_are_final", "\(statement): \(String(describing: e))")
        }
        // The first answer to a claim is still stored once, as the API does it.
        try db.query("UPDATE idempotency_keys SET status = 201, body = '{}' WHERE key = 'k2'")
        #expect(try db.queryOne("SELECT body FROM idempotency_keys WHERE key = 'k1'")?.string("body") == "{\"id\": 1}")
    }

    // MARK: a role per program (migration 19)

    @Test("the API's role cannot touch staff, venue rules or password hashes; the daemon's cannot even read staff or accounts; staff's tools hold nothing of the online channel's",
          arguments: [
            (TestStack.ProgramRole.api, "UPDATE staff SET role = 'admin'"),
            (.api, "UPDATE staff SET password_hash = (SELECT password_hash FROM staff ORDER BY id LIMIT 1)"),
            (.api, "INSERT INTO staff_restaurants SELECT s.id, r.id FROM staff s, restaurants r"),
            (.api, "UPDATE guest_accounts SET password_hash = (SELECT password_hash FROM guest_accounts ORDER BY id LIMIT 1)"),
            (.api, "UPDATE restaurants SET hold_minutes = 1"),
            (.api, "DELETE FROM dining_tables"),
            (.api, "UPDATE opening_hours SET closes = opens"),
            (.api, "UPDATE waitlist SET status = 'removed'"),
            (.api, "UPDATE api_tokens SET expires_at = expires_at + interval '10 years'"),
            (.api, "INSERT INTO audit_log (actor, action, entity) VALUES ('admin', 'cancelled', 'reservation')"),
            (.daemon, "SELECT username, password_hash FROM staff"),
            (.daemon, "SELECT password_hash FROM guest_accounts"),
            (.daemon, "INSERT INTO api_tokens (token_hash, kind, family, staff_id, expires_at) SELECT 'x', 'access', gen_random_uuid(), id, now() + interval '1 day' FROM staff"),
            (.daemon, "UPDATE restaurants SET hold_minutes = 1"),
            (.daemon, "INSERT INTO customers (restaurant_id, name) SELECT id, 'x' FROM restaurants"),
            (.daemon, "INSERT INTO audit_log (actor, action, entity) VALUES ('admin', 'cancelled', 'reservation')"),
            (.tools, "UPDATE guest_accounts SET password_hash = (SELECT password_hash FROM guest_accounts ORDER BY id LIMIT 1)"),
            (.tools, "INSERT INTO api_tokens (token_hash, kind, family, staff_id, expires_at) SELECT 'x', 'access', gen_random_uuid(), id, now() + interval '1 day' FROM staff"),
            (.tools, "UPDATE idempotency_keys SET body = '{}'"),
            (.tools, "DELETE FROM guest_accounts"),
          ])
    func eachProgramItsOwnRole(_ role: TestStack.ProgramRole, _ statement: String) throws {
        let t = try TestEnv()
        let r = try t.venue()
        _ = try t.book.addStaff(username: "bea", displayName: "Bea", role: .host, password: "a-good-passphrase", restaurants: [r.id], actor: t.admin)
        _ = try t.book(as: .api).register(GuestRegistration(email: "lola@example.com", password: "a-good-passphrase", firstName: "Lola",
                                                  lastName: "Flores", phone: "+34600111222", countryCode: "34"))
        let db = try PGConnection(url: TestStack.url(t.databaseURL, as: role))
        let e = Self.refusal { try db.query(statement) }
        #expect(e?.sqlState == "42501", "\(role): \(statement): \(String(describing: e))")
    }
}
