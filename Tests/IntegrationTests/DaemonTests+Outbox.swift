import Foundation
import Logging
import Testing
@testable import ReservaFlowDaemon
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

extension DaemonTests {
    @Test("a permanent refusal (5xx) is discarded at once with the reason; a temporary one (4xx) is retried")
    func refusalsAreClassified() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let sink = try MailSink()
        let refused = try t.book.book(Fixtures.request(r, table: "T3", email: "reject@mail.example"), actor: t.host).entry
        let later = try t.book.book(Fixtures.request(r, table: "T4", name: "Tem Por", phone: Fixtures.phone(9), email: "tempfail@mail.example"), actor: t.host).entry
        _ = try Self.mailer(t, smtp: sink.url).runBatch(try t.book(as: .daemon))
        let a = try Self.row(t, "confirmation", refused.id), b = try Self.row(t, "confirmation", later.id)
        #expect(try a.string("status") == "discarded")
        #expect(try a.string("last_error").contains("550"))
        #expect(try b.string("status") == "retryable")
        #expect(try b.string("last_error").contains("451"))
        #expect(sink.messages().isEmpty)
        // An operator requeues the discarded one (audited); it is due at once.
        let retried = try t.book.retryNotification(a.int64("id"), actor: t.admin)
        #expect(retried.status == .scheduled && retried.attempts == 0)
    }

    @Test("hostile data cannot add a header; non-ASCII names and subjects arrive encoded; the venue's language is used")
    func hostileAndInternationalText() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let entry = try t.book.book(Fixtures.request(r), actor: t.host).entry
        // Data that reached the database another way (raw SQL, an import) with line breaks in it.
        try t.sql.query("UPDATE customers SET name = E'Zoë\\r\\nBcc: victim@evil.example' WHERE phone = '+34600123456'")
        try t.sql.query("UPDATE restaurants SET name = E'Café Ñ\\r\\nX-Evil: 1', language = 'es' WHERE id = $1", [r.id])
        let sink = try MailSink()
        _ = try Self.mailer(t, smtp: sink.url).runBatch(try t.book(as: .daemon))
        let text = try #require(sink.messages().first)
        let headers = text.components(separatedBy: "\n\n")[0].components(separatedBy: "\n")
        #expect(!headers.contains { $0.hasPrefix("Bcc:") || $0.hasPrefix("X-Evil:") }, "\(headers)")
        #expect(headers.contains { $0.hasPrefix("Subject: =?UTF-8?B?") })
        let subject = try #require(try t.sql.queryOne("SELECT subject FROM notifications WHERE reservation_id = $1 AND kind = 'confirmation'", [entry.id])).string("subject")
        #expect(subject.hasPrefix("Su mesa en Café Ñ"))
        #expect(!subject.contains("\n") && !subject.contains("\r"))
        #expect(sink.messages().count == 1)

        // The same booking's cancellation in English once the venue says so.
        try t.sql.query("UPDATE restaurants SET name = 'Casa Test', language = 'en' WHERE id = $1", [r.id])
        _ = try t.book.apply(.cancel, to: entry.id, actor: t.host)
        _ = try Self.mailer(t, smtp: sink.url).runBatch(try t.book(as: .daemon))
        #expect(try Self.row(t, "cancellation", entry.id).string("subject") == "Your reservation at Casa Test is cancelled")
    }

    @Test("a hold's mail says until when it is held, in the venue's time")
    func holdMailSaysUntilWhen() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let hold = try t.book.book(Fixtures.request(r, holdMinutes: 30), actor: t.host).entry
        let sink = try MailSink()
        _ = try Self.mailer(t, smtp: sink.url).runBatch(try t.book(as: .daemon))
        let body = try #require(try t.sql.queryOne("SELECT body FROM notifications WHERE reservation_id = $1 AND kind = 'hold'", [hold.id])).string("body")
        #expect(body.contains("hasta las 12:30"), "\(body)")
        #expect(body.contains("viernes, 15 de mayo de 2026") || body.contains("viernes 15 de mayo de 2026"), "\(body)")
        #expect(body.contains("19:00"))
    }

    @Test("a hold's mail carries a confirm link that confirms it, and only it")
    func holdMailCarriesItsConfirmLink() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let secret = "a-secret-of-at-least-16-bytes"
        let hold = try t.book.book(Fixtures.request(r, holdMinutes: 30), actor: t.host).entry
        let other = try t.book.book(Fixtures.request(r, table: "T4", name: "Otro", phone: "611223344", holdMinutes: 30), actor: t.host).entry
        let sink = try MailSink()
        _ = try Self.mailer(t, smtp: sink.url, links: ConfirmLink(publicURL: "https://book.example/", secret: secret)).runBatch(try t.book(as: .daemon))
        let body = try #require(try t.sql.queryOne("SELECT body FROM notifications WHERE reservation_id = $1 AND kind = 'hold'", [hold.id])).string("body")
        let prefix = "https://book.example/api/reservations/\(hold.id.lowercasedString)/confirm/?token="
        let start = try #require(body.range(of: prefix), "\(body)")
        let token = String(body[start.upperBound...].prefix { !$0.isWhitespace })
        // The token is this reservation's: it confirms nothing else, and nothing without the secret.
        #expect(throws: ReservationError.self) { try t.book.confirmByLink(other.id, token: token, secret: secret) }
        #expect(throws: ReservationError.self) { try t.book.confirmByLink(hold.id, token: token, secret: "another-secret-entirely") }
        #expect(try t.book.confirmByLink(hold.id, token: token, secret: secret).reservation.status == .confirmed)
        #expect(try t.book.reservation(id: other.id).reservation.status == .pending)
        // Without the settings, the mail has no link to follow.
        let t2 = try TestEnv()
        let r2 = try t2.venue()
        let plain = try t2.book.book(Fixtures.request(r2, holdMinutes: 30), actor: t2.host).entry
        _ = try Self.mailer(t2, smtp: sink.url).runBatch(try t2.book(as: .daemon))
        let plainBody = try #require(try t2.sql.queryOne("SELECT body FROM notifications WHERE reservation_id = $1 AND kind = 'hold'", [plain.id])).string("body")
        #expect(!plainBody.contains("http"))
    }

    @Test("an instance that died mid-batch: its claimed mails lapse back to the queue and go out once more")
    func lapsedLeasesAreRescued() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let entry = try t.book.book(Fixtures.request(r), actor: t.host).entry
        let claimed = try t.book.claimNotifications(instance: "dead-one", limit: 10, lease: 60)
        #expect(claimed.count == 1)
        let sink = try MailSink()
        let other = try Self.mailer(t, smtp: sink.url, instance: "alive")
        #expect(try other.runBatch(try t.book(as: .daemon)).claimed == 0, "leased to the other instance")
        t.clock.advance(seconds: 61)
        #expect(try other.runBatch(try t.book(as: .daemon)).claimed == 1)
        #expect(try Self.row(t, "confirmation", entry.id).string("status") == "completed")
        // The dead instance, coming back, cannot overwrite what the other finished.
        try t.book.completeNotification(claimed[0].id, instance: "dead-one", subject: "x", body: "x")
        #expect(try Self.row(t, "confirmation", entry.id).string("subject") != "x")
    }

    @Test("a mail's lease fits one send, not a batch: a dead instance's mails go out again within about 30 s")
    func leasesFitOneMail() throws {
        #expect(MailerSettings(smtpURL: "smtp://x", from: "a@b.c", renderer: try MailRenderer(directory: Self.templates)).lease <= 30)
        let t = try TestEnv()
        let r = try t.venue()
        for i in 0..<3 { _ = try t.book.book(Fixtures.request(r, table: "T\(i + 1)", party: 2, phone: Fixtures.phone(i)), actor: t.host) }
        let sink = try MailSink()
        let dead = try Self.mailer(t, smtp: sink.url, instance: "dead-one")
        let claimed = try t.book.claimNotifications(instance: "dead-one", limit: 10, lease: dead.settings.lease)
        #expect(claimed.count == 3)
        let alive = try Self.mailer(t, smtp: sink.url, instance: "alive")
        // The lapse is the next instant the other instances wake for.
        #expect(try t.book.nextNotificationDue() == t.clock.now.addingTimeInterval(dead.settings.lease))
        t.clock.advance(seconds: dead.settings.lease + 1)
        #expect(try alive.runBatch(try t.book(as: .daemon)).claimed == 3)
        #expect(try t.count("notifications", where: "status = 'completed'") == 3)
    }

    @Test("a working instance extends the lease of what is left of its batch, and skips a mail another instance rescued")
    func leasesAreExtendedWhileWorking() throws {
        let t = try TestEnv()
        let r = try t.venue()
        for i in 0..<2 { _ = try t.book.book(Fixtures.request(r, table: "T\(i + 1)", party: 2, phone: Fixtures.phone(i)), actor: t.host) }
        let ids = try t.book.claimNotifications(instance: "slow", limit: 10, lease: 30).map(\.id)
        t.clock.advance(seconds: 20)
        #expect(try t.book.extendNotificationLeases(ids, instance: "slow", lease: 30) == Set(ids))
        t.clock.advance(seconds: 20)   // 40 s after the claim, 20 s after the extension: still held
        #expect(try t.book.rescueLapsedNotifications() == 0)
        t.clock.advance(seconds: 11)
        #expect(try t.book.rescueLapsedNotifications() == 2)
        #expect(try t.book.extendNotificationLeases(ids, instance: "slow", lease: 30).isEmpty, "rescued mails are no longer the slow instance's")
    }

    @Test("the sleep until the next due instant: never past it, at most a sweep")
    func sleepIntervals() {
        let now = Date(timeIntervalSince1970: 1_000)
        #expect(sleepInterval(until: nil, now: now, sweep: 30) == 30)
        #expect(sleepInterval(until: now.addingTimeInterval(2.5), now: now, sweep: 30) == 2.5)
        #expect(sleepInterval(until: now.addingTimeInterval(-5), now: now, sweep: 30) == 0.001)
        #expect(sleepInterval(until: now.addingTimeInterval(3600), now: now, sweep: 30) == 30)
    }
}
