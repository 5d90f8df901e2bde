import Foundation
import Logging
import ReservationCore
import ServiceLifecycle
import Synchronization
import ReservationDomain
import ReservationNative

/// Set once, when graceful shutdown begins (SIGTERM, SIGINT).
public final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public var isSet: Bool { flag.load(ordering: .relaxed) }
    public func set() { flag.store(true, ordering: .relaxed) }
}

/// How long to sleep: until the next due instant (never past it, never less than a millisecond), or the
/// sweep interval when nothing is due sooner, so a missed wake-up costs at most one sweep.
public func sleepInterval(until next: Date?, now: Date, sweep: TimeInterval) -> TimeInterval {
    guard let next else { return sweep }
    return min(max(next.timeIntervalSince(now), 0.001), sweep)
}

/// The loop every job service runs until graceful shutdown: do a step; go straight on when the step had
/// a full batch (more is waiting), else sleep until the step's next due instant, a wake-up or a sweep.
/// A failed step (the database down, say) is logged and retried after 1, 2, ... 10 s.
func runJobLoop(name: String, wakeup: Wakeup, logger: Logger, sweep: TimeInterval, now: @escaping @Sendable () -> Date,
                step: @escaping @Sendable (StopFlag) async throws -> (full: Bool, next: Date?)) async throws {
    let stop = StopFlag()
    await withGracefulShutdownHandler {
        var failures = 0
        while !stop.isSet {
            do {
                let (full, next) = try await step(stop)
                failures = 0
                if full { continue }
                await wakeup.wait(seconds: sleepInterval(until: next, now: now(), sweep: sweep))
            } catch {
                failures += 1
                logger.error("\(name) failed; retrying", metadata: ["error": "\(error)", "attempt": "\(failures)"])
                await wakeup.wait(seconds: min(Double(failures), 10))
            }
        }
    } onGracefulShutdown: {
        stop.set()
        wakeup.signal()
    }
}

/// Expires pending holds at their `expires_at`: sleeps until the next one lapses, woken early by any
/// reservation change (a new hold may lapse sooner), sweeping every `sweep` seconds regardless.
public struct ExpiryService: Service {
    let executor: BookExecutor
    let wakeup: Wakeup
    let logger: Logger
    let sweep: TimeInterval
    let batch: Int
    let now: @Sendable () -> Date

    public func run() async throws {
        try await runJobLoop(name: "expiry", wakeup: wakeup, logger: logger, sweep: sweep, now: now) { _ in
            let (expired, next) = try await executor.run { [batch] in try $0.expireDueHolds(limit: batch) }
            if expired > 0 { logger.info("expired holds", metadata: ["count": "\(expired)"]) }
            return (expired == batch, next)
        }
    }
}

/// What the mailer needs beyond the book: where mail goes, who it is from, how it is written.
public struct MailerSettings: Sendable {
    public var smtpURL: String
    /// The sender for venues without an address of their own (MAIL_FROM); nil: those venues' mails wait.
    public var from: String?
    public var renderer: MailRenderer
    public var batch: Int
    public var sendTimeout: Int
    public var sweep: TimeInterval

    public init(smtpURL: String, from: String?, renderer: MailRenderer, batch: Int = 20, sendTimeout: Int = 15,
                sweep: TimeInterval = 30) {
        self.smtpURL = smtpURL
        self.from = from
        self.renderer = renderer
        self.batch = batch
        self.sendTimeout = sendTimeout
        self.sweep = sweep
    }

    /// A claimed mail is leased for as long as sending one could take, plus a margin, and the lease of what
    /// is left of the batch is extended before each send: a dead or stalled instance's mails go to another
    /// instance (or its own restart, whatever its name) about this long after it stopped, not after a whole
    /// batch's worth of timeouts.
    public var lease: TimeInterval { Double(sendTimeout + 15) }
}

/// The outbox mailer: claims due mails (SKIP LOCKED, leased), sends them over one SMTP connection per batch,
/// and records each outcome as it happens, so a kill -9 at any moment loses nothing (a mail sent but not
/// recorded goes out again, with the same Message-ID).
public struct MailerService: Service {
    let executor: BookExecutor
    let wakeup: Wakeup
    let logger: Logger
    let instance: String
    let settings: MailerSettings
    let now: @Sendable () -> Date
    /// The SMTP connection belongs to the executor's thread, like the book.
    let smtp = ThreadConfined<SMTPClient?>(nil)

    public init(executor: BookExecutor, wakeup: Wakeup, logger: Logger, instance: String, settings: MailerSettings,
                now: @escaping @Sendable () -> Date) {
        self.executor = executor
        self.wakeup = wakeup
        self.logger = logger
        self.instance = instance
        self.settings = settings
        self.now = now
    }

    public func run() async throws {
        // This instance's own mails from a previous life (same --instance, killed) are its to send now.
        // Best effort: the job loop's sweeps rescue lapsed leases anyway, only later; a failure here is logged.
        do { _ = try await executor.run { [instance] in try $0.rescueLapsedNotifications(heldBy: instance) } } catch {
            logger.warning("mails of a previous run not rescued at start; the next sweep will", metadata: ["error": "\(error)"])
        }
        // A batch cut short by an error (the database went away mid-batch) leaves this instance's mails
        // running under its name; the next batch gives them back first instead of waiting out their lease.
        let cutShort = ThreadConfined(false)  // touched on the executor's thread only
        try await runJobLoop(name: "mailer", wakeup: wakeup, logger: logger, sweep: settings.sweep, now: now) { stop in
            let (claimed, next) = try await executor.run { book in
                if cutShort.value {
                    let mine = try book.rescueLapsedNotifications(heldBy: self.instance)
                    if mine > 0 { self.logger.warning("requeued this instance's mails from a batch cut short", metadata: ["count": "\(mine)"]) }
                }
                cutShort.value = true
                let result = try self.runBatch(book, stop: stop)
                cutShort.value = false
                return result
            }
            return (claimed == settings.batch, next)
        }
    }

    /// One batch, on the executor's thread. Public for tests that drive the mailer step by step.
    public func runBatch(_ book: ReservationBook, stop: StopFlag = StopFlag()) throws -> (claimed: Int, next: Date?) {
        let rescued = try book.rescueLapsedNotifications()
        if rescued > 0 { logger.warning("requeued mails whose instance stopped", metadata: ["count": "\(rescued)"]) }
        let jobs = try book.claimNotifications(instance: instance, limit: settings.batch, lease: settings.lease)
        defer { smtp.value?.close() }
        for (i, job) in jobs.enumerated() {
            if stop.isSet {
                // Shutting down: what was claimed but not started goes back at once, not at lease end.
                try book.releaseNotifications(jobs[i...].map(\.id), instance: instance)
                logger.info("released unsent mails for shutdown", metadata: ["count": "\(jobs.count - i)"])
                break
            }
            if i > 0 {
                let held = try book.extendNotificationLeases(jobs[i...].map(\.id), instance: instance, lease: settings.lease)
                guard held.contains(job.id) else {
                    logger.warning("skipped a mail another instance rescued", metadata: ["notification": "\(job.id)"])
                    continue
                }
            }
            try send(job, book)
        }
        let accountJobs = stop.isSet ? 0 : try runAccountBatch(book, stop: stop)
        let next = [try book.nextNotificationDue(), try book.nextAccountMailDue()].compactMap { $0 }.min()
        return (max(jobs.count, accountJobs), next)
    }

    private func send(_ job: OutboxJob, _ book: ReservationBook) throws {
        try deliver(MailDelivery(
            noun: "mail", meta: ["notification": "\(job.id)", "kind": "\(job.kind)", "attempt": "\(job.attempt)"],
            attempt: job.attempt, recipient: job.recipient, messageID: job.messageID, fromName: TextSanitizer.clean(job.venue.name),
            sender: MailSender.address(venue: job.venue.email, fallback: settings.from),
            missingSender: (MailSender.missing, "set MAIL_FROM or the venue's e-mail"), logsReason: true,
            render: { try settings.renderer.render(job) },
            fail: { try book.failNotification(job.id, instance: instance, error: $0, permanent: $1, retryAfter: $2) },
            complete: { try book.completeNotification(job.id, instance: instance, subject: $0, body: $1) }))
    }
}

/// Every `DaemonInstance.beatInterval` seconds: this instance is alive. A clean stop says so at once.
/// Every 30th beat (about five minutes) it also sweeps the API's spent state: expired tokens and
/// idempotency records past their 24 hours.
public struct HeartbeatService: Service {
    let executor: BookExecutor
    let logger: Logger
    let instance: String
    let version: String
    let startedAt: Date

    public func run() async throws {
        let stop = StopFlag()
        let wakeup = Wakeup()
        let host = ProcessInfo.processInfo.hostName
        let pid = Int(ProcessInfo.processInfo.processIdentifier)
        await withGracefulShutdownHandler {
            var beats = 0
            while !stop.isSet {
                do {
                    let sweep = beats % 30 == 0
                    try await executor.run { [instance, version, startedAt] in
                        try $0.beat(instance: instance, hostname: host, pid: pid, version: version, startedAt: startedAt)
                        if sweep { try $0.pruneOnlineState() }
                    }
                } catch {
                    logger.warning("heartbeat failed", metadata: ["error": "\(error)"])
                }
                beats += 1
                await wakeup.wait(seconds: DaemonInstance.beatInterval)
            }
            // Best effort on the way out: an instance not marked stopped goes stale instead, and is seen dead later.
            do { _ = try await executor.run { [instance] in try $0.markStopped(instance: instance) } } catch {
                logger.warning("instance not marked stopped; its heartbeat will go stale", metadata: ["error": "\(error)"])
            }
        } onGracefulShutdown: {
            stop.set()
            wakeup.signal()
        }
    }
}

/// The LISTEN thread as a service, so it starts and stops with the others.
struct ListenerService: Service {
    let listener: JobListener

    func run() async throws {
        listener.start()
        try? await gracefulShutdown()
        listener.stop()
    }
}
