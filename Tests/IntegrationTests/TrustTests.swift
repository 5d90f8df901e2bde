import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

/// Issue 6: the runtime role, durable commits, bounded waits, venues, logins and secrets, each against the
/// real PostgreSQL.
@Suite("Trust: roles, durability, bounded waits")
struct TrustTests {
    /// A connection as the programs' role (what DATABASE_URL gives every front end).
    static func runtime(_ t: TestEnv) throws -> PGConnection { try PGConnection(url: t.databaseURL) }

    @Test("the programs' role is no superuser and owns nothing in the schema")
    func runtimeRoleOwnsNothing() throws {
        let t = try TestEnv()
        let db = try Self.runtime(t)
        let me = try #require(try db.queryOne("SELECT current_user AS u, r.rolsuper, r.rolcreaterole, r.rolcreatedb FROM pg_roles r WHERE r.rolname = current_user"))
        #expect(try !me.bool("rolsuper") && !me.bool("rolcreaterole") && !me.bool("rolcreatedb"))
        let owned = try db.queryOne("""
            SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND pg_has_role(current_user, c.relowner, 'USAGE')
            """)?.int("n")
        #expect(owned == 0)
        let functions = try db.queryOne("""
            SELECT count(*) AS n FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'public' AND pg_has_role(current_user, p.proowner, 'USAGE')
            """)?.int("n")
        #expect(functions == 0)
    }

    @Test("every way around the append-only audit log fails for the programs' role", arguments: [
        "ALTER TABLE audit_log DISABLE TRIGGER USER",
        "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update",
        "DROP TRIGGER audit_log_no_update ON audit_log",
        "SET session_replication_role = replica",
        "CREATE OR REPLACE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$",
        "DROP FUNCTION audit_log_is_append_only() CASCADE",
        "UPDATE audit_log SET actor = 'nobody'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
        "ALTER TABLE audit_log OWNER TO reservaflow_app",
        "CREATE TABLE sneaky (x int)",
        "INSERT INTO audit_log (actor, action, entity) VALUES ('test', 'probe', 'none')",
        "ALTER TABLE reservations DISABLE TRIGGER reservations_audit",
        "DROP TRIGGER reservations_audit ON reservations",
        "CREATE OR REPLACE FUNCTION reservaflow_audit_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$",
    ])
    func auditBypassesFail(statement: String) throws {
        let t = try TestEnv()
        let r = try t.venue()
        _ = try t.book.book(Fixtures.request(r), actor: t.host)
        let before = try t.count("audit_log")
        let db = try Self.runtime(t)
        let error = #expect(throws: PGError.self) { try db.query(statement) }
        #expect(error?.sqlState == "42501", "\(statement): \(String(describing: error))")
        // And the log is untouched, even by a later attempt through the same session.
        #expect(throws: PGError.self) { try db.query("DELETE FROM audit_log") }
        #expect(try t.count("audit_log") == before)
        // The role cannot append either; a change it makes is still recorded, by the database.
        try db.query("UPDATE reservations SET notes = 'after the attempt'")
        #expect(try t.count("audit_log") == before + 1)
        #expect(try t.count("audit_log", where: "action = 'sql_update' AND after->>'notes' = 'after the attempt'") == 1)
    }

    @Test("every connection commits durably and has bounded waits, whatever the database's own setting")
    func sessionsAreDurableAndBounded() throws {
        let t = try TestEnv()
        // A careless setting on the database (or a role) cannot make an acknowledged booking non-durable.
        try TestStack.admin().query("ALTER DATABASE \(TestStack.quoted(t.database)) SET synchronous_commit = off")
        let db = try Self.runtime(t)
        let settings = try #require(try db.queryOne("""
            SELECT current_setting('synchronous_commit') AS sc, current_setting('lock_timeout') AS lt,
                   current_setting('statement_timeout') AS st, current_setting('idle_in_transaction_session_timeout') AS it
            """))
        #expect(try settings.string("sc") == "on")
        #expect(try settings.string("lt") == "5s")
        #expect(try settings.string("st") == "30s")
        #expect(try settings.string("it") == "15s")
        // The stack itself commits durably too (what `make demo` runs).
        let server = try TestStack.admin().queryOne("SELECT setting FROM pg_settings WHERE name = 'synchronous_commit'")
        #expect(try server?.string("setting") == "on")
        #expect(try TestStack.admin().queryOne("SHOW fsync")?.string("fsync") == "on")
    }

    @Test("a booking stalled mid-transaction at one table does not stop the venue, and costs its table a bounded, clearly reported wait")
    func aStalledClientDoesNotFreezeTheVenue() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let t3 = try t.tableID(r.id, "T3")
        // What a booking does, stopped before COMMIT (SIGSTOP, a laptop lid, Ctrl-Z): it holds T3 and has
        // inserted its row.
        let stalled = try Self.runtime(t)
        let customer = try #require(try stalled.queryOne("INSERT INTO customers (restaurant_id, name) VALUES ($1, 'Stalled') RETURNING id", [r.id])).int64("id")
        try stalled.query("BEGIN")
        try stalled.query("SELECT 1 FROM dining_tables WHERE restaurant_id = $1 AND id = $2 FOR NO KEY UPDATE", [r.id, t3])
        let start = Fixtures.instant(Fixtures.friday, 19)
        try stalled.query("""
            INSERT INTO reservations (restaurant_id, table_id, customer_id, party_size, starts_at, ends_at, status, source, created_by)
            VALUES ($1, $2, $3, 2, to_timestamp($4::float8), to_timestamp($5::float8), 'confirmed', 'phone', 'stalled')
            """, [r.id, t3, customer, start, start.addingTimeInterval(7200)])

        // Everything else at the venue goes on: another table the same evening, another day, a status change.
        let other = try t.book.book(Fixtures.request(r, table: "T4", party: 4, name: "Other", phone: Fixtures.phone(2)), actor: t.host)
        let later = try t.book.book(Fixtures.request(r, table: "T1", date: Fixtures.friday.adding(days: 1), party: 2,
                                                     name: "Later", phone: Fixtures.phone(3)), actor: t.host)
        _ = try t.book.apply(.cancel, to: later.entry.id, actor: t.host)
        #expect(other.entry.tableLabel == "T4")
        _ = try t.book.availability(restaurantID: r.id, date: Fixtures.friday, party: 2)

        // The stalled table itself: a short wait, then "busy" (exit 5, 503), not a hang and not "taken".
        let error = reservationError {
            _ = try t.book.book(Fixtures.request(r, table: "T3", time: Fixtures.time(21, 30), party: 2, name: "Blocked", phone: Fixtures.phone(4)), actor: t.host)
        }
        guard case .busy(let detail)? = error else { Issue.record("expected busy, got \(String(describing: error))"); return }
        #expect(detail.contains("another terminal"))
        #expect(error?.exitCode == 5 && error?.httpStatus == 503)
        try stalled.query("ROLLBACK")
        // Once the stalled client is gone, the table books normally.
        _ = try t.book.book(Fixtures.request(r, table: "T3", time: Fixtures.time(21, 30), party: 2, name: "Blocked", phone: Fixtures.phone(4)), actor: t.host)
    }

    @Test("a client that stops between statements loses its transaction and its locks (idle_in_transaction timeout)")
    func idleTransactionsAreCut() throws {
        let t = try TestEnv()
        let db = try PGConnection(url: t.databaseURL, session: PGSession(idleInTransactionTimeoutMs: 200))
        let pid = try #require(try db.queryOne("SELECT pg_backend_pid() AS p")).int("p")
        try db.query("BEGIN")
        try db.query("SELECT 1 AS one FROM restaurants FOR UPDATE")
        // The server ends the session by itself; watched from another session (a query here would reset
        // the idle clock), bounded, without a fixed sleep.
        let admin = try TestStack.admin()
        let deadline = Date().addingTimeInterval(10)
        var alive = true
        while alive && Date() < deadline {
            alive = try admin.queryOne("SELECT count(*) AS n FROM pg_stat_activity WHERE pid = $1", [pid])?.int("n") == 1
            if alive { usleep(50_000) }
        }
        #expect(throws: PGError.self) { try db.query("SELECT 1 AS one") }
        #expect(!alive, "the idle transaction was not cut")
    }

    @Test("staff act only at their venues, whatever the entry point; the refusal writes nothing")
    func venueAssignmentsAreEnforced() throws {
        let t = try TestEnv()
        let a = try t.venue()
        let b = try t.venue(Fixtures.floor(slug: "other"))
        _ = try t.book.addStaff(username: "hostb", displayName: "Host B", role: .host, password: "a-good-passphrase",
                                restaurants: [b.id], actor: t.admin)
        let hostB = Actor(staff: try t.book.login(username: "hostb", password: "a-good-passphrase"))
        #expect(hostB.venues == [b.id])
        let atA = try t.book.book(Fixtures.request(a, table: "T1", party: 2, name: "At A", phone: Fixtures.phone(1)), actor: t.host)
        let before = try t.writeCounts()

        for (what, attempt) in [
            ("book", { _ = try t.book.book(Fixtures.request(a, table: "T3"), actor: hostB) }),
            ("walk-in", { _ = try t.book.walkIn(restaurantID: a.id, party: 2, actor: hostB) }),
            ("waitlist", { _ = try t.book.addToWaitlist(restaurantID: a.id, name: "W", phone: nil, party: 2, actor: hostB) }),
            ("cancel", { _ = try t.book.apply(.cancel, to: atA.entry.id, actor: hostB) }),
            ("change", { _ = try t.book.change(atA.entry.id, ReservationChange(notes: "x"), actor: hostB) }),
        ] as [(String, () throws -> Void)] {
            let error = reservationError(attempt)
            guard case .forbidden(_, let action)? = error else { Issue.record("\(what): expected forbidden, got \(String(describing: error))"); continue }
            #expect(action.contains("Casa Test"), "\(what): \(action)")
        }
        #expect(try t.writeCounts() == before)
        // At their own venue they work as usual.
        _ = try t.book.book(Fixtures.request(b, table: "T3", party: 2, name: "At B", phone: Fixtures.phone(5)), actor: hostB)
        // A manager cannot hand out a venue they do not work at.
        let managerB = Actor(staffID: nil, name: "Mgr B", role: .manager, venues: [b.id])
        #expect(throws: ReservationError.self) {
            try t.book.addStaff(username: "sneaky", displayName: "S", role: .host, password: "a-good-passphrase", restaurants: [a.id], actor: managerB)
        }
    }

    @Test("twelve terminals guessing at once get no more guesses than one terminal would")
    func concurrentWrongPasswordsAreCountedAtomically() throws {
        let t = try TestEnv()
        let bea = try t.book.addStaff(username: "bea", displayName: "Bea", role: .host, password: "correct horse battery", actor: t.admin)
        let books = try (0..<12).map { _ in try t.anotherBook() }
        let go = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        for book in books {
            done.enter()
            let box = UncheckedBox(book)
            Thread {
                go.wait()
                _ = try? box.value.login(username: "bea", password: "wrong guess")
                done.leave()
            }.start()
        }
        for _ in books { go.signal() }
        #expect(done.wait(timeout: .now() + 120) == .success)
        // Each checked guess is audited; the gate let exactly the free attempts through.
        let checked = try t.count("audit_log", where: "action = 'login_failed' AND entity_id = $1", [String(bea.id)])
        #expect(checked == LoginThrottle.freeAttempts)
        let row = try #require(try t.sql.queryOne("SELECT failed_logins, locked_until IS NOT NULL AS locked FROM staff WHERE id = $1", [bea.id]))
        #expect(try row.int("failed_logins") == LoginThrottle.freeAttempts)
        #expect(try row.bool("locked"))
    }

    @Test("weak staff passwords are refused with the reason", arguments: [
        ("password", "common"), ("12345678", "common"), ("        ", "spaces"), ("bea-the-host", "username"),
        ("aaaaaaaaaa", "different"), ("abcdefghij", "run"), ("short", "at least"),
    ])
    func weakPasswordsAreRefused(password: String, reason: String) throws {
        let t = try TestEnv()
        let message = expectInvalid("password") {
            _ = try t.book.addStaff(username: "bea", displayName: "Bea", role: .host, password: password, actor: t.admin)
        }
        #expect(message?.localizedCaseInsensitiveContains(reason) == true, "\(password): \(String(describing: message))")
        #expect(try t.count("staff") == 0)
    }

    @Test("a server that answers but has no free connection slot is 'busy', and a connect waits for a slot to free up")
    func busyServerIsNotUnreachable() throws {
        let t = try TestEnv()
        // A login role of its own with one slot (the shared one would starve the tests running beside).
        let admin = try TestStack.admin()
        let role = "rf_t_slot_" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let password = UUID().uuidString
        try admin.query("SELECT 1 AS one FROM (SELECT set_config('rf.pw', $1, false)) x", [password])
        try admin.execScript("DO $$ BEGIN EXECUTE format('CREATE ROLE \(role) LOGIN CONNECTION LIMIT 1 IN ROLE reservaflow_runtime PASSWORD %L', current_setting('rf.pw')); END $$")
        defer { _ = try? admin.query("DROP ROLE IF EXISTS \(role)") }
        var u = URLComponents(string: t.databaseURL)!
        u.user = role
        u.password = password
        let url = u.string!

        var holder: PGConnection? = try PGConnection(url: url)
        let error = #expect(throws: PGError.self) { _ = try PGConnection(url: url, patience: 0) }
        #expect(error?.serverBusy == true, "\(String(describing: error))")
        #expect(error?.isBusy == true)
        #expect(error.map { !$0.message.contains(password) } == true)
        // The slot frees while a patient connect is waiting for it: it gets through. Its attempts go through a
        // proxy that counts them, and the slot frees once there is a second: the first was refused and retried.
        // (Without the retry the first refusal ends it: no second attempt comes, and the wait times out.)
        let proxy = try CuttingProxy(targetPort: try #require(u.port))
        let outcome = ResultBox()
        let finished = DispatchSemaphore(value: 0)
        Thread { [patientURL = proxy.route(url)] in
            outcome.set((try? PGConnection(url: patientURL, patience: 30)) != nil)
            finished.signal()
        }.start()
        try eventually("the patient connect to be refused and try again", within: 10) { proxy.accepted >= 2 }
        holder = nil
        #expect(finished.wait(timeout: .now() + 60) == .success)
        #expect(outcome.value == true)
        // Refused outright is unreachable at once, not retried.
        let refused = #expect(throws: PGError.self) { _ = try PGConnection(url: "postgresql://nobody@127.0.0.1:1/x") }
        #expect(refused?.serverBusy == false)
    }
}

private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Bool?
    func set(_ v: Bool) { lock.withLock { stored = v } }
    var value: Bool? { lock.withLock { stored } }
}

/// Hands a non-Sendable book to the one thread that will use it.
private final class UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
