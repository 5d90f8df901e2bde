import Foundation
import Glibc
import ReservationCore
import ReservationDomain
import ReservationNative

// The benchmark program behind `make bench` (scripts/bench.sh prepares a scratch database on the private
// stack, migrates it as the schema's owner and points DATABASE_URL, MIGRATION_DATABASE_URL and REDIS_URL at
// it). Every figure sits beside a ceiling or baseline measured in the same run: the machine is shared and
// noisy, so absolute figures drift while ratios hold. Prints one table and writes .bench/results.json.
//
// Groups (BENCH_ONLY=a,b to run some): render, data (always when another group needs it), scale, admin, reports,
// availability, feed, book, venues, contended. `--render-only` runs the pure UI frames alone.

let started = monotonicNanos()
do {
    if CommandLine.arguments.contains("--render-only") {
        let o = BenchOptions(quick: true, seconds: 1, repetitions: 1, contendedRounds: [:], scaleVenues: 0, historyDays: 0, daysAhead: 0,
                             guestsPerVenue: 0, samples: 0, only: [], outputDirectory: ".bench", reuseData: false, extraResults: nil, appURL: "", ownerURL: "", redisURL: "")
        let results = Results()
        RenderBenchmarks.run(o, results)
        results.printTable(title: "Render only")
        exit(0)
    }
    let o = try BenchOptions.fromEnvironment()
    let results = Results()
    if let what = ProcessInfo.processInfo.environment["BENCH_PROFILE"] {
        // For a profiler (valgrind --tool=callgrind counts instructions repeatably on a noisy machine):
        // the bench venues only, then the same operation again and again on one warm connection.
        try Machine.forgetCachedAnswers(o)
        try Profile.run(what, o, try BenchData.prepare(o, results, scale: false))
        exit(0)
    }
    print(try Machine.describe(o))
    try Machine.requireDurable(o)
    try Machine.forgetCachedAnswers(o)

    if o.wants("render") {
        print("\n== TUI frames (pure UI, no terminal)")
        RenderBenchmarks.run(o, results)
    }
    let needsData = ["scale", "admin", "reports", "availability", "feed", "book", "venues", "contended"].contains(where: o.wants)
    if needsData {
        print("\n== Data: bench venues, 100 venues with history (set-based, as the schema's owner)")
        let venues = try BenchData.prepare(o, results)
        if o.wants("scale") {
            print("\n== Scale: query plans, then the host's everyday queries")
            try ScaleBenchmarks.run(o, venues, results)
        }
        if o.wants("admin") {
            print("\n== The manager's desk: the audit log, a booking's history, staff and guest lists")
            try AdminBenchmarks.run(o, venues, results)
        }
        if o.wants("reports") {
            print("\n== Reports: one venue over 90 days and a year, every venue over a month, beside the same aggregate in SQL")
            try ReportBenchmarks.run(o, venues, results)
        }
        if o.wants("availability") {
            print("\n== Availability: cold, warm, right after a change")
            try AvailabilityBenchmarks.run(o, venues, results)
        }
        if o.wants("feed") {
            print("\n== Change feed")
            try FeedBenchmarks.run(o, venues, results)
        }
        if o.wants("book") {
            print("\n== Booking without contention, beside pgbench (\(o.repetitions) runs of \(o.seconds) s each)")
            try BookingBenchmarks.noContention(o, venues, results)
        }
        if o.wants("venues") {
            print("\n== Booking across 100 venues")
            try BookingBenchmarks.manyVenues(o, venues, results)
        }
        if o.wants("contended") {
            print("\n== Contended booking: many clients, one table, released together")
            try BookingBenchmarks.contended(o, venues, results)
        }
    }
    // The daemon's and the API's figures come from scripts/bench-daemon.sh and scripts/bench-api.sh (real
    // processes, wrk and hey), merged here so every row stands beside its same-run baseline.
    if let extra = o.extraResults { results.merge(jsonLines: extra) }
    try results.write(to: o.outputDirectory)
    let minutes = Double(monotonicNanos() - started) / 60e9
    results.printTable(title: String(format: "ReservaFlow benchmarks (%@, %.1f min; .bench/results.json)", o.quick ? "BENCH_QUICK" : "full run", minutes))
} catch {
    fflush(nil)
    FileHandle.standardError.write(Data("\nBENCHMARK FAILED: \(error)\n".utf8))
    exit(1)
}

enum Machine {
    static func describe(_ o: BenchOptions) throws -> String {
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "?"
        let mem = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8))?
            .split(separator: "\n").first?.split(separator: " ").dropFirst().first.flatMap { Double($0) }.map { String(format: "%.0f GB", $0 / 1_048_576) } ?? "?"
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
        var uts = utsname()
        uname(&uts)
        let kernel = withUnsafeBytes(of: uts.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let pg = try PGConnection(url: o.appURL).value("SELECT current_setting('server_version') AS v")
        return """
            ReservaFlow benchmarks: \(o.quick ? "BENCH_QUICK (fewer, shorter runs; two weeks of history)" : "full run")
            machine: \(ProcessInfo.processInfo.activeProcessorCount) cores (\(cpu)), \(mem), Linux \(kernel), load average at start \(load)
            PostgreSQL \(pg) (the private stack), \(o.repetitions) runs of \(o.seconds) s per booking figure, \(o.samples) samples per latency
            """
    }

    /// The figures mean nothing unless commits are durable, for the programs and for pgbench alike.
    static func requireDurable(_ o: BenchOptions) throws {
        let app = try PGConnection(url: o.appURL)
        let session = try app.value("SELECT current_setting('synchronous_commit') AS v")
        let fsync = try app.value("SELECT current_setting('fsync') AS v")
        // reset_val: what a session starts with (server, database and role settings), which is what pgbench gets.
        let server = try app.value("SELECT reset_val AS v FROM pg_settings WHERE name = 'synchronous_commit'")
        guard session == "on", fsync == "on", server == "on" else {
            throw BenchFailure("commits are not durable here (synchronous_commit \(server) for the server, \(session) for the programs; fsync \(fsync)): the figures would not mean what they say")
        }
        print("durability: synchronous_commit=on (server default, so pgbench too, and every program session), fsync=on")
    }

    /// Answers cached by an earlier run of a database of the same name (venue ids repeat in a new scratch
    /// database) must not be read by this one.
    static func forgetCachedAnswers(_ o: BenchOptions) throws {
        let e = RedisEndpoint(url: o.redisURL)!
        let redis = try e.connect()
        let db = try PGConnection(url: o.appURL).value("SELECT current_database() AS v")
        var cursor = "0"
        repeat {
            let reply = try redis.command(["SCAN", cursor, "MATCH", "rf:\(db):*", "COUNT", "1000"]).array
            cursor = reply.first?.string ?? "0"
            let keys = reply.count > 1 ? reply[1].array.compactMap(\.string) : []
            if !keys.isEmpty { _ = try redis.command(["UNLINK"] + keys) }
        } while cursor != "0"
    }
}
