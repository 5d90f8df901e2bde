import Foundation
import Logging
import Testing
@testable import ReservaFlowDaemon
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

/// The daemon's jobs against the real PostgreSQL and a real SMTP server, with time under the test's
/// control: the core and the mailer take `now` from the test clock, so "15 minutes later" is a call.
@Suite("Daemon: expiry and the outbox")
struct DaemonTests {
    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("templates/mail").path

    static func mailer(_ t: TestEnv, smtp: String, instance: String = "test-1", batch: Int = 20,
                       links: ConfirmLink? = nil) throws -> MailerService {
        let settings = MailerSettings(smtpURL: smtp, from: "reservas@casa.example", renderer: try MailRenderer(directory: templates, confirmLinks: links),
                                      batch: batch, sendTimeout: 5)
        return MailerService(executor: BookExecutor(name: "unused", open: { throw ReservationError.internalError("unused") }),
                             wakeup: Wakeup(), logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
                             instance: instance, settings: settings, now: { [clock = t.clock] in clock.now })
    }

    static func row(_ t: TestEnv, _ kind: String, _ reservation: UUID) throws -> PGRow {
        try #require(try t.sql.queryOne("""
            SELECT id, status, attempts, last_error, jsonb_array_length(errors) AS errors, extract(epoch FROM scheduled_for) AS due, subject
            FROM notifications WHERE reservation_id = $1 AND kind = $2
            """, [reservation, kind]))
    }

    @Test("a hold expires at its expires_at, not before; its mails are withdrawn and the daemon is audited")
    func holdsExpireOnTime() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let hold = try t.book.book(Fixtures.request(r, holdMinutes: 15), actor: t.host).entry.reservation
        let lapses = try #require(hold.expiresAt)
        t.clock.set(lapses.addingTimeInterval(-0.001))
        let early = try t.book.expireDueHolds()
        #expect(early.expired == 0)
        #expect(early.nextDue == lapses)
        t.clock.set(lapses)
        #expect(try t.book.expireDueHolds().expired == 1)
        #expect(try t.book.reservation(id: hold.id).reservation.status == .expired)
        #expect(try t.count("notifications", where: "reservation_id = $1 AND status IN ('scheduled', 'retryable')", [hold.id]) == 0)
        #expect(try t.count("audit_log", where: "entity_id = $1 AND action = 'expired' AND actor = 'reservaflowd'", [hold.id.uuidString.lowercased()]) == 1)
        #expect(try t.book.expireDueHolds().nextDue == nil)
    }

    @Test("holds lapsing together expire in batches: more than one batch, single and joined tables, each audited once")
    func holdsExpireInBatches() throws {
        let t = try TestEnv()
        let r = try t.venue(CombinationTests.floor)
        var holds: [UUID] = []
        for day in 0..<5 {
            for time in [Fixtures.time(13), Fixtures.time(19)] {
                for table in ["T1", "T2", "P1"] {
                    holds.append(try t.book.book(Fixtures.request(r, table: table, date: Fixtures.friday.adding(days: day), time: time, party: 2,
                                                                  holdMinutes: 15), actor: t.host).entry.id)
                }
            }
        }
        let joined = try t.book.book(Fixtures.request(r, table: nil, time: Fixtures.time(20, 30), party: 8, holdMinutes: 15), actor: t.host).entry
        #expect(joined.tableLabels.count == 3)
        holds.append(joined.id)
        #expect(holds.count > ReservationBook.expiryBatch)
        t.clock.advance(minutes: 15)

        #expect(try t.book.expireDueHolds().expired == holds.count)
        for id in holds {
            #expect(try t.book.reservation(id: id).reservation.status == .expired)
            #expect(try t.count("audit_log", where: "entity_id = $1 AND action = 'expired'", [id.uuidString.lowercased()]) == 1)
        }
        #expect(try t.count("reservation_tables", where: "reservation_id = $1", [joined.id]) == 0)
        #expect(try t.book.expireDueHolds().expired == 0)
    }

    @Test("a hold that cannot be expired does not keep the others of its batch from lapsing; its error is still thrown")
    func aFailingHoldDoesNotBlockItsBatch() throws {
        let t = try TestEnv()
        let casa = try t.venue(), otra = try t.venue(Fixtures.floor(slug: "otra"))
        // Due in this order: casa, otra, casa. An actor of casa alone cannot expire otra's hold (its audit
        // row is refused), which fails the batch they share.
        let first = try t.book.book(Fixtures.request(casa, holdMinutes: 15), actor: t.host).entry.id
        t.clock.advance(seconds: 1)
        let other = try t.book.book(Fixtures.request(otra, holdMinutes: 15), actor: t.host).entry.id
        t.clock.advance(seconds: 1)
        let last = try t.book.book(Fixtures.request(casa, time: Fixtures.time(21, 30), holdMinutes: 15), actor: t.host).entry.id
        t.clock.advance(minutes: 15)

        let casaOnly = Actor(staffID: nil, name: "casa's expiry", role: .manager, venues: [casa.id])
        #expect(throws: ReservationError.self) { try t.book.expireDueHolds(actor: casaOnly) }
        #expect(try t.book.reservation(id: first).reservation.status == .expired)
        #expect(try t.book.reservation(id: last).reservation.status == .expired)
        #expect(try t.book.reservation(id: other).reservation.status == .pending)
        #expect(try t.book.expireDueHolds().expired == 1)
    }

    @Test("a confirmation racing the expiry: exactly one wins, whichever side of the instant", arguments: [-0.002, 0.0])
    func confirmRacingExpiry(offset: Double) throws {
        let t = try TestEnv()
        let r = try t.venue()
        for round in 0..<8 {
            let hold = try t.book.book(Fixtures.request(r, table: "T3", time: Fixtures.time(13, 0), party: 2,
                                                        name: "Race \(round)", phone: Fixtures.phone(round), holdMinutes: 15), actor: t.host).entry.reservation
            t.clock.set(hold.expiresAt!.addingTimeInterval(offset))
            let confirmer = try t.anotherBook(), expirer = try t.anotherBook()
            let results = RaceOutcome()
            let go = DispatchSemaphore(value: 0), done = DispatchGroup()
            let boxes = (ThreadConfined(confirmer), ThreadConfined(expirer))
            done.enter()
            Thread { go.wait(); results.confirmed = (try? boxes.0.value.apply(.confirm, to: hold.id, actor: .daemon)) != nil; done.leave() }.start()
            done.enter()
            Thread { go.wait(); results.expired = (try? boxes.1.value.expireDueHolds().expired) ?? 0; done.leave() }.start()
            go.signal(); go.signal()
            #expect(done.wait(timeout: .now() + 60) == .success)
            let final = try t.book.reservation(id: hold.id).reservation.status
            // One outcome, recorded once: confirmed (and the confirmation audited) or expired (by the daemon,
            // or by the confirming host's own check, which expires a lapsed hold), never both.
            #expect(final == (results.confirmed ? .confirmed : .expired), "round \(round)")
            let audits = try t.sql.query("SELECT action FROM audit_log WHERE entity_id = $1 AND action IN ('confirmed', 'expired')",
                                         [hold.id.uuidString.lowercased()]).map { try $0.string("action") }
            #expect(audits == [final.rawValue], "round \(round): \(audits)")
            #expect(final == (offset < 0 ? .confirmed : .expired), "the instant decides: before it confirm wins, at it expiry does")
            if final == .confirmed { _ = try t.book.apply(.cancel, to: hold.id, actor: t.host) }
        }
    }

    @Test("reminders are scheduled, move with the booking, and are withdrawn on cancel; opted-out guests get none")
    func remindersFollowTheBooking() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let entry = try t.book.book(Fixtures.request(r), actor: t.host).entry
        let start = entry.reservation.startsAt
        #expect(try Self.row(t, "reminder", entry.id).date("due") == start.addingTimeInterval(-24 * 3600))
        let moved = try t.book.change(entry.id, ReservationChange(time: Fixtures.time(21)), actor: t.host)
        #expect(try Self.row(t, "reminder", entry.id).date("due") == moved.reservation.startsAt.addingTimeInterval(-24 * 3600))
        #expect(try t.count("notifications", where: "reservation_id = $1 AND kind = 'modification'", [entry.id]) == 1)
        _ = try t.book.apply(.cancel, to: entry.id, actor: t.host)
        #expect(try Self.row(t, "reminder", entry.id).string("status") == "cancelled")
        #expect(try Self.row(t, "cancellation", entry.id).string("status") == "scheduled")

        try t.sql.query("UPDATE customers SET email_reminders = false WHERE phone = '+34600123456'")
        let again = try t.book.book(Fixtures.request(r, table: "T4", time: Fixtures.time(20)), actor: t.host).entry
        #expect(try t.count("notifications", where: "reservation_id = $1 AND kind = 'reminder'", [again.id]) == 0)
        #expect(try t.count("notifications", where: "reservation_id = $1 AND kind = 'confirmation'", [again.id]) == 1)
    }

    @Test("SMTP down: retried with backoff and the error kept; back up: sent, once, with its stable Message-ID")
    func smtpDownThenBack() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let entry = try t.book.book(Fixtures.request(r), actor: t.host).entry
        let sink = try MailSink(start: false)
        let mailer = try Self.mailer(t, smtp: sink.url)
        let first = try mailer.runBatch(t.book)
        #expect(first.claimed == 1)
        var row = try Self.row(t, "confirmation", entry.id)
        #expect(try row.string("status") == "retryable")
        #expect(try row.int("attempts") == 1 && row.int("errors") == 1)
        let retryAt = try row.date("due").timeIntervalSince(t.clock.now)
        #expect((8...12).contains(retryAt), "first retry after 10 s ± jitter, got \(retryAt)")
        try sink.start()
        #expect(try mailer.runBatch(t.book).claimed == 0, "not due yet")
        t.clock.advance(seconds: 13)
        #expect(try mailer.runBatch(t.book).claimed == 1)
        row = try Self.row(t, "confirmation", entry.id)
        #expect(try row.string("status") == "completed")
        #expect(try row.int("attempts") == 2)
        #expect(sink.messageIDs() == ["<\(entry.id.uuidString.lowercased()).confirmation@casa.reservaflow>"])
        // Confirmed again (a replayed request): a sent mail is never queued twice.
        try t.book.write { try t.book.enqueueBookingMails(r, reservation: entry.id, status: .confirmed) }
        #expect(try Self.row(t, "confirmation", entry.id).string("status") == "completed")
    }

    @Test("a permanent refusal (5xx) is discarded at once with the reason; a temporary one (4xx) is retried")
    func refusalsAreClassified() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let sink = try MailSink()
        let refused = try t.book.book(Fixtures.request(r, table: "T3", email: "reject@mail.example"), actor: t.host).entry
        let later = try t.book.book(Fixtures.request(r, table: "T4", name: "Tem Por", phone: Fixtures.phone(9), email: "tempfail@mail.example"), actor: t.host).entry
        _ = try Self.mailer(t, smtp: sink.url).runBatch(t.book)
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
        _ = try Self.mailer(t, smtp: sink.url).runBatch(t.book)
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
        _ = try Self.mailer(t, smtp: sink.url).runBatch(t.book)
        #expect(try Self.row(t, "cancellation", entry.id).string("subject") == "Your reservation at Casa Test is cancelled")
    }

    @Test("a hold's mail says until when it is held, in the venue's time")
    func holdMailSaysUntilWhen() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let hold = try t.book.book(Fixtures.request(r, holdMinutes: 30), actor: t.host).entry
        let sink = try MailSink()
        _ = try Self.mailer(t, smtp: sink.url).runBatch(t.book)
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
        _ = try Self.mailer(t, smtp: sink.url, links: ConfirmLink(publicURL: "https://book.example/", secret: secret)).runBatch(t.book)
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
        _ = try Self.mailer(t2, smtp: sink.url).runBatch(t2.book)
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
        #expect(try other.runBatch(t.book).claimed == 0, "leased to the other instance")
        t.clock.advance(seconds: 61)
        #expect(try other.runBatch(t.book).claimed == 1)
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
        #expect(try alive.runBatch(t.book).claimed == 3)
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

private final class RaceOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var c = false, e = 0
    var confirmed: Bool { get { lock.withLock { c } } set { lock.withLock { c = newValue } } }
    var expired: Int { get { lock.withLock { e } } set { lock.withLock { e = newValue } } }
}
