import Foundation

extension ReservationBook {
    /// Free tables per 15-minute slot for a party, best fit first. Served from the Redis cache when a
    /// valid entry exists; the cache is only ever an exact copy of this computation.
    ///
    /// A cached answer costs one PostgreSQL round trip (the versions) and one Redis GET: the venue's rules
    /// and floor come from the snapshot this book holds at that version (`VenueSnapshot`).
    public func availability(restaurantID: RestaurantID, date: LocalDate, party: Int) throws(ReservationError) -> AvailabilityResult {
        let (rules, version) = try versions(restaurantID: restaurantID, date: date)
        let venue = try venue(restaurantID, version: rules)
        let r = venue.restaurant
        _ = try validatedParty(party, rules: r.rules)
        // Only days that can be booked are offered: the same window as booking itself.
        try checkBookingWindow(r, date)
        let tables = venue.tables
        let byID = venue.byID
        let at = now()
        if let hit = withRedis({ redis throws(RedisError) in
            try AvailabilityCache.get(redis, space: redisSpace, restaurant: restaurantID, version: version, date: date, party: party, tables: byID, now: at)
        }), let result = hit {
            return result
        }
        let (result, validUntil) = try computeAvailability(r, date: date, party: party, tables: tables, at: at, schedule: venue.schedule)
        _ = withRedis { redis throws(RedisError) in
            try AvailabilityCache.put(redis, space: redisSpace, restaurant: restaurantID, version: version, result: result, validUntil: validUntil, now: at)
        }
        return result
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
        let row = try read {
            try db.queryOne("""
                SELECT r.book_version, coalesce((
                    SELECT sum(v.version) FROM book_versions v
                    WHERE v.restaurant_id = r.id
                      AND v.day BETWEEN ($2::date - 2) AND ($2::date + 3)), 0) AS days
                FROM restaurants r WHERE r.id = $1
                """, [restaurantID, date.description])
        }
        guard let row else { throw .notFound(what: "Venue \(restaurantID)") }
        let rules = row.int64("book_version")
        return (rules, "\(rules).\(row.int64("days"))")
    }

    /// The uncached answer, and until when it stays true without any write.
    func computeAvailability(_ r: Restaurant, date: LocalDate, party: Int, tables: [DiningTable],
                             at: Date, schedule: Schedule) throws(ReservationError) -> (AvailabilityResult, Date) {
        let windows = schedule.windows(on: date)
        let from = (windows.map(\.opens).min() ?? r.clock.startOfDay(date)).addingTimeInterval(-86_400)
        let to = (windows.map(\.closes).max() ?? r.clock.startOfDay(date.adding(days: 1))).addingTimeInterval(86_400)
        let occ = try occupancy(restaurantID: r.id, from: from, to: to)
        let result = AvailabilityEngine.compute(date: date, party: party, rules: r.rules, windows: windows, tables: tables,
                                                occupancy: occ, clock: schedule.clock, now: at)
        // The answer changes by itself when the first offered slot slips into the past or a hold lapses.
        // A slot is offered while `start >= now` and an entry is used while `now < validUntil`, so the
        // entry must end at the first slot's start itself: any later and it offers a slot already begun.
        var validUntil = result.slots.first.map(\.start) ?? at.addingTimeInterval(60)
        let nextLapse = try read {
            try db.queryOne("""
                SELECT extract(epoch FROM min(expires_at)) AS e FROM reservations
                WHERE restaurant_id = $1 AND status = 'pending' AND expires_at > to_timestamp($2::float8)
                """, [r.id, at])?.optionalDate("e")
        }
        if let nextLapse { validUntil = min(validUntil, nextLapse) }
        return (result, validUntil)
    }
}
