import Foundation
import ReservationCore

// The benchmark program: figures for docs/benchmarks.md. Run through `make bench`, which prepares a
// scratch database with the demo venue and points DATABASE_URL at it.
print("ReservaFlow benchmarks (\(ProcessInfo.processInfo.activeProcessorCount) cores)")
RenderBenchmarks.run()
if CommandLine.arguments.contains("--render-only") { exit(0) }
try CoreBenchmarks.run(configuration: try Configuration.load())
