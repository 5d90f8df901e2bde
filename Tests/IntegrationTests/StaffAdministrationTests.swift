import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain
import ReservationNative

/// Issue 21: staff accounts could be added and given a password, never disabled, renamed, given another
/// role or venue. A disabled account must stop at once, not at its next sign-in: the database refuses its
/// writes, whatever session it still holds.
@Suite("Staff administration")
struct StaffAdministrationTests {
    static let password = "correct horse battery"

    @Test("a disabled account cannot sign in, its open session writes nothing, its API tokens end; enabled, it signs in again")
    func disable() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 12, 0))
        let r = try t.venue()
        let bea = try t.book.addStaff(username: "bea", displayName: "Bea Host", role: .host, password: Self.password, restaurants: [r.id], actor: t.admin)
        let session = Actor(staff: try t.book.login(username: "bea", password: Self.password))
        let api = try t.book(as: .api)
        let tokens = try api.issueTokens(for: .staff(bea), lifetimes: TokenLifetimes())
        #expect(try api.authenticate(accessToken: tokens.access) != nil)

        let disabled = try t.book.changeStaff(username: "BEA", StaffChange(active: false), actor: t.admin)
        #expect(!disabled.active && disabled.venues == [r.id])
        #expect(throws: ReservationError.accountDisabled) { try t.book.login(username: "bea", password: Self.password) }
        #expect(throws: ReservationError.loginFailed, "a wrong password says nothing of the account") {
            try t.book.login(username: "bea", password: "wrong password")
        }
        let before = try t.count("reservations")
        #expect(throws: ReservationError.accountDisabled, "the session signed in before is refused by the database") {
            try t.book.book(Fixtures.request(r, time: Fixtures.time(20)), actor: session)
        }
        #expect(try t.count("reservations") == before)
        // Raw SQL in the account's name is refused the same way.
        #expect(throws: PGError.self) {
            try t.book.db.transaction { try t.book.db.query("SELECT reservaflow_declare($1, 'Bea Host', 'x', 'book', NULL)", [bea.id]) }
        }
        #expect(try api.authenticate(accessToken: tokens.access) == nil)
        // Every program's role asks, the daemon's too, which may not read staff itself.
        let daemon = try PGConnection(url: TestStack.url(t.databaseURL, as: .daemon))
        let refused = #expect(throws: PGError.self) { try daemon.transaction { try daemon.query("SELECT reservaflow_declare($1, 'x', 'x', 'expired', NULL)", [bea.id]) } }
        #expect(refused?.sqlState == PGError.staffAccountDisabled, "disabled, not a permission the daemon lacks: \(String(describing: refused))")
        try daemon.transaction { try daemon.query("SELECT reservaflow_declare(NULL, 'reservaflowd', 'x', 'expired', NULL)") }
        #expect(try t.sql.queryOne("SELECT count(*) AS n FROM api_tokens WHERE staff_id = $1 AND revoked_at IS NULL", [bea.id])?.int("n") == 0,
                "revoked, so enabling the account again does not bring them back")

        let enabled = try t.book.changeStaff(username: "bea", StaffChange(active: true), actor: t.admin)
        #expect(enabled.active)
        #expect(try t.book.login(username: "bea", password: Self.password).id == bea.id)
        #expect(try t.book.book(Fixtures.request(r, time: Fixtures.time(20)), actor: session).entry.reservation.status == .confirmed)
        let edits = try t.sql.query("""
            SELECT before->>'active' AS b, after->>'active' AS a FROM audit_log WHERE action = 'staff_edit' AND entity = 'staff' ORDER BY id
            """).map { "\(try $0.string("b"))→\(try $0.string("a"))" }
        #expect(edits == ["true→false", "false→true"])
    }

    @Test("rename, role and venues; a manager only within their venues and up to their role")
    func managerLimits() throws {
        let t = try TestEnv()
        let a = try t.venue()
        let b = try t.venue(Fixtures.floor(slug: "otra"))
        let mia = try t.book.addStaff(username: "mia", displayName: "Mia", role: .manager, password: Self.password, restaurants: [a.id], actor: t.admin)
        let manager = Actor(staff: try t.book.login(username: "mia", password: Self.password))
        _ = try t.book.addStaff(username: "hugo", displayName: "Hugo", role: .host, password: Self.password, restaurants: [a.id, b.id], actor: t.admin)
        _ = try t.book.addStaff(username: "otto", displayName: "Otto", role: .host, password: Self.password, restaurants: [b.id], actor: t.admin)

        #expect(try t.book.staffList(actor: manager).map(\.username) == ["mia", "hugo"], "Otto works only at a venue Mia does not")
        #expect(throws: ReservationError.notFound(.staffMember, id: "otto")) {
            try t.book.changeStaff(username: "otto", StaffChange(displayName: "O"), actor: manager)
        }
        #expect(throws: ReservationError.forbidden(role: .manager, action: "make anyone an admin")) {
            try t.book.changeStaff(username: "hugo", StaffChange(role: .admin), actor: manager)
        }
        // Removing Hugo from venue b is not Mia's to do; her change keeps it.
        let hugo = try t.book.changeStaff(username: "hugo", StaffChange(displayName: "Hugo Pérez", role: .manager, venues: [a.id, b.id]), actor: manager)
        #expect(hugo.displayName == "Hugo Pérez" && hugo.role == .manager && hugo.venues == [a.id, b.id])
        #expect(reservationError { try t.book.changeStaff(username: "hugo", StaffChange(venues: [a.id]), actor: manager) }
                    == .forbidden(role: .manager, action: "act at \(b.name), which is not one of Mia's venues"))
        #expect(expectInvalid("mia") { _ = try t.book.changeStaff(username: "mia", StaffChange(active: false), actor: manager) }?
                    .contains("your own account") == true)
        #expect(expectInvalid("display name") { _ = try t.book.changeStaff(username: "hugo", StaffChange(displayName: " "), actor: manager) } != nil)
        #expect(try t.book.staffMember(username: "mia", actor: t.admin).id == mia.id)
    }

    @Test("the last active admin cannot be disabled or demoted")
    func lastAdmin() throws {
        let t = try TestEnv()
        _ = try t.book.addStaff(username: "root", displayName: "Root", role: .admin, password: Self.password, actor: t.admin)
        #expect(expectInvalid("root") { _ = try t.book.changeStaff(username: "root", StaffChange(active: false), actor: t.admin) }?
                    .contains("last active admin") == true)
        #expect(expectInvalid("root") { _ = try t.book.changeStaff(username: "root", StaffChange(role: .manager), actor: t.admin) } != nil)
        _ = try t.book.addStaff(username: "boss", displayName: "Boss", role: .admin, password: Self.password, actor: t.admin)
        #expect(try !t.book.changeStaff(username: "root", StaffChange(active: false), actor: t.admin).active)
        #expect(try t.count("audit_log", where: "action = 'staff_edit'") == 1)
    }
}
