import Foundation
import ReservationCore
import ReservationDomain
import ReservationNative

/// The reports at scale (issue 22): each of a venue's reports over 90 days and over a year, and the roll-up
/// of every venue for a month, against the 100 scale venues' history (2 M bookings in the full run). The
/// plans are checked first; then each is timed cold (a new book, its first call on a fresh connection: the
/// reports cache nothing, so this is what a manager's first key press costs; PostgreSQL's own buffers stay
/// warm, since the machine is shared and its page cache is not ours to drop), beside the ceiling: the same
/// aggregate read straight from one hand-written SQL query.
enum ReportBenchmarks {
    static func run(_ o: BenchOptions, _ v: BenchVenues, _ results: Results) throws {
        let owner = try PGConnection(url: o.ownerURL, session: .migration)
        try generateWaits(owner, results)
        let admin = Actor.commandLine(user: "bench")
        let venue = v.scale[7]
        let book = try ReservationBook(configuration: o.configuration)
        let r = try book.restaurant(id: venue)
        let yesterday = r.clock.localDate(of: Date()).adding(days: -1)
        func last(_ days: Int) throws -> ReportRange { try ReportRange(from: yesterday.adding(days: 1 - days), to: yesterday) }
        let quarter = try last(90), year = try last(365), month = try last(30)

        // A year reads more pages than the hot-path limit by design (a year of a venue's rows): the plans are
        // checked on the 90-day reports and the month's roll-up, which run the same statements.
        let paths: [(String, () throws -> Void)] = ReportKind.perVenue.map { kind in
            ("report \(kind.rawValue), one venue, 90 days", { _ = try book.report(kind, restaurantID: venue, range: quarter, actor: admin) })
        } + [("report venues, every venue, a month", { _ = try book.venuesReport(range: month, actor: admin) })]
        let checked = try ScaleBenchmarks.checkPlans(paths, book: book, owner: owner)
        results.note("report plans checked (\(checked) statements of the seven reports over 90 days and the roll-up over a month): no Seq Scan of a table over \(Int(ScaleBenchmarks.bigTable)) rows, none over \(ScaleBenchmarks.maxBuffers) buffers")

        let rows = try owner.number("""
            SELECT count(*) AS v FROM reservations WHERE restaurant_id = $1 AND starts_at >= $2::date - 90 AND starts_at < $3::date + 1
            """, [venue, quarter.from.description, quarter.to.description])
        results.note("reports: venue \(venue) has \(rows) bookings in the 90 days before \(quarter.from) and in them (the report reads both ranges)")

        let samples = o.quick ? 8 : 30
        for kind in ReportKind.perVenue {
            try cold(o, "one venue, 90 days, \(kind.rawValue)", samples: samples, into: results, ceiling: kind == .covers ? ("covers by day straight from SQL", {
                try coversByDay(owner, [venue], from: r.clock.startOfDay(quarter.previous.from), to: r.clock.startOfDay(yesterday.adding(days: 1)))
            }) : kind == .turns ? ("turn percentiles by party straight from SQL", {
                try turnPercentiles(owner, venue, from: r.clock.startOfDay(quarter.previous.from), to: r.clock.startOfDay(yesterday.adding(days: 1)))
            }) : nil) { b in _ = try b.report(kind, restaurantID: venue, range: quarter, actor: admin) }
        }
        try cold(o, "one venue, a year, covers", samples: max(3, samples / 2), into: results, ceiling: ("covers by day straight from SQL", {
            try coversByDay(owner, [venue], from: r.clock.startOfDay(year.previous.from), to: r.clock.startOfDay(yesterday.adding(days: 1)))
        })) { b in _ = try b.report(.covers, restaurantID: venue, range: year, actor: admin) }
        try cold(o, "one venue, a year, turns", samples: max(3, samples / 2), into: results, ceiling: nil) { b in
            _ = try b.report(.turns, restaurantID: venue, range: year, actor: admin)
        }
        try cold(o, "every venue, a month (the roll-up)", samples: max(3, samples / 2), into: results, ceiling: ("covers by venue straight from SQL", {
            try coversByDay(owner, v.scale, from: r.clock.startOfDay(month.previous.from), to: r.clock.startOfDay(yesterday.adding(days: 1)))
        })) { b in _ = try b.venuesReport(range: month, actor: admin) }
    }

    /// `body` on a new book each time (opened outside the timing), p50 and p99, beside `ceiling`'s.
    static func cold(_ o: BenchOptions, _ name: String, samples: Int, into results: Results, ceiling: (String, () throws -> Void)?,
                     _ body: (ReservationBook) throws -> Void) throws {
        var times: [Double] = [], floors: [Double] = []
        for _ in 0..<samples {
            let book = try ReservationBook(configuration: o.configuration)
            times.append(try timeMillis { try body(book) })
            if let ceiling { floors.append(try timeMillis(ceiling.1)) }
        }
        for (p, label) in [(0.5, "p50"), (0.99, "p99")] {
            results.add("reports, \(name), cold, \(label)", Stats.percentile(times, p), "ms",
                        baseline: ceiling.map { "\($0.0), \(label)" }, baselineValue: ceiling == nil ? nil : Stats.percentile(floors, p))
        }
    }

    /// The covers report's main aggregate (bookings, covers, walk-in covers per venue and day), in one query.
    static func coversByDay(_ db: PGConnection, _ venues: [RestaurantID], from: Date, to: Date) throws {
        _ = try db.query("""
            SELECT r.restaurant_id, (r.starts_at AT TIME ZONE v.time_zone)::date AS day,
                   count(*) FILTER (WHERE r.source <> 'walk_in' AND r.status <> 'expired') AS bookings,
                   coalesce(sum(r.party_size) FILTER (WHERE r.status IN ('seated', 'completed')), 0) AS covers,
                   coalesce(sum(r.party_size) FILTER (WHERE r.status IN ('seated', 'completed') AND r.source = 'walk_in'), 0) AS walk_in
            FROM reservations r JOIN restaurants v ON v.id = r.restaurant_id
            WHERE r.restaurant_id = ANY($1::bigint[]) AND r.starts_at >= to_timestamp($2::float8) AND r.starts_at < to_timestamp($3::float8)
            GROUP BY 1, 2
            """, [venues.map(String.init), from, to])
    }

    static func turnPercentiles(_ db: PGConnection, _ venue: RestaurantID, from: Date, to: Date) throws {
        _ = try db.query("""
            SELECT party_size, count(*) AS n,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - seated_at)) AS median,
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - seated_at)) AS p90
            FROM reservations WHERE restaurant_id = $1 AND status = 'completed' AND starts_at >= to_timestamp($2::float8) AND starts_at < to_timestamp($3::float8)
            GROUP BY 1
            """, [venue, from, to])
    }

    /// A waitlist for the history: every completed walk-in of the scale venues came off the list, added 0-45
    /// minutes before its seating and quoted 10, 15, 20 or 30 minutes; made once per database, triggers off
    /// for the load as the history's are.
    static func generateWaits(_ owner: PGConnection, _ results: Results) throws {
        guard try owner.number("SELECT count(*) AS v FROM waitlist WHERE notes = 'bench'") == 0 else { return }
        let t0 = monotonicNanos()
        try owner.execScript("""
            BEGIN;
            ALTER TABLE waitlist DISABLE TRIGGER USER;
            INSERT INTO waitlist (restaurant_id, name, party_size, quoted_minutes, status, notes, reservation_id, created_at, updated_at)
            SELECT x.restaurant_id, 'Walk-in', x.party_size, (ARRAY[10, 15, 20, 30])[1 + (hashint8(x.table_id) & 3)], 'seated', 'bench', x.id,
                   x.seated_at - make_interval(mins => (hashint8(hashtext(x.id::text)) & 63)::int % 46), x.seated_at
            FROM reservations x JOIN restaurants r ON r.id = x.restaurant_id
            WHERE r.slug LIKE 'scale-%' AND x.source = 'walk_in' AND x.status = 'completed'
            ORDER BY x.restaurant_id, x.seated_at;
            ALTER TABLE waitlist ENABLE TRIGGER USER;
            COMMIT;
            """)
        try owner.execScript("VACUUM (ANALYZE) waitlist")
        results.add("reports data: waitlist entries for the history's walk-ins, set-based as the owner", Double(monotonicNanos() - t0) / 1e9, "s")
    }
}
