import Dispatch
import Foundation
import ReservationCore
import ReservationNative
import Synchronization

/// Rate-limit windows counted in Redis, so every API instance behind a balancer counts against one limit.
/// A window is one key: the first request of a minute creates it with a minute to live, each request adds
/// one, atomically in a script (INCR, PEXPIRE on the first), and the key's remaining life is the
/// Retry-After. While Redis does not answer, `take` says so (nil) and the caller counts in its own
/// process; Redis is tried again a second later.
///
/// hiredis blocks, so the connection lives on a serial queue of its own, never on Swift's cooperative
/// pool or an event loop; every use of it is on that queue, hence the unchecked Sendable.
final class SharedWindows: @unchecked Sendable {
    private let endpoint: RedisEndpoint
    /// Keys are `rf:rl:<namespace>:<bucket>:<caller>`: the instances of one deployment (one database) share
    /// windows, another deployment on the same Redis (or another test's server) does not.
    private let prefix: String
    private let queue = DispatchQueue(label: "reservaflow.rate-limits")
    /// Queue-confined.
    private var connection: RedisConnection?
    private var retryAt = Date.distantPast
    /// Whether the last attempt reached Redis (for /health/); read from any thread.
    private let reachable = Atomic<Bool>(false)
    static let timeoutMillis = 100

    static let script = """
        local n = redis.call('INCR', KEYS[1])
        if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
        return {n, ttl}
        """

    init(endpoint: RedisEndpoint, namespace: String) {
        self.endpoint = endpoint
        prefix = "rf:rl:\(namespace):"
    }

    var isShared: Bool { reachable.load(ordering: .relaxed) }

    /// The count so far in `key`'s window (this request included) and the milliseconds it has left; nil
    /// when Redis cannot say. Blocks for one round trip: call it off the event loops (`takeAsync`).
    func take(_ key: String, windowMillis: Int) -> (count: Int, millisLeft: Int)? {
        queue.sync { count(key, windowMillis: windowMillis) }
    }

    func takeAsync(_ key: String, windowMillis: Int) async -> (count: Int, millisLeft: Int)? {
        await withCheckedContinuation { done in
            queue.async { done.resume(returning: self.count(key, windowMillis: windowMillis)) }
        }
    }

    /// Whether Redis answers now (for /health/): a PING on the queue, reconnecting if it may.
    func ping() async -> Bool {
        await withCheckedContinuation { done in
            queue.async {
                let now = Date()
                if self.connection == nil, now >= self.retryAt {
                    self.connection = try? self.endpoint.connect(timeoutMillis: Self.timeoutMillis)
                }
                guard let connection = self.connection, (try? connection.command(["PING"])) != nil else {
                    _ = self.failed(now)
                    return done.resume(returning: false)
                }
                self.reachable.store(true, ordering: .relaxed)
                done.resume(returning: true)
            }
        }
    }

    private func count(_ key: String, windowMillis: Int) -> (count: Int, millisLeft: Int)? {
        let now = Date()
        if connection == nil {
            guard now >= retryAt else { return nil }
            do { connection = try endpoint.connect(timeoutMillis: Self.timeoutMillis) } catch {
                return failed(now)
            }
        }
        guard let connection else { return nil }
        do {
            let reply = try connection.evaluate(Self.script, keys: [prefix + key], args: [String(windowMillis)]).array
            guard reply.count == 2, let n = reply[0].integer, let ttl = reply[1].integer else { return failed(now) }
            reachable.store(true, ordering: .relaxed)
            return (Int(n), Int(ttl))
        } catch {
            return failed(now)
        }
    }

    /// Redis went away (or answered nonsense): drop the connection, count locally for a second.
    private func failed(_ now: Date) -> (count: Int, millisLeft: Int)? {
        connection = nil
        retryAt = now.addingTimeInterval(1)
        reachable.store(false, ordering: .relaxed)
        return nil
    }
}
