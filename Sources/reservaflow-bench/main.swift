import Foundation
import ReservationCore

// The benchmark program: figures for docs/benchmarks.md. Run through `make bench`, which prepares a
// scratch database with the demo venue and points DATABASE_URL at it.
let configuration = try Configuration.load()
print("ReservaFlow benchmarks (\(ProcessInfo.processInfo.activeProcessorCount) cores)")
try CoreBenchmarks.run(configuration: configuration)
