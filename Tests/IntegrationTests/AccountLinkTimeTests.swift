import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain
import ReservationNative

/// Account links against the book's clock, moved by hand (no sleeps), with the API's own database role;
/// and the erasure rule as the manager's desk will call it, for one venue's guest record (issue 24).
@Suite("Guest accounts: links in time, and erasure of a venue record")
struct AccountLinkTimeTests {
    static let secret = "test-link-secret-0123456789abcdef"

    /// A registered account and the book the API would use.
    static func account(_ t: TestEnv) throws -> (api: ReservationBook, account: GuestAccount) {
        let api = try t.book(as: .api)
        let account = try api.register(GuestRegistration(email: "time@example.com", password: "a long pass phrase", firstName: "Tim",
                                                         lastName: "Reloj", phone: "611 700 001")).answer
        return (api, account)
    }

    static func token(_ t: TestEnv, _ purpose: AccountLinkPurpose, account: GuestAccountID) throws -> String {
        let id = try #require(try t.sql.queryOne("SELECT max(id) AS id FROM account_links WHERE purpose = $1", [purpose.rawValue])?.int64("id"))
        return AccountLink.token(secret: secret, purpose: purpose, id: id, account: account)
    }

    @Test("a reset link lapses after 30 minutes by the book's clock; a fresh one works")
    func resetLinkExpires() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.wednesday, 12, 0))
        let (api, account) = try Self.account(t)
        try api.requestPasswordReset(email: "TIME@example.com ")
        try t.book(as: .daemon).issueResetLinks()
        let stale = try Self.token(t, .reset, account: account.id)
        t.clock.advance(minutes: 31)
        #expect(throws: ReservationError.invalid(field: "token", message: "This link has expired. Ask for a new one.")) {
            try api.resetPassword(token: stale, secret: Self.secret, newPassword: "a fresh pass phrase")
        }
        try api.requestPasswordReset(email: "time@example.com")
        try t.book(as: .daemon).issueResetLinks()
        let fresh = try Self.token(t, .reset, account: account.id)
        t.clock.advance(minutes: 29)
        try api.resetPassword(token: fresh, secret: Self.secret, newPassword: "a fresh pass phrase")
        #expect(throws: ReservationError.self) { try api.resetPassword(token: stale, secret: Self.secret, newPassword: "another pass phrase") }
        _ = try api.guestLogin(email: "time@example.com", password: "a fresh pass phrase")
    }

    @Test("a verification link lasts 48 hours; a reset request makes no link itself, the daemon makes at most three an hour per account")
    func verifyLifetimeAndResetLimit() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.wednesday, 12, 0))
        let (api, account) = try Self.account(t)
        let link = try Self.token(t, .verify, account: account.id)
        t.clock.advance(minutes: 47 * 60)
        #expect(try api.verifyEmail(token: link, secret: Self.secret).verifiedAt != nil)

        let daemon = try t.book(as: .daemon)
        for _ in 0..<5 { try api.requestPasswordReset(email: "time@example.com") }
        try api.requestPasswordReset(email: "nobody@example.com")
        #expect(try t.count("account_mails", where: "kind = 'reset'") == 0, "the request itself makes no link")
        #expect(try daemon.issueResetLinks() == AccountLinkLimits.resetsPerHour)
        #expect(try t.count("account_mails", where: "kind = 'reset'") == AccountLinkLimits.resetsPerHour)
        t.clock.advance(minutes: 61)
        try api.requestPasswordReset(email: "time@example.com")
        try daemon.issueResetLinks()
        #expect(try t.count("account_mails", where: "kind = 'reset'") == AccountLinkLimits.resetsPerHour + 1)
        #expect(try t.count("link_requests", where: "handled_at IS NULL") == 0 && t.count("link_requests") == 7)
    }

    @Test("the API's role cannot write a password hash itself, nor erase without declaring it")
    func passwordOnlyThroughTheOwnerFunction() throws {
        let t = try TestEnv(now: Date())
        let (_, account) = try Self.account(t)
        let db = try PGConnection(url: TestStack.url(t.databaseURL, as: .api))
        #expect(throws: (any Error).self) { try db.query("UPDATE guest_accounts SET password_hash = $2 WHERE id = $1", [account.id, PasswordHasher.hash("x y z w v")]) }
        #expect(throws: (any Error).self) { try db.query("SELECT reservaflow_set_guest_password($1, $2, NULL, '<x@y>')", [account.id, PasswordHasher.hash("x y z w v")]) }
        #expect(throws: (any Error).self) { try db.query("SELECT reservaflow_erase_guest($1, NULL, NULL, now())", [account.id]) }
    }

    @Test("a manager erases one venue's guest record: the future booking cancelled first, the counts kept, the account untouched")
    func staffErasesAVenueRecord() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.wednesday, 12, 0))
        let r = try t.venue()
        let booked = try t.book.book(Fixtures.request(r, notes: "window seat, nut allergy"), actor: t.host).entry
        let customer = booked.reservation.customerID
        let manager = Actor(staffID: nil, name: "Marta", role: .manager)
        #expect(throws: ReservationError.self) { try t.book.eraseGuest(.record(restaurant: r.id, customer: customer), actor: t.host) }

        let summary = try t.book.eraseGuest(.record(restaurant: r.id, customer: customer), actor: manager)
        #expect(summary.records == 1 && summary.cancelled == [booked.id])
        let row = try #require(try t.sql.queryOne("SELECT name, phone, email, cancellations FROM customers WHERE id = $1", [customer]))
        #expect(try row.string("name") == "Erased guest" && row.optionalString("phone") == nil && row.int("cancellations") == 1)
        #expect(try t.book.reservation(id: booked.id).reservation.status == .cancelled)
        #expect(try t.book.reservation(id: booked.id).reservation.notes == "")
        #expect(try t.count("notifications", where: "kind = 'cancellation' AND reservation_id = $1", [booked.id]) == 1)
        let audit = try t.sql.query("SELECT coalesce(before::text, '') || coalesce(after::text, '') AS t FROM audit_log WHERE action = 'guest_erase'")
        #expect(!audit.isEmpty && audit.allSatisfy { !(try! $0.string("t")).contains("Lucía") && !(try! $0.string("t")).contains("nut allergy") })
        // The second time there is nothing live left to cancel, and nothing personal left to erase.
        #expect(try t.book.eraseGuest(.record(restaurant: r.id, customer: customer), actor: manager).cancelled.isEmpty)
    }
}

/// Migration 30 on a database that already has guest accounts (issue 24).
@Suite("Guest accounts: the migration")
struct AccountMigrationTests {
    @Test("accounts made before migration 30 count as verified (their hold mails keep coming); new ones do not")
    func existingAccountsAreVerified() throws {
        let name = try TestStack.makeEmptyDatabase()
        defer { TestStack.dropDatabase(name) }
        let db = try TestStack.owner(name)
        try db.execScript("CREATE TABLE schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())")
        for m in Migrator.all.sorted(by: { $0.version < $1.version }) where m.version < 30 {
            try db.transaction {
                try db.execScript(m.sql)
                try db.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [m.version, m.name])
            }
        }
        try db.query("""
            INSERT INTO guest_accounts (email, password_hash, first_name, last_name, phone)
            VALUES ('before@example.com', $1, 'Old', 'Guest', '+34611800001')
            """, [PasswordHasher.hash("a long pass phrase")])
        // Every migration from 30 on (later ones too: a new migration must not break this test).
        #expect(try Migrator.migrate(db) == Migrator.all.map(\.version).filter { $0 >= 30 }.sorted())
        #expect(try db.queryOne("SELECT verified_at IS NOT NULL AS v FROM guest_accounts WHERE email = 'before@example.com'")?.bool("v") == true)
        let book = try ReservationBook(configuration: Configuration(databaseURL: TestStack.url(TestStack.url(forDatabase: name), as: .api), redisURL: nil))
        let fresh = try book.register(GuestRegistration(email: "after@example.com", password: "a long pass phrase", firstName: "New",
                                                        lastName: "Guest", phone: "611 800 002")).answer
        #expect(fresh.verifiedAt == nil)
        #expect(try db.queryOne("SELECT count(*) AS n FROM audit_log WHERE entity = 'guest_account' AND action = 'sql_update'")?.int("n") == 0)
    }
}
