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
        let first = try mailer.runBatch(try t.book(as: .daemon))
        #expect(first.claimed == 1)
        var row = try Self.row(t, "confirmation", entry.id)
        #expect(try row.string("status") == "retryable")
        #expect(try row.int("attempts") == 1 && row.int("errors") == 1)
        let retryAt = try row.date("due").timeIntervalSince(t.clock.now)
        #expect((8...12).contains(retryAt), "first retry after 10 s ± jitter, got \(retryAt)")
        try sink.start()
        #expect(try mailer.runBatch(try t.book(as: .daemon)).claimed == 0, "not due yet")
        t.clock.advance(seconds: 13)
        #expect(try mailer.runBatch(try t.book(as: .daemon)).claimed == 1)
        row = try Self.row(t, "confirmation", entry.id)
        #expect(try row.string("status") == "completed")
        #expect(try row.int("attempts") == 2)
        #expect(sink.messageIDs() == ["<\(entry.id.uuidString.lowercased()).confirmation@casa.reservaflow>"])
        // Confirmed again (a replayed request): a sent mail is never queued twice.
        try t.book.write { try t.book.enqueueBookingMails(r, reservation: entry.id, status: .confirmed) }
        #expect(try Self.row(t, "confirmation", entry.id).string("status") == "completed")
    }

}

private final class RaceOutcome: @unchecked Sendable {
    let lock = NSLock()
    var c = false, e = 0
    var confirmed: Bool { get { lock.withLock { c } } set { lock.withLock { c = newValue } } }
    var expired: Int { get { lock.withLock { e } } set { lock.withLock { e = newValue } } }
}
