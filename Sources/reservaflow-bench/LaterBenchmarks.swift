import Foundation

/// The place for the scenarios of components still to come. Each adds its figures with a baseline measured
/// in the same run, like the rest:
///
/// (The daemon's are measured by scripts/bench-daemon.sh, run by scripts/bench.sh: expiry lateness for 1,000
/// holds due within 10 s, mails/s beside the sink's own rate with a minimal client, idle CPU.)
/// - **API** (`reservaflow-api`): the original's load with wrk or hey: POST on distinct slots at c=8 and
///   c=32 (baseline: the in-process booking figure at the same clients), 64 clients on one slot (exactly one
///   201), the "drop" of 2,000 requests on 10 slots; beside the original Django figures recorded in
///   docs/benchmarks.md (32 requests/s, p99 0.4-1.6 s).
enum LaterBenchmarks {
    static func run(_ o: BenchOptions, _ results: Results) {
        for (name, binary) in [("API", "reservaflow-api")] {
            let built = FileManager.default.isExecutableFile(atPath: ".build/release/\(binary)")
            results.note("\(name) scenarios: " + (built ? "\(binary) is built but its scenarios are not written yet (LaterBenchmarks.swift)"
                                                        : "not measured: \(binary) does not exist yet (LaterBenchmarks.swift holds their place)"))
        }
    }
}
