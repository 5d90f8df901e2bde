import Foundation
import ReservationCore
import ReservationDomain

/// `BENCH_PROFILE=booking|availability|availability-cold reservaflow-bench` (after scripts/bench.sh's
/// database set-up): one operation, repeated BENCH_PROFILE_N times on one warm connection, for a profiler.
/// Run under `valgrind --tool=callgrind --toggle-collect=...` to count the instructions of the loop alone.
enum Profile {
    static func run(_ what: String, _ o: BenchOptions, _ v: BenchVenues) throws {
        let n = Int(ProcessInfo.processInfo.environment["BENCH_PROFILE_N"] ?? "") ?? 200
        let book = try ReservationBook(configuration: o.configuration)
        let today = ZonedClock(identifier: "Europe/Madrid")!.localDate(of: Date())
        let actor = BookingBenchmarks.host([v.book, v.avail[60]!, v.avail[200]!])
        let venue = v.avail[Int(ProcessInfo.processInfo.environment["BENCH_PROFILE_TABLES"] ?? "") ?? 60] ?? v.avail[60]!
        func booking(_ i: Int) -> BookingRequest {
            BookingRequest(restaurantID: v.book, tableLabel: "T\(i / 6 % 96 + 1)", date: today.adding(days: 2 + i / 576),
                           time: BenchData.turnsForTwo[i % 6], partySize: 2,
                           guest: .new(name: "Profile Guest \(i)", phone: BookingBenchmarks.phone(99, 0, i), email: "guest\(i)@example.com"))
        }
        // Warm up outside the measured loop (first connection use, venue reads, Redis connection).
        _ = try book.book(booking(n), actor: actor)
        _ = try book.availability(restaurantID: v.avail[60]!, date: today.adding(days: 3), party: 2)
        let t0 = monotonicNanos()
        switch what {
        case "booking":
            for i in 0..<n { try measuredBooking(book, booking(i), actor) }
        case "availability":
            for _ in 0..<n { try measuredAvailability(book, venue, today.adding(days: 3), 2) }
        case "availability-cold":
            for i in 0..<n { try measuredAvailability(book, venue, today.adding(days: 1 + i % 59), 1 + i / 59 % 8) }
        default:
            throw BenchFailure("BENCH_PROFILE=booking, availability or availability-cold")
        }
        print(String(format: "%@ x %d: %.3f ms each", what, n, Double(monotonicNanos() - t0) / 1e6 / Double(n)))
    }

    @inline(never)
    static func measuredBooking(_ book: ReservationBook, _ req: BookingRequest, _ actor: Actor) throws {
        _ = try book.book(req, actor: actor)
    }

    @inline(never)
    static func measuredAvailability(_ book: ReservationBook, _ venue: RestaurantID, _ date: LocalDate, _ party: Int) throws {
        _ = try book.availability(restaurantID: venue, date: date, party: party)
    }
}
