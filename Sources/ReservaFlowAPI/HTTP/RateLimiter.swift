import Foundation
import ReservationCore
import Synchronization

/// Requests per caller per minute: a fixed one-minute window per key, cheap and exact enough for abuse
/// control. With Redis (`shared`), every instance counts in the same windows, so N instances behind a
/// balancer give one limit, not N; while Redis does not answer, each instance counts its own share in
/// memory (and /health/ says `rate_limits: per_instance`) rather than refusing or letting everything through.
public final class RateLimiter: Sendable {
    private struct Window {
        var start: Date
        var count: Int
    }
    private let windows = Mutex<[String: Window]>([:])
    private let now: @Sendable () -> Date
    private let shared: SharedWindows?
    static let windowMillis = 60_000

    /// `redis`: count in Redis (REDIS_URL) under `namespace` (the deployment's database name), falling back
    /// to this process while it is away.
    public init(redis: RedisEndpoint? = nil, namespace: String = "", now: @escaping @Sendable () -> Date = Date.init) {
        self.now = now
        shared = redis.map { SharedWindows(endpoint: $0, namespace: namespace) }
    }

    /// The database a libpq URL or keyword string names: the deployment's name for its shared windows.
    public static func namespace(databaseURL: String) -> String {
        if let dbname = databaseURL.split(separator: " ").first(where: { $0.starts(with: "dbname=") }) {
            return String(dbname.dropFirst("dbname=".count))
        }
        guard let scheme = databaseURL.range(of: "://") else { return "" }
        let rest = databaseURL[scheme.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return "" }
        return String(rest[rest.index(after: slash)...].prefix { $0 != "?" })
    }

    /// Counts one request under `key`; nil when allowed, else the seconds until the window opens again.
    /// Blocks for a Redis round trip when shared: for the book's threads (`GuestBookingLimit`).
    public func take(_ key: String, limit: Int) -> Int? {
        guard limit > 0 else { return nil }
        if let counted = shared?.take(key, windowMillis: Self.windowMillis) { return Self.verdict(counted, limit: limit) }
        return takeLocally(key, limit: limit)
    }

    /// The same from async code (the middleware): the Redis round trip waits on the limiter's own queue.
    public func takeAsync(_ key: String, limit: Int) async -> Int? {
        guard limit > 0 else { return nil }
        if let counted = await shared?.takeAsync(key, windowMillis: Self.windowMillis) { return Self.verdict(counted, limit: limit) }
        return takeLocally(key, limit: limit)
    }

    /// How limits are counted now, for /health/: "shared" (Redis answers) or "per_instance".
    public func mode() async -> String {
        guard let shared else { return "per_instance" }
        return await shared.ping() ? "shared" : "per_instance"
    }

    private static func verdict(_ counted: (count: Int, millisLeft: Int), limit: Int) -> Int? {
        counted.count <= limit ? nil : max(1, (counted.millisLeft + 999) / 1000)
    }

    private func takeLocally(_ key: String, limit: Int) -> Int? {
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
