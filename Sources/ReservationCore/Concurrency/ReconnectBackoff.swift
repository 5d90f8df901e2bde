import Foundation

/// When to try opening a database connection again after failing to: 0.1 s after the first failure,
/// doubling up to 0.5 s, each delay jittered so that many threads (the API's pool, several daemons) do not
/// reconnect in step. Short on purpose: the first request after the database is back (or after Patroni
/// promoted a standby) should find it, and the ceiling is added whole to every failover's write gap (at 2 s,
/// losing the leader's machine took 10.6 s against an aim of 10). A refused connection costs the server
/// almost nothing, and attempts are only made when a job asks. A value, so the rule is tested without a clock.
public struct ReconnectBackoff: Sendable, Equatable {
    public static let first: TimeInterval = 0.1
    public static let ceiling: TimeInterval = 0.5

    public private(set) var failures = 0
    public private(set) var nextAttempt: Date?

    public init() {}

    /// How long until the next attempt is allowed, or nil when it is allowed now.
    public func wait(at now: Date) -> TimeInterval? {
        guard let nextAttempt, nextAttempt > now else { return nil }
        return nextAttempt.timeIntervalSince(now)
    }

    /// An attempt failed at `now`; `jitter` in 0.5...1 scales the delay (random in production).
    public mutating func failed(at now: Date, jitter: Double) {
        failures += 1
        let delay = min(Self.first * pow(2, Double(failures - 1)), Self.ceiling)
        nextAttempt = now.addingTimeInterval(delay * min(max(jitter, 0.5), 1))
    }

    public mutating func succeeded() {
        failures = 0
        nextAttempt = nil
    }
}
