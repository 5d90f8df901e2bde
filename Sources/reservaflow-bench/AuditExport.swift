import Foundation
import ReservationDomain

/// `reservaflow audit --csv` as an operator runs it, every venue's log to a file: the real program in its own
/// process, its rows per second, and its resident memory read from /proc (`AdminBenchmarks.residentMegabytes`) while it writes (issue 21: a million
/// rows in flat memory). Flat means the peak after the first 100,000 rows stays within a few MB of what the
/// process held at 100,000: a program that kept its rows would grow by hundreds of MB over a million.
enum AuditExport {
    static func run(_ o: BenchOptions, _ results: Results) throws {
        let cli = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("reservaflow").path
        guard FileManager.default.isExecutableFile(atPath: cli) else { throw BenchFailure("no reservaflow beside the benchmark (\(cli)): build it first") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: cli)
        p.arguments = ["audit", "--csv"]
        var env = ProcessInfo.processInfo.environment
        env["DATABASE_URL"] = o.appURL  // the environment, not the arguments: `ps` shows arguments to every user
        env["REDIS_URL"] = nil
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        let t0 = monotonicNanos()
        try p.run()
        var lines = 0, nextSample = 10_000
        var atWarm: Double? = nil, peak = 0.0
        while true {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            lines += chunk.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
            if lines >= nextSample {
                nextSample += 10_000
                let rss = AdminBenchmarks.residentMegabytes(of: String(p.processIdentifier))
                peak = max(peak, rss)
                if atWarm == nil, lines >= 100_000 { atWarm = rss }
            }
        }
        p.waitUntilExit()
        let seconds = Double(monotonicNanos() - t0) / 1e9
        guard p.terminationStatus == 0 else { throw BenchFailure("reservaflow audit --csv exited \(p.terminationStatus)") }
        let rows = lines - 1  // less the header; a row whose text holds a newline counts twice (a figure, not a check)
        results.add("admin, `reservaflow audit --csv`, every venue (\(rows) rows), its own process", Double(rows) / seconds, "rows/s")
        guard let atWarm else { return results.note("audit --csv: fewer than 100,000 rows, so no memory figure") }
        results.add("admin, `audit --csv` resident memory: peak after 100,000 rows over the size at 100,000 (\(Int(atWarm)) MB)", peak - atWarm, "MB growth")
    }
}
