import Foundation
import Glibc
import Logging
import ReservationCore
import Synchronization
import ReservationDomain

/// LISTENs for the book's changes and the outbox's new jobs on a connection and thread of its own, and
/// wakes the services that care. NOTIFY is only a hint to start early: the services also sleep until their
/// next due instant and sweep now and then, so a notification lost while disconnected costs nothing but a
/// few seconds. Reconnects with backoff.
final class JobListener: Sendable {
    private let configuration: Configuration
    private let logger: Logger
    private let onReservations: @Sendable () -> Void
    private let onJobs: @Sendable () -> Void
    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    init(configuration: Configuration, logger: Logger, onReservations: @escaping @Sendable () -> Void,
         onJobs: @escaping @Sendable () -> Void) {
        self.configuration = configuration
        self.logger = logger
        self.onReservations = onReservations
        self.onJobs = onJobs
    }

    func start() {
        let thread = Thread { [self] in
            run()
            finished.signal()
        }
        thread.name = "reservaflowd-listen"
        thread.start()
    }

    /// Stops and waits (at most a poll interval) for the thread to let go of its connection.
    func stop() {
        stopping.store(true, ordering: .relaxed)
        _ = finished.wait(timeout: .now() + 2)
    }

    private func run() {
        var backoff = 0.25
        while !stopping.load(ordering: .relaxed) {
            let feed: ChangeFeed
            do { feed = try ChangeFeed(configuration: configuration) } catch {
                logger.warning("listener: cannot connect, retrying", metadata: ["in_s": "\(backoff)"])
                Thread.sleep(forTimeInterval: backoff)
                backoff = min(backoff * 2, 8)
                continue
            }
            backoff = 0.25
            // Anything may have happened while disconnected.
            onReservations()
            onJobs()
            while !stopping.load(ordering: .relaxed) {
                var fd = pollfd(fd: feed.socket, events: Int16(POLLIN), revents: 0)
                // The timeout is only so `stop()` is noticed; no query runs on a timeout.
                let ready = poll(&fd, 1, 500)
                if ready < 0 && errno != EINTR { break }
                guard ready > 0 else { continue }
                let events: [ChangeEvent]
                do { events = try feed.drain() } catch {
                    logger.warning("listener: connection lost, reconnecting", metadata: ["error": "\(error)"])
                    break
                }
                if events.contains(where: { $0.entity == .reservations }) { onReservations() }
                if events.contains(where: { $0.entity == .notifications }) { onJobs() }
            }
        }
    }
}
