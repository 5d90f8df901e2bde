import Foundation
import POSIXSupport
import Glibc
import Logging
import ReservaFlowUI
import ReservationCore
import Synchronization
import ReservationDomain

/// LISTENs for changes on a connection and thread of its own and tells the UI to reload, without any
/// polling of the database. Reconnects with backoff when the connection drops; `connected` feeds the
/// header's live-updates indicator.
public final class LiveFeed: Sendable {
    private let configuration: Configuration
    /// The venue whose changes matter; 0 until one is chosen.
    private let venue: Atomic<Int64>
    /// The signed-in staff account whose changes end the session; 0 while nobody is signed in.
    private let account = Atomic<Int64>(0)
    private let onChange: @Sendable (Msg) -> Void
    private let logger: Logger
    private let stopping = Atomic<Bool>(false)
    public let connected = Atomic<Bool>(false)

    public init(configuration: Configuration, restaurantID: RestaurantID, logger: Logger, onChange: @escaping @Sendable (Msg) -> Void) {
        self.configuration = configuration
        self.logger = logger
        venue = Atomic(restaurantID)
        self.onChange = onChange
    }

    public func start() {
        let thread = Thread { [self] in run() }
        thread.name = "reservaflow-live"
        thread.start()
    }

    public func stop() { stopping.store(true, ordering: .relaxed) }

    public func follow(_ restaurantID: RestaurantID) { venue.store(restaurantID, ordering: .relaxed) }

    public func watchAccount(_ staff: StaffID?) { account.store(staff ?? 0, ordering: .relaxed) }

    private func run() {
        var backoff = 0.5
        while !stopping.load(ordering: .relaxed) {
            let feed: ChangeFeed
            do { feed = try ChangeFeed(configuration: configuration) } catch {
                Thread.sleep(forTimeInterval: backoff)
                backoff = min(backoff * 2, 8)
                continue
            }
            backoff = 0.5
            connected.store(true, ordering: .relaxed)
            onChange(.liveUpdates(true))
            // Whatever changed while we were away is unknown: reload once connected.
            onChange(.changeFeed(date: nil))
            if account.load(ordering: .relaxed) != 0 { onChange(.accountChanged) }
            while !stopping.load(ordering: .relaxed) {
                var fds = [pollfd(fd: feed.socket, events: Int16(POLLIN), revents: 0)]
                // A short timeout only so `stop()` is noticed; no database traffic happens on a timeout.
                let ready: Int32
                do { ready = try Syscall.poll(&fds, timeoutMs: 500) } catch {
                    logger.warning("live feed could not wait on its socket; reconnecting", metadata: ["error": "\(error)"])
                    break
                }
                guard ready > 0, fds[0].revents != 0 else { continue }
                let events: [ChangeEvent]
                do { events = try feed.drain() } catch {
                    logger.warning("live feed lost its connection; reconnecting", metadata: ["error": "\(error)"])
                    break
                }
                // A burst of changes (a busy moment, a bulk import) becomes one reload.
                let current = venue.load(ordering: .relaxed)
                // (The outbox's notices are the daemon's business, not the screen's.)
                if events.contains(where: { $0.restaurantID == current && $0.entity != .notifications }) {
                    onChange(.changeFeed(date: nil))
                }
                let me = String(account.load(ordering: .relaxed))
                if events.contains(where: { $0.entity == .staff && $0.id == me }) { onChange(.accountChanged) }
            }
            connected.store(false, ordering: .relaxed)
            onChange(.liveUpdates(false))
        }
    }
}
