import Foundation
import ReservationCore
import Synchronization

/// Timings of the core against the private stack's scratch database (see scripts/bench.sh).
enum CoreBenchmarks {
    static func run(configuration: Configuration) throws {
        let book = try ReservationBook(configuration: configuration)
        let r = try book.restaurant(slug: "demo")
        let today = r.clock.localDate(of: Date())
        let tomorrow = today.adding(days: 1)

        // Availability: the first call computes and caches; the rest are served by Redis until a write.
        var uncached: [Double] = []
        let noRedis = try ReservationBook(configuration: Configuration(databaseURL: configuration.databaseURL, redisURL: nil))
        for party in 1...8 {
            uncached.append(try time { _ = try noRedis.availability(restaurantID: r.id, date: tomorrow, party: party) })
        }
        var cached: [Double] = []
        _ = try book.availability(restaurantID: r.id, date: tomorrow, party: 4)
        for _ in 0..<50 { cached.append(try time { _ = try book.availability(restaurantID: r.id, date: tomorrow, party: 4) }) }
        report("availability, uncached (PostgreSQL)", uncached)
        report("availability, cached (Redis)", cached)

        var sheets: [Double] = []
        for _ in 0..<20 { sheets.append(try time { _ = try book.daySheet(restaurantID: r.id, date: today) }) }
        report("day sheet load (whole day, 40 tables)", sheets)

        // Booking throughput: 8 threads, each with its own connections, best-fit bookings on days 30-40 ahead.
        let threads = 8, perThread = 50
        let booked = Atomic<Int>(0), refused = Atomic<Int>(0)
        let group = DispatchGroup()
        let start = Date()
        for t in 0..<threads {
            group.enter()
            Thread {
                defer { group.leave() }
                guard let mine = try? ReservationBook(configuration: configuration) else { return }
                for i in 0..<perThread {
                    let day = tomorrow.adding(days: 30 + (i % 10))
                    let time = TimeOfDay(hour: 19 + (i + t) % 3, minute: ((i + t) % 4) * 15)!
                    let req = BookingRequest(restaurantID: r.id, date: day, time: time, partySize: 1 + (i + t) % 4,
                                             guest: .new(name: "Bench \(t)-\(i)", phone: "+3461\(String(format: "%07d", t * 10_000 + i))", email: nil))
                    do {
                        _ = try mine.book(req, actor: .commandLine(user: "bench"))
                        booked.add(1, ordering: .relaxed)
                    } catch {
                        refused.add(1, ordering: .relaxed)
                    }
                }
            }.start()
        }
        group.wait()
        let elapsed = Date().timeIntervalSince(start)
        let ok = booked.load(ordering: .relaxed), no = refused.load(ordering: .relaxed)
        print(String(format: "booking, 8 threads in-process: %d booked, %d refused in %.2f s = %.0f bookings/s",
                     ok, no, elapsed, Double(ok) / elapsed))
    }

    static func time(_ body: () throws -> Void) throws -> Double {
        let t0 = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1_000_000
    }

    static func timeOnly(_ body: () -> Void) -> Double {
        let t0 = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1_000_000
    }

    static func report(_ name: String, _ samples: [Double]) {
        let s = samples.sorted()
        func pct(_ p: Double) -> Double { s[min(s.count - 1, Int(Double(s.count - 1) * p))] }
        print(String(format: "%@: median %.2f ms, p99 %.2f ms (n=%d)", name, pct(0.5), pct(0.99), s.count))
    }
}
