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
/// hiredis blocks, so each connection lives on a serial queue of its own (a lane), never on Swift's
/// cooperative pool or an event loop. A key always takes the same lane; several lanes, so that one busy
/// caller's counts do not queue every other caller's behind one connection. (One caller's own requests
/// still go one round trip after another: docs/api.md has the cost.)
final class SharedWindows: Sendable {
    /// Keys are `rf:rl:<namespace>:<bucket>:<caller>`: the instances of one deployment (one database) share
    /// windows, another deployment on the same Redis (or another test's server) does not.
    private let prefix: String
    private let lanes: [Lane]
    /// Whether the last attempt reached Redis (for /health/); read from any thread.
    private let reachable = Atomic<Bool>(false)
    static let timeoutMillis = 100
    static let laneCount = 4

    static let script = """
        local n = redis.call('INCR', KEYS[1])
        if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
        return {n, ttl}
        """

    init(endpoint: RedisEndpoint, namespace: String) {
        prefix = "rf:rl:\(namespace):"
        lanes = (0..<Self.laneCount).map { Lane(endpoint: endpoint, label: "reservaflow.rate-limits.\($0)") }
    }

    private func lane(_ key: String) -> Lane { lanes[Int(UInt(bitPattern: key.hashValue) % UInt(lanes.count))] }

    /// The count so far in `key`'s window (this request included) and the milliseconds it has left; nil
    /// when Redis cannot say. Blocks for one round trip: call it off the event loops (`takeAsync`).
    func take(_ key: String, windowMillis: Int) -> (count: Int, millisLeft: Int)? {
        let lane = lane(key)
        return lane.queue.sync { noted(lane.count(prefix + key, windowMillis: windowMillis)) }
    }

    func takeAsync(_ key: String, windowMillis: Int) async -> (count: Int, millisLeft: Int)? {
        let lane = lane(key)
        return await withCheckedContinuation { done in
            lane.queue.async { done.resume(returning: self.noted(lane.count(self.prefix + key, windowMillis: windowMillis))) }
        }
    }

    /// Whether Redis answers now (for /health/): a PING on the first lane, reconnecting if it may.
    func ping() async -> Bool {
        let lane = lanes[0]
        return await withCheckedContinuation { done in
            lane.queue.async {
                let up = lane.ping()
                self.reachable.store(up, ordering: .relaxed)
                done.resume(returning: up)
            }
        }
    }

    private func noted(_ counted: (count: Int, millisLeft: Int)?) -> (count: Int, millisLeft: Int)? {
        reachable.store(counted != nil, ordering: .relaxed)
        return counted
    }
}

/// One Redis connection and the serial queue it is used on; everything but `queue` is touched only on that
/// queue, hence the unchecked Sendable.
private final class Lane: @unchecked Sendable {
    let queue: DispatchQueue
    private let endpoint: RedisEndpoint
    private var connection: RedisConnection?
    private var retryAt = Date.distantPast

    init(endpoint: RedisEndpoint, label: String) {
        self.endpoint = endpoint
        queue = DispatchQueue(label: label)
    }

    func count(_ key: String, windowMillis: Int) -> (count: Int, millisLeft: Int)? {
        guard let connection = connected() else { return nil }
        do {
            let reply = try connection.evaluate(SharedWindows.script, keys: [key], args: [String(windowMillis)]).array
            guard reply.count == 2, let n = reply[0].integer, let ttl = reply[1].integer else { return failed() }
            return (Int(n), Int(ttl))
        } catch {
            return failed()
        }
    }

    func ping() -> Bool {
        guard let connection = connected(), (try? connection.command(["PING"])) != nil else {
            _ = failed()
            return false
        }
        return true
    }

    /// The connection, opened again at most once a second after a failure.
    private func connected() -> RedisConnection? {
        if connection == nil, Date() >= retryAt {
            do { connection = try endpoint.connect(timeoutMillis: SharedWindows.timeoutMillis) } catch { _ = failed() }
        }
        return connection
    }

    /// Redis went away (or answered nonsense): drop the connection, count locally for a second.
    private func failed() -> (count: Int, millisLeft: Int)? {
        connection = nil
        retryAt = Date().addingTimeInterval(1)
        return nil
    }
}
