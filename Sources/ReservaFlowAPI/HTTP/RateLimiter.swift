import Foundation
import Synchronization

/// Requests per caller per minute, in this process (a fixed one-minute window per key: cheap, and exact
/// enough for abuse control). Behind a load balancer each instance counts its own share; the limits are
/// per instance (docs/api.md).
public final class RateLimiter: Sendable {
    private struct Window {
        var start: Date
        var count: Int
    }
    private let windows = Mutex<[String: Window]>([:])
    private let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date = Date.init) {
        self.now = now
    }

    /// Counts one request under `key`; nil when allowed, else the seconds until the window opens again.
    public func take(_ key: String, limit: Int) -> Int? {
        guard limit > 0 else { return nil }
        let at = now()
        return windows.withLock { w -> Int? in
            if w.count > 50_000 { w = w.filter { at.timeIntervalSince($0.value.start) < 60 } }
            var win = w[key] ?? Window(start: at, count: 0)
            if at.timeIntervalSince(win.start) >= 60 { win = Window(start: at, count: 0) }
            guard win.count < limit else {
                return max(1, Int((60 - at.timeIntervalSince(win.start)).rounded(.up)))
            }
            win.count += 1
            w[key] = win
            return nil
        }
    }
}

/// The limits, per minute (0 turns one off). Defaults a restaurant would accept: a guest books a few tables
/// a minute at most; one address may be a whole office behind NAT.
public struct RateLimits: Sendable, Hashable {
    /// Bookings (POST /api/reservations/) per signed-in guest.
    public var bookingsPerGuest = 10
    /// Bookings per client address.
    public var bookingsPerAddress = 60
    /// Sign-ins and registrations per client address (password guessing).
    public var authPerAddress = 20
    /// Every request per client address.
    public var requestsPerAddress = 1200

    public init() {}
}
