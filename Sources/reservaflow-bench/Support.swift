import Foundation
import Glibc
import ReservationCore
import ReservationDomain
import ReservationNative

/// What `make bench` was asked for, from the environment (scripts/bench.sh sets it).
struct BenchOptions {
    /// BENCH_QUICK=1: fewer and shorter runs and a smaller history, for a run under three minutes.
    var quick: Bool
    /// Seconds per timed booking run (and per pgbench run beside it).
    var seconds: Int
    /// Runs per measured figure; the table shows their median.
    var repetitions: Int
    /// Contended rounds per client count.
    var contendedRounds: [Int: Int]
    /// The scale data set: venues, days of history and days ahead, guests per venue.
    var scaleVenues: Int
    var historyDays: Int
    var daysAhead: Int
    var guestsPerVenue: Int
    /// Samples per latency figure.
    var samples: Int
    /// Scenario groups to run (BENCH_ONLY=render,data,scale,availability,feed,book,venues,contended); all when empty.
    var only: Set<String>
    var outputDirectory: String
    /// BENCH_REUSE_DATA=1: a database that already holds an earlier run's data is measured as it is, not
    /// refused (for working on one query with BENCH_ONLY=scale; `make bench` always starts fresh).
    var reuseData: Bool
    /// Records measured by scripts/bench.sh through tmux and the CLI (JSON lines), merged into the table.
    var extraResults: String?

    var appURL: String
    var ownerURL: String
    var redisURL: String

    static func fromEnvironment() throws -> BenchOptions {
        let env = ProcessInfo.processInfo.environment
        let quick = ["1", "yes", "true"].contains(env["BENCH_QUICK"]?.lowercased() ?? "")
        func need(_ key: String) throws -> String {
            guard let v = env[key], !v.isEmpty else { throw BenchFailure("\(key) is not set: run `make bench` (scripts/bench.sh sets it)") }
            return v
        }
        return BenchOptions(
            quick: quick,
            seconds: Int(env["BENCH_SECONDS"] ?? "") ?? (quick ? 2 : 5),
            repetitions: Int(env["BENCH_REPS"] ?? "") ?? (quick ? 3 : 5),
            contendedRounds: quick ? [64: 6, 256: 3] : [64: 30, 256: 12],
            scaleVenues: 100,
            historyDays: quick ? 14 : 365,
            daysAhead: quick ? 7 : 30,
            guestsPerVenue: quick ? 600 : 10_000,
            samples: quick ? 60 : 300,
            only: Set((env["BENCH_ONLY"] ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }),
            outputDirectory: env["BENCH_OUT"] ?? ".bench",
            reuseData: ["1", "yes", "true"].contains(env["BENCH_REUSE_DATA"]?.lowercased() ?? ""),
            extraResults: env["BENCH_EXTRA_RESULTS"],
            appURL: try need("DATABASE_URL"),
            ownerURL: try need("MIGRATION_DATABASE_URL"),
            redisURL: try need("REDIS_URL"))
    }

    func wants(_ group: String) -> Bool { only.isEmpty || only.contains(group) }

    var configuration: Configuration { Configuration(databaseURL: appURL, redisURL: redisURL) }
    var configurationWithoutRedis: Configuration { Configuration(databaseURL: appURL, redisURL: nil) }
}

/// A benchmark that found something wrong (a double booking, a sequential scan on a hot path, a
/// non-durable server): the run stops and says so.
struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

// MARK: Time

/// Monotonic nanoseconds: the clock every figure is measured with.
@inline(__always)
func monotonicNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Milliseconds taken by `body`.
@inline(__always)
func timeMillis(_ body: () throws -> Void) rethrows -> Double {
    let t0 = monotonicNanos()
    try body()
    return Double(monotonicNanos() - t0) / 1_000_000
}

// MARK: Statistics

enum Stats {
    /// Nearest-rank percentile (p in 0...1) of unsorted samples.
    static func percentile(_ samples: [Double], _ p: Double) -> Double {
        guard !samples.isEmpty else { return .nan }
        let s = samples.sorted()
        let rank = Int((p * Double(s.count)).rounded(.up)) - 1
        return s[min(max(rank, 0), s.count - 1)]
    }

    static func median(_ samples: [Double]) -> Double {
        guard !samples.isEmpty else { return .nan }
        let s = samples.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}

/// Latencies of one run, in milliseconds.
struct LatencyRun {
    var samples: [Double]
    var p50: Double { Stats.percentile(samples, 0.5) }
    var p99: Double { Stats.percentile(samples, 0.99) }
}

// MARK: Threads

/// Holds threads at a line until all are ready, then lets them go at once (and again, round after round).
final class StartGate: @unchecked Sendable {
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var generation = 0
    private var waiting = 0

    /// Blocks until `release` is called for the next generation. Returns that generation.
    func wait(after seen: Int) -> Int {
        condition.lock()
        waiting += 1
        condition.broadcast()
        while generation <= seen { condition.wait() }
        waiting -= 1
        let g = generation
        condition.unlock()
        return g
    }

    /// Waits until `count` threads stand at the line, then releases them; returns the release time.
    func release(whenWaiting count: Int) -> UInt64 {
        condition.lock()
        while waiting < count { condition.wait() }
        let t = monotonicNanos()
        generation += 1
        condition.broadcast()
        condition.unlock()
        return t
    }
}

/// A value shared between threads, behind a lock (benchmark bookkeeping, never on a timed path).
final class Locked<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T
    init(_ value: T) { self.value = value }
    func with<R>(_ body: (inout T) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
    var current: T { with { $0 } }
}

// MARK: Processes and connections

/// The parts of a postgresql:// URL, so a child process gets the password in its environment (never in
/// its arguments, which every user sees in `ps`).
struct PGTarget {
    var host: String
    var port: String
    var user: String
    var password: String
    var database: String

    init(url: String) throws {
        guard let u = URLComponents(string: url), let host = u.host, let user = u.user else {
            throw BenchFailure("not a postgresql:// URL (the benchmark expects the stack's URL form)")
        }
        self.host = host
        port = String(u.port ?? 5432)
        self.user = user
        password = u.password ?? ""
        database = u.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
    }

    var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        for k in ["DATABASE_URL", "MIGRATION_DATABASE_URL", "PG_ADMIN_URL", "REDIS_URL"] { env[k] = nil }
        env["PGHOST"] = host
        env["PGPORT"] = port
        env["PGUSER"] = user
        env["PGPASSWORD"] = password
        env["PGDATABASE"] = database
        env["PGOPTIONS"] = "-c client_min_messages=warning"
        return env
    }
}

struct ProcessOutput {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a program to completion and captures its output.
func runProcess(_ path: String, _ arguments: [String], environment: [String: String]? = nil) throws -> ProcessOutput {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = arguments
    if let environment { p.environment = environment }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    // Read both pipes while the process runs, so a chatty child never blocks on a full pipe.
    let errData = Locked(Data())
    let reader = Thread { errData.with { $0 = err.fileHandleForReading.readDataToEndOfFile() } }
    reader.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    while !reader.isFinished { usleep(1000) }
    return ProcessOutput(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData.current, as: UTF8.self))
}

func which(_ program: String) -> String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let path = "\(dir)/\(program)"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}

extension PGConnection {
    /// The column `v` of a one-row query, as text; no row is a failure, not a blank.
    func value(_ sql: String, _ params: [any PGParameter] = []) throws -> String {
        try row(sql, params).string("v")
    }

    /// The column `v` of a one-row query, as a number (a count, an id).
    func number(_ sql: String, _ params: [any PGParameter] = []) throws -> Int64 {
        try row(sql, params).int64("v")
    }

    private func row(_ sql: String, _ params: [any PGParameter]) throws -> PGRow {
        guard let row = try queryOne(sql, params) else { throw BenchFailure("no row from: \(sql)") }
        return row
    }
}
