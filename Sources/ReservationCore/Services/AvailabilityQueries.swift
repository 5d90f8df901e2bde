import Foundation
import ReservationDomain
import ReservationNative

extension ReservationBook {
    /// Free tables per 15-minute slot for a party, best fit first. Served from the Redis cache when a
    /// valid entry exists; the cache is only ever an exact copy of this computation.
    ///
    /// The version is read from PostgreSQL on every call (one round trip); the venue's rules and floor come
    /// from the snapshot this book holds at that version (`VenueSnapshot`). An answer this book already
    /// computed or read under the same version is kept here too, under the same key and the same time limit
    /// as in Redis, so asking again costs that one round trip; an answer another terminal computed costs one
    /// Redis GET more.
    public func availability(restaurantID: RestaurantID, date: LocalDate, party: Int) throws(ReservationError) -> AvailabilityResult {
        let (rules, version) = try versions(restaurantID: restaurantID, date: date)
        let venue = try venue(restaurantID, version: rules)
        let r = venue.restaurant
        _ = try validatedParty(party, rules: r.rules)
        // Only days that can be booked are offered: the same window as booking itself.
        try checkBookingWindow(r, date)
        let at = now()
        let key = AvailabilityCache.entryKey(redisSpace, restaurantID, version: version, date: date, party: party)
        if let (result, validUntil) = answers[key], at < validUntil { return result }
        if let hit = withRedis({ redis throws(RedisError) in
            try AvailabilityCache.get(redis, key: key, date: date, party: party, tables: venue.byID, now: at)
        }), let (result, validUntil) = hit {
            remember(key, result, until: min(validUntil, at.addingTimeInterval(60)))
            return result
        }
        let (result, validUntil) = try computeAvailability(r, date: date, party: party, tables: venue.tables, at: at,
                                                           schedule: venue.schedule, fitting: venue.bestFit(party: party),
                                                           combinations: venue.bestFitCombinations(party: party))
        // An answer offering a combination stays in this book only: the Redis entry's format holds single
        // tables, and an entry without the combinations would offer less than the book has free. (Such
        // answers are for the few parties no single table seats.)
        if !result.slots.contains(where: { !$0.combinations.isEmpty }) {
            _ = withRedis { redis throws(RedisError) in
                try AvailabilityCache.put(redis, space: redisSpace, restaurant: restaurantID, version: version, result: result, validUntil: validUntil, now: at)
            }
        }
        remember(key, result, until: min(validUntil, at.addingTimeInterval(60)))
        return result
    }

    /// Keeps an answer for this book, bounded like the Redis entry (at most 60 s) and in number.
    private func remember(_ key: String, _ result: AvailabilityResult, until: Date) {
        if answers.count >= 256 { answers.removeAll(keepingCapacity: true) }
        answers[key] = (result, until)
    }

    /// The version of everything one day's availability depends on: the venue's rules (`book_version`) and
    /// the day counters of every UTC day its occupancy can reach (the service may run past midnight, and a
    /// turn from the day before may still hold a table). Both only grow, so "rules.sum" never repeats.
    /// It is read before anything it covers: a write committed in between only leaves an entry under an
    /// old version, which is never read again.
    func availabilityVersion(restaurantID: RestaurantID, date: LocalDate) throws(ReservationError) -> String {
        try versions(restaurantID: restaurantID, date: date).key
    }

    /// The venue's own version (its rules and floor), and the availability version built from it.
    func versions(restaurantID: RestaurantID, date: LocalDate) throws(ReservationError) -> (rules: Int64, key: String) {
        let found = try read {
            try db.queryOne("""
                SELECT r.book_version, coalesce((
                    SELECT sum(v.version) FROM book_versions v
                    WHERE v.restaurant_id = r.id
                      AND v.day BETWEEN ($2::date - 2) AND ($2::date + 3)), 0) AS days
                FROM restaurants r WHERE r.id = $1
                """, [restaurantID, date.description]).map { (rules: try $0.int64("book_version"), days: try $0.int64("days")) }
        }
        guard let found else { throw .notFound(.venue, id: String(restaurantID)) }
        return (found.rules, "\(found.rules).\(found.days)")
    }

    /// The uncached answer, and until when it stays true without any write.
    func computeAvailability(_ r: Restaurant, date: LocalDate, party: Int, tables: [DiningTable],
                             at: Date, schedule: Schedule, fitting: [DiningTable],
                             combinations: [TableCombination] = []) throws(ReservationError) -> (AvailabilityResult, Date) {
        let windows = schedule.windows(on: date)
        // Every slot lies inside a window, so the reservations that can matter are those overlapping the
        // windows (one from the evening before still running into them included). A day without service
        // has no slots at all.
        let from = windows.map(\.opens).min() ?? r.clock.startOfDay(date)
        let to = windows.map(\.closes).max() ?? from
        // Both reads in one round trip: the occupancy, and when the next pending hold lapses.
        let reads: [Result<[PGRow], PGError>]
        do {
            reads = try db.pipeline([
                occupancyStatement(restaurantID: r.id, from: from, to: to, excluding: nil),
                .init("""
                    SELECT extract(epoch FROM min(expires_at)) AS e FROM reservations
                    WHERE restaurant_id = $1 AND status = 'pending' AND expires_at > to_timestamp($2::float8)
                    """, [r.id, at]),
            ])
        } catch {
            throw typed(error)
        }
        let occ = try read { try Occupancy.rows(try reads[0].get()) }
        let nextLapse = try read { try reads[1].get().first?.optionalDate("e") }
        let result = AvailabilityEngine.compute(date: date, party: party, rules: r.rules, windows: windows, tables: tables,
                                                occupancy: occ, clock: schedule.clock, now: at, fitting: fitting,
                                                combinations: combinations)
        // The answer changes by itself when the first offered slot slips into the past or a hold lapses.
        // A slot is offered while `start >= now` and an entry is used while `now < validUntil`, so the
        // entry must end at the first slot's start itself: any later and it offers a slot already begun.
        var validUntil = result.slots.first.map(\.start) ?? at.addingTimeInterval(60)
        if let nextLapse { validUntil = min(validUntil, nextLapse) }
        return (result, validUntil)
    }
}
