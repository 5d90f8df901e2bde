import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

@Suite("Staff, logins and roles")
struct StaffTests {
    static let password = "correct horse battery"

    @Test("login, throttling after five failures, unlock by time, and the 15-minute cap")
    func loginAndThrottle() throws {
        let t = try TestEnv()
        let bea = try t.book.addStaff(username: "Bea", displayName: "Bea Host", role: .host, password: Self.password, actor: t.admin)
        #expect(bea.username == "bea")

        let ok = try t.book.login(username: " BEA ", password: Self.password)
        #expect(ok.id == bea.id)
        #expect(ok.role == .host)

        for _ in 1...4 {
            #expect(throws: ReservationError.loginFailed) { try t.book.login(username: "bea", password: "wrong") }
        }
        // The fifth failure locks for 30 s; while locked even the right password is refused.
        #expect(throws: ReservationError.accountLocked(until: t.clock.now.addingTimeInterval(30))) { try t.book.login(username: "bea", password: "wrong") }
        #expect(throws: ReservationError.accountLocked(until: t.clock.now.addingTimeInterval(30))) { try t.book.login(username: "bea", password: Self.password) }
        t.clock.advance(seconds: 31)
        #expect(try t.book.login(username: "bea", password: Self.password).id == bea.id)
        #expect(try t.sql.queryOne("SELECT failed_logins FROM staff WHERE id = $1", [bea.id])?.int("failed_logins") == 0)

        // Keep failing: 30 s, 60, 120, 240, 480, then never more than 15 minutes.
        for _ in 1...4 { _ = try? t.book.login(username: "bea", password: "wrong") }
        for expected in [30.0, 60, 120, 240, 480, 900, 900] {
            let error = reservationError { _ = try t.book.login(username: "bea", password: "wrong") }
            guard case .accountLocked(let until)? = error else { Issue.record("expected accountLocked, got \(String(describing: error))"); return }
            #expect(until.timeIntervalSince(t.clock.now) == expected)
            t.clock.set(until.addingTimeInterval(1))
        }
        #expect(try t.book.login(username: "bea", password: Self.password).id == bea.id)

        // A manager's password reset lifts a lockout at once.
        for _ in 1...5 { _ = try? t.book.login(username: "bea", password: "wrong") }
        #expect(throws: ReservationError.self) { try t.book.login(username: "bea", password: Self.password) }
        try t.book.setPassword(username: "bea", password: "a new password", actor: Actor(staffID: nil, name: "Mia", role: .manager))
        #expect(try t.book.login(username: "bea", password: "a new password").id == bea.id)
        #expect(throws: ReservationError.loginFailed) { try t.book.login(username: "bea", password: Self.password) }

        // Unknown users fail the same way.
        #expect(throws: ReservationError.loginFailed) { try t.book.login(username: "nobody", password: "whatever1") }

        let audit = try t.sql.query("SELECT action, count(*) AS n FROM audit_log WHERE entity = 'staff' GROUP BY action ORDER BY action")
            .map { "\(try $0.string("action"))=\(try $0.int("n"))" }
        // Locked attempts are refused before the password is checked and are not counted as failures.
        #expect(audit == ["login=4", "login_failed=23", "staff_add=1", "staff_passwd=1"])
        #expect(try t.count("audit_log", where: "action = 'login_failed' AND actor = 'nobody'") == 1)
    }

    @Test("roles: a host cannot manage staff or the floor; a manager cannot create an admin or a venue")
    func roles() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let host = Actor(staffID: 1, name: "Hugo", role: .host)
        let manager = Actor(staffID: 2, name: "Mia", role: .manager)
        try t.expectNothingWritten {
            #expect(throws: ReservationError.forbidden(role: .host, action: "manage staff")) {
                try t.book.addStaff(username: "x1", displayName: "X", role: .host, password: Self.password, actor: host)
            }
            #expect(throws: ReservationError.forbidden(role: .host, action: "change the floor plan")) {
                try t.book.importFloor(FloorFile.parse(Fixtures.floor()), actor: host)
            }
            #expect(throws: ReservationError.forbidden(role: .host, action: "manage staff")) { try t.book.staffList(actor: host) }
            #expect(throws: ReservationError.forbidden(role: .manager, action: "create a admin account")) {
                try t.book.addStaff(username: "boss", displayName: "Boss", role: .admin, password: Self.password, actor: manager)
            }
            #expect(throws: ReservationError.forbidden(role: .manager, action: "manage venues")) {
                try t.book.importFloor(FloorFile.parse(Fixtures.floor(slug: "otra")), actor: manager)
            }
        }
        #expect(try t.count("staff") == 0)
        // A manager may change an existing venue's floor; a host may book.
        #expect(try t.book.importFloor(FloorFile.parse(Fixtures.floor()), actor: manager).id == r.id)
        #expect(try t.book.book(Fixtures.request(r), actor: host).entry.reservation.createdBy == "Hugo")
        #expect(expectInvalid("username") {
            try t.book.addStaff(username: "no spaces", displayName: "X", role: .host, password: Self.password, actor: manager)
        } != nil)
        #expect(expectInvalid("password") { try t.book.addStaff(username: "shorty", displayName: "X", role: .host, password: "short", actor: manager) } != nil)
    }
}
