import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// A guest's own account through the real server (issue 24): profile, password, devices, and erasure with
/// the daemon mailing the cancellations first.
@Suite("Guest accounts: self-service", .serialized)
struct AccountSelfServiceTests {
    let s: AccountServer

    init() throws { s = try AccountServer() }

    @Test("GET/PATCH me: name, phone, language, consent; another guest's phone is refused and nothing changes")
    func profile() async throws {
        let patID = try await s.register("pat@example.com", phone: "611 500 001")
        try await s.register("other@example.com", phone: "611 500 002")
        let pat = try await s.api.signIn(["email": "pat@example.com", "password": AccountServer.password])
        // Pat's venue record is made by a first booking; the change must reach it too.
        let made = try await s.api.call("POST", "/api/reservations/", token: pat.access, body: try s.booking(time: "13:00", table: "T1"))
        #expect(made.status == 201, "\(made.text)")

        let taken = try await s.api.call("PATCH", "/api/auth/me/", token: pat.access, body: ["phone": "611 500 002", "first_name": "Patricia"])
        #expect(taken.status == 400 && taken.object["field"] as? String == "phone", "\(taken.text)")
        #expect(!taken.text.contains("other@example.com"))
        let unchanged = try await s.api.call("GET", "/api/auth/me/", token: pat.access)
        #expect(unchanged.object["first_name"] as? String == "Guest")

        let bad = try await s.api.call("PATCH", "/api/auth/me/", token: pat.access, body: ["marketing_consent": "yes"])
        #expect(bad.status == 400 && bad.object["field"] as? String == "marketing_consent")
        let unknown = try await s.api.call("PATCH", "/api/auth/me/", token: pat.access, body: ["emial": "x@example.com"])
        #expect(unknown.status == 400)

        let ok = try await s.api.call("PATCH", "/api/auth/me/", token: pat.access,
                                      body: ["first_name": "Patricia", "phone": "611 500 009", "language": "es", "marketing_consent": true])
        #expect(ok.status == 200, "\(ok.text)")
        #expect(ok.object["first_name"] as? String == "Patricia" && ok.object["phone"] as? String == "+34611500009")
        #expect(ok.object["language"] as? String == "es" && ok.object["marketing_consent"] as? Bool == true)
        let record = try TestStack.owner(s.venue.database).queryOne("SELECT name, phone FROM customers WHERE account_id = $1", [patID])
        #expect(try record?.string("name") == "Patricia Tester" && record?.optionalString("phone") == "+34611500009")

        let staff = try await s.api.signIn(["username": "ana", "password": E2EVenue.hostPassword])
        let forStaff = try await s.api.call("GET", "/api/auth/me/", token: staff.access)
        #expect(forStaff.status == 403)
        let anonymous = try await s.api.call("GET", "/api/auth/me/")
        #expect(anonymous.status == 401)
    }

    @Test("sessions: listed, one ended by id; a password change ends the others and answers new tokens")
    func sessionsAndPasswordChange() async throws {
        let email = "dev@example.com"
        try await s.register(email, phone: "611 500 010")
        let phone = try await s.api.signIn(["email": email, "password": AccountServer.password])
        let laptop = try await s.api.signIn(["email": email, "password": AccountServer.password])
        let list = try await s.api.call("GET", "/api/auth/me/sessions/", token: phone.access)
        #expect(list.status == 200 && list.array.count == 2, "\(list.text)")
        #expect(list.array.filter { $0["current"] as? Bool == true }.count == 1)
        let other = try #require(list.array.first { $0["current"] as? Bool == false }?["id"] as? String)
        let ended = try await s.api.call("DELETE", "/api/auth/me/sessions/\(other)/", token: phone.access)
        #expect(ended.status == 204)
        let laptopNow = try await s.api.call("GET", "/api/auth/me/", token: laptop.access)
        #expect(laptopNow.status == 401)
        let unknown = try await s.api.call("DELETE", "/api/auth/me/sessions/\(UUID().uuidString)/", token: phone.access)
        #expect(unknown.status == 404)

        let wrong = try await s.api.call("POST", "/api/auth/me/password/", token: phone.access,
                                         body: ["old_password": "not it at all", "new_password": "a second phrase here"])
        #expect(wrong.status == 400 && wrong.object["field"] as? String == "old_password", "\(wrong.text)")
        let changed = try await s.api.call("POST", "/api/auth/me/password/", token: phone.access,
                                           body: ["old_password": AccountServer.password, "new_password": "a second phrase here"])
        #expect(changed.status == 200, "\(changed.text)")
        let fresh = try #require(changed.object["access"] as? String)
        let old = try await s.api.call("POST", "/api/token/refresh/", body: ["refresh": phone.refresh])
        #expect(old.status == 401)
        let me = try await s.api.call("GET", "/api/auth/me/", token: fresh)
        #expect(me.status == 200)
        try eventually("the password-changed mail", within: 30) { !s.mails(to: email, containing: "Your password was changed").isEmpty }
    }

    @Test("DELETE me with future bookings: cancelled and mailed, personal data gone, counts kept, audited without it")
    func eraseWithFutureBookings() async throws {
        let email = "erase.me@example.com"
        let account = try await s.register(email, phone: "611 500 020")
        let guest = try await s.api.signIn(["email": email, "password": AccountServer.password])
        try TestStack.owner(s.venue.database).query("UPDATE guest_accounts SET verified_at = now() WHERE id = $1", [account])
        var ids: [String] = []
        for (time, table) in [("13:00", "T1"), ("15:00", "T2")] {
            let made = try await s.api.call("POST", "/api/reservations/", token: guest.access, body: try s.booking(time: time, table: table))
            #expect(made.status == 201, "\(made.text)")
            ids.append(try #require(made.object["id"] as? String))
        }
        let record = try #require(try s.venue.book.customerIDs(of: account).first)

        let wrong = try await s.api.call("DELETE", "/api/auth/me/", token: guest.access, body: ["password": "not my password"])
        #expect(wrong.status == 400 && wrong.object["field"] as? String == "password")
        #expect(try s.venue.book.reservation(id: UUID(uuidString: ids[0])!).reservation.status == .pending, "a wrong password lost something")

        let gone = try await s.api.call("DELETE", "/api/auth/me/", token: guest.access, body: ["password": AccountServer.password])
        #expect(gone.status == 204, "\(gone.text)")
        for id in ids { #expect(try s.venue.book.reservation(id: UUID(uuidString: id)!).reservation.status == .cancelled) }
        try eventually("both cancellation mails", within: 30) { s.mails(to: email, containing: "cancel").count == 2 }
        #expect(s.mails(to: email, containing: "cancel").allSatisfy { !$0.contains("Guest Tester") })

        let db = try TestStack.owner(s.venue.database)
        let row = try #require(try db.queryOne("SELECT name, phone, email, account_id, cancellations, erased_at IS NOT NULL AS erased FROM customers WHERE id = $1", [record]))
        #expect(try row.string("name") == "Erased guest" && row.optionalString("phone") == nil && row.optionalString("email") == nil)
        #expect(try row.optionalInt64("account_id") == nil && row.int("cancellations") == 2 && row.bool("erased"))
        #expect(try db.queryOne("SELECT count(*) AS n FROM reservations WHERE customer_id = $1", [record])?.int("n") == 2)
        #expect(try db.queryOne("SELECT count(*) AS n FROM guest_accounts WHERE id = $1", [account])?.int("n") == 0)
        try eventually("the mails' addresses forgotten once sent", within: 30) {
            try db.queryOne("SELECT count(*) AS n FROM notifications WHERE recipient = $1", [email])?.int("n") == 0
        }
        let erasure = try db.query("SELECT coalesce(before::text, '') || coalesce(after::text, '') AS t FROM audit_log WHERE action = 'guest_erase'")
            .map { try $0.string("t") }
        #expect(!erasure.isEmpty)
        #expect(erasure.allSatisfy { !$0.contains(email) && !$0.contains("Tester") && !$0.contains("611500020") }, "\(erasure)")

        let after = try await s.api.call("GET", "/api/auth/me/", token: guest.access)
        #expect(after.status == 401)
        let signIn = try await s.api.call("POST", "/api/token/", body: ["email": email, "password": AccountServer.password])
        #expect(signIn.status == 401)
    }
}
