import Foundation
import Glibc
import ReservationCore
import ReservationDomain
import ReservationNative

/// The change feed: a change committed at one connection, to its notification read at another (the TUI's
/// `ChangeFeed`, on a thread of its own polling its socket). Beside it: the COMMIT's own round trip, since
/// no notification can arrive before the change is durable.
enum FeedBenchmarks {
    static func run(_ o: BenchOptions, _ v: BenchVenues, _ results: Results) throws {
        let writer = try PGConnection(url: o.appURL)
        let ids = try writer.query("SELECT id FROM reservations WHERE restaurant_id = $1 LIMIT $2", [v.avail[60]!, o.samples]).map { try $0.string("id") }
        guard ids.count == o.samples else { throw BenchFailure("the change feed needs \(o.samples) reservations at bench-avail-60") }

        let arrivals = Locked<[String: UInt64]>([:])
        let stop = Locked(false)
        let listening = DispatchSemaphore(value: 0)
        let failure = Locked<String?>(nil)
        let configuration = o.configuration
        let listener = Thread {
            do {
                let feed = try ChangeFeed(configuration: configuration)
                listening.signal()
                var fds = pollfd(fd: feed.socket, events: Int16(POLLIN), revents: 0)
                while !stop.current {
                    if poll(&fds, 1, 50) > 0 {
                        let events = try feed.drain()
                        let t = monotonicNanos()
                        arrivals.with { for e in events where e.entity == .reservations { $0[e.id] = $0[e.id] ?? t } }
                    }
                }
            } catch {
                failure.with { $0 = "\(error)" }
                listening.signal()
            }
        }
        listener.start()
        listening.wait()
        defer { stop.with { $0 = true } }
        if let f = failure.current { throw BenchFailure("the change feed could not listen: \(f)") }

        var notify: [Double] = [], commit: [Double] = []
        for (k, id) in ids.enumerated() {
            try writer.query("BEGIN")
            try writer.query("UPDATE reservations SET notes = $2 WHERE id = $1", [id, "feed \(k)"])
            let t0 = monotonicNanos()
            try writer.query("COMMIT")
            commit.append(Double(monotonicNanos() - t0) / 1e6)
            let deadline = monotonicNanos() + 2_000_000_000
            while arrivals.current[id] == nil {
                if monotonicNanos() > deadline { throw BenchFailure("no notification within 2 s of a commit (change feed)") }
                usleep(20)
            }
            notify.append(Double(arrivals.current[id]! - t0) / 1e6)
        }
        let c = "the COMMIT's own round trip"
        results.add("change feed: commit to notification at another connection, p50", Stats.percentile(notify, 0.5), "ms",
                    baseline: c + ", p50", baselineValue: Stats.percentile(commit, 0.5))
        results.add("change feed: commit to notification at another connection, p99", Stats.percentile(notify, 0.99), "ms",
                    baseline: c + ", p99", baselineValue: Stats.percentile(commit, 0.99))
    }
}
