import Foundation
import ReservationCore
import ReservationDomain
import ReservationNative

/// One day's availability for one party size, at 60 and 200 tables (about half booked): cold (no answer
/// cached for that day and party yet), warm (asked again), and right after a change (another terminal
/// booked or cancelled that day, so the cached answer is stale and must be recomputed).
enum AvailabilityBenchmarks {
    static func run(_ o: BenchOptions, _ v: BenchVenues, _ results: Results) throws {
        let clock = ZonedClock(identifier: "Europe/Madrid")!
        let today = clock.localDate(of: Date())
        let floor = try RoundTrips(o)
        for tables in [60, 200] {
            let venue = v.avail[tables]!
            let terminal = try ReservationBook(configuration: o.configuration)
            let other = try ReservationBook(configuration: o.configuration)
            let s = "availability, \(tables) tables"

            // Cold: a (day, party) nobody asked before, each sample. Beside it: the day's occupancy read in one
            // query, the least any correct uncached answer needs.
            var cold: [Double] = [], coldFloor: [Double] = []
            for k in 0..<o.samples {
                let date = today.adding(days: 1 + k % 59), party = 1 + (k / 59) % 8
                cold.append(try timeMillis { _ = try terminal.availability(restaurantID: venue, date: date, party: party) })
                coldFloor.append(try floor.occupancy(venue, date))
            }
            let occupancy = "one query reading the day's occupancy"
            results.add("\(s), cold, p50", Stats.percentile(cold, 0.5), "ms", baseline: occupancy + ", p50", baselineValue: Stats.percentile(coldFloor, 0.5))
            results.add("\(s), cold, p99", Stats.percentile(cold, 0.99), "ms", baseline: occupancy + ", p99", baselineValue: Stats.percentile(coldFloor, 0.99))

            // Warm: the same question again. Beside it: one PostgreSQL and one Redis round trip (the version
            // read and the cache read a correct cached answer needs).
            let day = today.adding(days: 3)
            _ = try terminal.availability(restaurantID: venue, date: day, party: 2)
            var warm: [Double] = [], warmFloor: [Double] = []
            for _ in 0..<(o.samples * 3) {
                warm.append(try timeMillis { _ = try terminal.availability(restaurantID: venue, date: day, party: 2) })
                warmFloor.append(try floor.versionAndCache())
            }
            let trip = "one PostgreSQL + one Redis round trip"
            results.add("\(s), warm, p50", Stats.percentile(warm, 0.5), "ms", baseline: trip + ", p50", baselineValue: Stats.percentile(warmFloor, 0.5))
            results.add("\(s), warm, p99", Stats.percentile(warm, 0.99), "ms", baseline: trip + ", p99", baselineValue: Stats.percentile(warmFloor, 0.99))

            // Warm at another terminal: the answer one terminal computed, read by another (Redis shared).
            var shared: [Double] = []
            for k in 0..<o.samples {
                let date = today.adding(days: 1 + k % 59), party = 1 + (k / 59) % 8
                shared.append(try timeMillis { _ = try other.availability(restaurantID: venue, date: date, party: party) })
            }
            results.add("\(s), computed at another terminal, p50", Stats.percentile(shared, 0.5), "ms", baseline: trip + ", p50", baselineValue: Stats.percentile(warmFloor, 0.5))
            results.add("\(s), computed at another terminal, p99", Stats.percentile(shared, 0.99), "ms", baseline: trip + ", p99", baselineValue: Stats.percentile(warmFloor, 0.99))

            // Right after a change: the other terminal books (then cancels) that day; this one asks again.
            var changed: [Double] = [], changedFloor: [Double] = []
            let actor = Actor(staffID: nil, name: "bench host", role: .host, venues: [venue])
            var booked: UUID? = nil
            for k in 0..<o.samples {
                if let id = booked {
                    _ = try other.apply(.cancel, to: id, actor: actor)
                    booked = nil
                } else {
                    let req = BookingRequest(restaurantID: venue, date: day, time: TimeOfDay(hour: 15, minute: 0)!, partySize: 2,
                                             guest: .new(name: "Change \(k)", phone: BookingBenchmarks.phone(70 + tables % 10, 0, k), email: nil))
                    booked = try other.book(req, actor: actor).entry.id
                }
                changed.append(try timeMillis { _ = try terminal.availability(restaurantID: venue, date: day, party: 2) })
                changedFloor.append(try floor.occupancy(venue, day))
            }
            results.add("\(s), right after a change, p50", Stats.percentile(changed, 0.5), "ms", baseline: occupancy + ", p50", baselineValue: Stats.percentile(changedFloor, 0.5))
            results.add("\(s), right after a change, p99", Stats.percentile(changed, 0.99), "ms", baseline: occupancy + ", p99", baselineValue: Stats.percentile(changedFloor, 0.99))
        }
    }
}

/// The floors figures are compared with: raw round trips on their own connections, no ReservationCore.
final class RoundTrips {
    let pg: PGConnection
    let redis: RedisConnection
    let key = "rf:bench:floor"

    init(_ o: BenchOptions) throws {
        pg = try PGConnection(url: o.appURL)
        let e = RedisEndpoint(url: o.redisURL)!
        redis = try e.connect()
        // About the size of a cached availability answer.
        _ = try redis.command(["SET", key, String(repeating: "1,", count: 1500), "EX", "600"])
    }

    /// `SELECT 1` and a Redis GET, in milliseconds.
    func versionAndCache() throws -> Double {
        try timeMillis {
            _ = try pg.queryOne("SELECT 1 AS v")
            _ = try redis.command(["GET", key])
        }
    }

    /// `SELECT 1` alone.
    func postgres() throws -> Double { try timeMillis { _ = try pg.queryOne("SELECT 1 AS v") } }

    /// `body`'s p50 and p99 over `samples` runs, each beside a `SELECT 1` round trip, as "\(group), \(name)".
    func measure(_ group: String, _ name: String, samples: Int, into results: Results, _ body: () throws -> Void) throws {
        var times: [Double] = [], trips: [Double] = []
        for _ in 0..<samples {
            times.append(try timeMillis(body))
            trips.append(try postgres())
        }
        let trip = "one PostgreSQL round trip (SELECT 1)"
        results.add("\(group), \(name), p50", Stats.percentile(times, 0.5), "ms", baseline: trip + ", p50", baselineValue: Stats.percentile(trips, 0.5))
        results.add("\(group), \(name), p99", Stats.percentile(times, 0.99), "ms", baseline: trip + ", p99", baselineValue: Stats.percentile(trips, 0.99))
    }

    /// The live reservations over a bench venue's service hours that day (12:00-23:30 in Madrid), in one
    /// query: what an uncached answer must read, read as plainly and as fast as it can be (a range of start
    /// times on the day index, as bookings last at most a day; `period &&` through the GiST index took three
    /// times as long).
    func occupancy(_ venue: RestaurantID, _ date: LocalDate) throws -> Double {
        try timeMillis {
            _ = try pg.query("""
                SELECT table_id, starts_at, ends_at FROM reservations
                WHERE restaurant_id = $1 AND status IN ('pending', 'confirmed', 'seated')
                  AND starts_at > ($2::date + time '12:00') AT TIME ZONE 'Europe/Madrid' - interval '24 hours'
                  AND starts_at < ($2::date + time '23:30') AT TIME ZONE 'Europe/Madrid'
                  AND ends_at > ($2::date + time '12:00') AT TIME ZONE 'Europe/Madrid'
                """, [venue, date.description])
        }
    }
}
