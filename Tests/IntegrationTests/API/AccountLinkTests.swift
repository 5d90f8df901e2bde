import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Verification and password reset through the real server, the real daemon and the real mail sink
/// (issue 24): every link is read from the mail the guest got.
@Suite("Guest accounts: links by mail", .serialized)
struct AccountLinkTests {
    let s: AccountServer

    init() throws { s = try AccountServer() }

    @Test("register → verify link from the mail → book: until verified a hold gets no mail and only the link (or a host) confirms it")
    func registerVerifyBook() async throws {
        let email = "vera@example.com"
        try await s.register(email, phone: "611 400 001")
        let guest = try await s.api.signIn(["email": email, "password": AccountServer.password])
        let me = try await s.api.call("GET", "/api/auth/me/", token: guest.access)
        #expect(me.status == 200 && me.object["email_verified"] as? Bool == false, "\(me.text)")

        // Unverified: the booking is a hold, and the unproven address gets no hold mail.
        let first = try await s.api.call("POST", "/api/reservations/", token: guest.access, body: try s.booking(time: "13:00", table: "T1"))
        #expect(first.status == 201 && first.object["status"] as? String == "pending", "\(first.text)")
        let held = try #require(first.object["id"] as? String)
        let token = try s.linkToken(to: email, path: "/api/auth/verify/")
        let mail = try #require(s.mails(to: email, containing: "/api/auth/verify/").first)
        #expect(mail.contains("Subject: Confirm your e-mail address"))
        #expect(try TestStack.owner(s.venue.database).queryOne("SELECT count(*) AS n FROM notifications WHERE reservation_id = $1::uuid AND kind = 'hold'",
                                                               [held])?.int("n") == 0)

        // A mail scanner's HEAD verifies nothing; a forged token neither; the guest's click does, and
        // confirms the hold; a second click is no error.
        let head = try await s.api.call("HEAD", "/api/auth/verify/?token=\(token)")
        #expect(head.status == 405)
        let forged = try await s.api.call("GET", "/api/auth/verify/?token=\(token.prefix { $0 != "." }).00ff")
        #expect(forged.status == 400 && forged.object["field"] as? String == "token")
        let click = try await s.api.call("GET", "/api/auth/verify/?token=\(token)")
        #expect(click.status == 200, "\(click.text)")
        let again = try await s.api.call("GET", "/api/auth/verify/?token=\(token)")
        #expect(again.status == 200)
        let verified = try await s.api.call("GET", "/api/auth/me/", token: guest.access)
        #expect(verified.object["email_verified"] as? Bool == true)
        let confirmed = try await s.api.call("GET", "/api/reservations/\(held)/", token: guest.access)
        #expect(confirmed.object["status"] as? String == "confirmed", "\(confirmed.text)")

        // Verified: the next hold is mailed with its confirm link, as every online hold was.
        let booked = try await s.api.call("POST", "/api/reservations/", token: guest.access, body: try s.booking(time: "15:00", table: "T2"))
        #expect(booked.status == 201, "\(booked.text)")
        let next = try #require(booked.object["id"] as? String)
        try eventually("the second hold's mail", within: 30) { !s.mails(to: email, containing: "/api/reservations/\(next)/confirm/").isEmpty }
        let resend = try await s.api.call("POST", "/api/auth/verify/resend/", token: guest.access)
        #expect(resend.status == 200)
        #expect(!s.api.logText.contains(token) && !s.daemon.output.contains(token), "a link's token reached a log")
    }

    @Test("resend: a new link, then 429 with Retry-After within the minute")
    func resendIsThrottled() async throws {
        let email = "resend@example.com"
        try await s.register(email, phone: "611 400 002")
        let guest = try await s.api.signIn(["email": email, "password": AccountServer.password])
        // The registration's link was made just now: the minute has not passed.
        let soon = try await s.api.call("POST", "/api/auth/verify/resend/", token: guest.access)
        #expect(soon.status == 429 && soon.header("Retry-After") != nil, "\(soon.text)")
        try TestStack.owner(s.venue.database).query("UPDATE account_links SET created_at = created_at - interval '2 minutes'")
        let later = try await s.api.call("POST", "/api/auth/verify/resend/", token: guest.access)
        #expect(later.status == 202, "\(later.text)")
        _ = try s.linkToken(to: email, path: "/api/auth/verify/", index: 1)
    }

    @Test("reset → link from the mail → the new password works, old refresh tokens do not; the link works once")
    func resetByMail() async throws {
        let email = "rosa@example.com"
        try await s.register(email, phone: "611 400 003")
        let phone = try await s.api.signIn(["email": email, "password": AccountServer.password])
        let laptop = try await s.api.signIn(["email": email, "password": AccountServer.password])

        let asked = try await s.api.call("POST", "/api/auth/password/reset/", body: ["email": email])
        #expect(asked.status == 202, "\(asked.text)")
        let token = try s.linkToken(to: email, path: "/api/auth/password/reset/confirm/")

        // A weak password spends nothing: the same link then works.
        let weak = try await s.api.call("POST", "/api/auth/password/reset/confirm/", body: ["token": token, "password": "password"])
        #expect(weak.status == 400 && weak.object["field"] as? String == "password", "\(weak.text)")
        let done = try await s.api.call("POST", "/api/auth/password/reset/confirm/", body: ["token": token, "password": "a brand new phrase"])
        #expect(done.status == 200, "\(done.text)")

        for old in [phone, laptop] {
            let refresh = try await s.api.call("POST", "/api/token/refresh/", body: ["refresh": old.refresh])
            #expect(refresh.status == 401, "an old refresh token still works: \(refresh.text)")
            let access = try await s.api.call("GET", "/api/auth/me/", token: old.access)
            #expect(access.status == 401)
        }
        let oldPassword = try await s.api.call("POST", "/api/token/", body: ["email": email, "password": AccountServer.password])
        #expect(oldPassword.status == 401)
        _ = try await s.api.signIn(["email": email, "password": "a brand new phrase"])
        let twice = try await s.api.call("POST", "/api/auth/password/reset/confirm/", body: ["token": token, "password": "yet another phrase"])
        #expect(twice.status == 400 && twice.object["field"] as? String == "token", "\(twice.text)")
        try eventually("the password-changed mail", within: 30) { !s.mails(to: email, containing: "Your password was changed").isEmpty }
        #expect(!s.api.logText.contains(token) && !s.daemon.output.contains(token) && !s.api.logText.contains("brand new"))
    }

    @Test("two reset links: once the first is used, the second is refused")
    func secondLinkAfterFirstIsRefused() async throws {
        let email = "twice@example.com"
        try await s.register(email, phone: "611 400 004")
        for _ in 0..<2 {
            let asked = try await s.api.call("POST", "/api/auth/password/reset/", body: ["email": email])
            #expect(asked.status == 202)
        }
        let first = try s.linkToken(to: email, path: "/api/auth/password/reset/confirm/", index: 0)
        let second = try s.linkToken(to: email, path: "/api/auth/password/reset/confirm/", index: 1)
        #expect(first != second)
        let used = try await s.api.call("POST", "/api/auth/password/reset/confirm/", body: ["token": first, "password": "first new phrase"])
        #expect(used.status == 200, "\(used.text)")
        let refused = try await s.api.call("POST", "/api/auth/password/reset/confirm/", body: ["token": second, "password": "second new phrase"])
        #expect(refused.status == 400 && refused.object["field"] as? String == "token", "\(refused.text)")
        _ = try await s.api.signIn(["email": email, "password": "first new phrase"])
    }

    @Test("a reset request answers the same, in the same time, whether the address is registered or not")
    func noEnumeration() async throws {
        // 100 registered addresses, each asked for 3 times at most: under the limit of 3 mails an hour, so
        // every request for a registered address does the whole work (link and mail), none the throttled.
        try await s.register("known0@example.com", phone: "611 410 000")
        try TestStack.owner(s.venue.database).query("""
            INSERT INTO guest_accounts (email, password_hash, first_name, last_name, phone)
            SELECT 'known' || g || '@example.com', (SELECT password_hash FROM guest_accounts WHERE email = 'known0@example.com'),
                   'Known', 'Guest', '+346114' || lpad(g::text, 5, '0') FROM generate_series(1, 99) g
            """)
        let known = (0..<100).map { "known\($0)@example.com" }
        var knownTimes: [Double] = [], unknownTimes: [Double] = []
        var answers: Set<String> = []
        // Interleaved, each first in every other round, so the machine's load (and the daemon's work after a
        // registered address's request) falls on both alike; the first rounds warm both paths up.
        for round in 0..<300 {
            let pair = [(known[round % known.count], true), ("nobody\(round)@example.com", false)]
            for (address, isKnown) in round % 2 == 0 ? pair : pair.reversed() {
                let start = DispatchTime.now().uptimeNanoseconds
                let a = try await s.api.call("POST", "/api/auth/password/reset/", body: ["email": address])
                let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
                answers.insert("\(a.status) \(a.text)")
                if round >= 20 { if isKnown { knownTimes.append(ms) } else { unknownTimes.append(ms) } }
            }
        }
        #expect(answers.count == 1, "the answers differ: \(answers)")
        // The daemon made a link and a mail for every request that named an account, and none for the others.
        let db = try TestStack.owner(s.venue.database)
        try eventually("the daemon's 300 reset mails", within: 60) {
            try db.queryOne("SELECT count(*) AS n FROM link_requests WHERE handled_at IS NULL")?.int("n") == 0
        }
        #expect(try db.queryOne("SELECT count(*) AS n FROM account_mails WHERE kind = 'reset'")?.int("n") == 300)
        let k = Self.median(knownTimes), u = Self.median(unknownTimes)
        print("reset request p50: registered \(String(format: "%.2f", k)) ms, unknown \(String(format: "%.2f", u)) ms")
        #expect(abs(k - u) / max(k, u) <= 0.10, "p50 registered \(k) ms vs unknown \(u) ms")
    }

    @Test("registering a taken address answers as a new one does, in the same time; only its owner is told, by mail, once an hour")
    func registrationTellsNoOne() async throws {
        let taken = "taken@example.com"
        let ownerID = try await s.register(taken, phone: "611 420 000")
        var takenTimes: [Double] = [], newTimes: [Double] = []
        var shapes: Set<String> = [], ids: Set<Int> = []
        for round in 0..<80 {
            let pair = [(taken, true), ("new\(round)@example.com", false)]
            for (address, isTaken) in round % 2 == 0 ? pair : pair.reversed() {
                let body: [String: Any] = ["email": address, "password": AccountServer.password, "first_name": "Mallory", "last_name": "Tester",
                                           "phone": "611 43\(String(format: "%04d", round * 2 + (isTaken ? 0 : 1)))", "language": "en"]
                let start = DispatchTime.now().uptimeNanoseconds
                let r = try await s.api.call("POST", "/api/auth/register/", body: body)
                let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
                #expect(r.status == 201, "\(address): \(r.text)")
                // The answer echoes what was sent, with a fresh id, whichever the case.
                #expect(r.object["email"] as? String == address && r.object["first_name"] as? String == "Mallory", "\(r.text)")
                shapes.insert(r.object.keys.sorted().joined(separator: ","))
                if let id = r.object["id"] as? Int { ids.insert(id) }
                if round >= 10 { if isTaken { takenTimes.append(ms) } else { newTimes.append(ms) } }
            }
        }
        #expect(shapes.count == 1, "the answers' shapes differ: \(shapes)")
        #expect(ids.count == 160, "an id was answered twice")
        // Nothing changed for the owner: one account for the address, still theirs, whose password still works.
        let db = try TestStack.owner(s.venue.database)
        let owner = try #require(try db.queryOne("SELECT id, first_name FROM guest_accounts WHERE email = $1", [taken]))
        #expect(try owner.int64("id") == ownerID && owner.string("first_name") == "Guest")
        #expect(try db.queryOne("SELECT count(*) AS n FROM guest_accounts WHERE email = $1", [taken])?.int("n") == 1)
        _ = try await s.api.signIn(["email": taken, "password": AccountServer.password])
        // The owner is told once (80 tries within the hour), by a mail with no link in it.
        try eventually("the owner's notice", within: 30) { !s.mails(to: taken, containing: "Subject: You already have an account").isEmpty }
        #expect(try db.queryOne("SELECT count(*) AS n FROM account_mails WHERE kind = 'already_registered'")?.int("n") == 1)
        #expect(s.mails(to: taken, containing: "Subject: You already have an account").allSatisfy { !$0.contains("token=") })
        let t = Self.median(takenTimes), n = Self.median(newTimes)
        print("registration p50: taken \(String(format: "%.2f", t)) ms, new \(String(format: "%.2f", n)) ms")
        #expect(abs(t - n) / max(t, n) <= 0.10, "p50 taken \(t) ms vs new \(n) ms")
    }

    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        return s.isEmpty ? 0 : s[s.count / 2]
    }
}
