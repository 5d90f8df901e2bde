import Foundation
import ReservationDomain
import ReservationNative

/// Reading venues, their schedules and floors.
extension ReservationBook {
    public func restaurant(slug: String) throws(ReservationError) -> Restaurant {
        let r = try read { try db.queryOne("SELECT \(Columns.restaurant) FROM restaurants r WHERE r.slug = $1", [slug]).map { try $0.restaurant } }
        guard let r else { throw .notFound(.venue, id: slug) }
        return try withTurnTimes(r)
    }

    public func restaurant(id: RestaurantID) throws(ReservationError) -> Restaurant {
        let r = try read { try db.queryOne("SELECT \(Columns.restaurant) FROM restaurants r WHERE r.id = $1", [id]).map { try $0.restaurant } }
        guard let r else { throw .notFound(.venue, id: String(id)) }
        return try withTurnTimes(r)
    }

    public func restaurants() throws(ReservationError) -> [Restaurant] {
        try read { try db.query("SELECT \(Columns.restaurant) FROM restaurants r ORDER BY r.name").map { try $0.restaurant } }
    }

    /// Venues a staff member works at; admins see all.
    public func restaurants(for staff: StaffMember) throws(ReservationError) -> [Restaurant] {
        if staff.role == .admin { return try restaurants() }
        return try read {
            try db.query("""
                SELECT \(Columns.restaurant) FROM restaurants r JOIN staff_restaurants sr ON sr.restaurant_id = r.id
                WHERE sr.staff_id = $1 ORDER BY r.name
                """, [staff.id]).map { try $0.restaurant }
        }
    }

    private func withTurnTimes(_ r: Restaurant) throws(ReservationError) -> Restaurant {
        try read { try VenueSQL.withTurnTimes(r, try db.query(VenueSQL.turnTimes, [r.id])) }
    }

    public func schedule(for r: Restaurant) throws(ReservationError) -> Schedule {
        try read {
            try VenueSQL.schedule(r, hours: try db.query(VenueSQL.hours, [r.id]), closures: try db.query(VenueSQL.closures, [r.id]),
                                  tableClosures: try db.query(VenueSQL.tableClosures, [r.id]))
        }
    }

    public func areas(restaurantID: RestaurantID) throws(ReservationError) -> [Area] {
        try read { try db.query(VenueSQL.areas, [restaurantID]).map { try $0.area } }
    }

    public func tables(restaurantID: RestaurantID) throws(ReservationError) -> [DiningTable] {
        try read { try db.query(VenueSQL.tables, [restaurantID]).map { try $0.diningTable } }
    }

    /// The tables the venue lets be joined, members in the floor file's order.
    public func combinations(restaurantID: RestaurantID) throws(ReservationError) -> [TableCombination] {
        try read { try db.query(VenueSQL.combinations, [restaurantID]).map { try $0.tableCombination } }
    }

    func table(restaurantID: RestaurantID, label: String) throws(ReservationError) -> DiningTable {
        let table = try read {
            try db.queryOne("SELECT \(Columns.table) FROM dining_tables t WHERE t.restaurant_id = $1 AND lower(t.label) = lower($2)",
                            [restaurantID, label]).map { try $0.diningTable }
        }
        guard let table else { throw .invalid(field: "table", message: "There is no table \"\(TextSanitizer.excerpt(label))\" here.") }
        return table
    }

    /// The day's book for one venue: what every screen and `reservaflow reservations` shows.
    ///
    /// One round trip to PostgreSQL (and one to Redis for the leases): the venue's rules and floor, the
    /// day's bookings, waitlist, areas and shift notes are pipelined; eleven queries one after the other made
    /// the day sheet the slowest read at scale (make bench). The day's bounds need the venue's time zone
    /// before the venue is read, so they come from the snapshot this book holds; the venue read with them
    /// says whether that zone still holds, and a venue that changed its zone is read again.
    public func daySheet(restaurantID: RestaurantID, date: LocalDate) throws(ReservationError) -> DaySheet {
        var zone = try venue(restaurantID).clock.zone
        // Read again only when the venue changed between two statements of one round trip: twice in a row
        // would take a floor import per round trip, so a third try gives up rather than loop.
        for _ in 0..<3 {
            let clock = ZonedClock(zone: zone)
            let from = clock.startOfDay(date), to = clock.startOfDay(date.adding(days: 1))
            let venueReads = VenueSnapshot.statements(restaurantID)
            let rows = try pipelined(venueReads + [
                .init("""
                    SELECT \(Columns.entryWithoutLabels) \(Columns.entryWithoutLabelsJoins)
                    WHERE x.restaurant_id = $1 AND x.starts_at >= to_timestamp($2::float8) AND x.starts_at < to_timestamp($3::float8)
                    """, [restaurantID, from, to]),
                .init("""
                    SELECT \(Columns.waitlist) FROM waitlist w WHERE w.restaurant_id = $1 AND w.status IN ('waiting', 'notified')
                    AND w.created_at >= to_timestamp($2::float8) AND w.created_at < to_timestamp($3::float8) ORDER BY w.position, w.id
                    """, [restaurantID, from, to]),
                .init(VenueSQL.areas, [restaurantID]),
                ShiftNote.statement(restaurantID: restaurantID, date: date),
            ])
            let v = try venueSnapshot(restaurantID, from: rows[..<venueReads.count])
            guard v.clock.zone.identifier == zone.identifier else {
                zone = v.clock.zone
                continue
            }
            let day = rows[venueReads.count...].map { $0 }
            // Labels from the tables read just before; a booking on a table added in between reads again.
            guard let entries = try read({ try v.labelled(try day[0].map { (try $0.reservation, try $0.customer) }) }) else { continue }
            let leases = withRedis { redis throws(RedisError) in try RedisLeases.list(redis, space: redisSpace, restaurant: restaurantID, now: now()) } ?? []
            return try read {
                DaySheet(restaurant: v.restaurant, date: date, windows: v.schedule.windows(on: date), closure: v.schedule.closure(on: date),
                         areas: try day[2].map { try $0.area }, tables: v.tables,
                         entries: entries, waitlist: try day[1].map { try $0.waitlistEntry },
                         leases: leases, loadedAt: now(),
                         walkInWindows: WalkInHours.windows(around: date, schedule: v.schedule),
                         combinations: v.combinations,
                         shiftNote: try ShiftNote.from(day[3], restaurantID: restaurantID, date: date),
                         tablesClosed: v.schedule.tablesClosed(on: date))
            }
        }
        throw .internalError("The venue's floor kept changing while its day was read; try again.")
    }

    public func reservation(id: UUID) throws(ReservationError) -> BookEntry {
        let entry = try read { try db.queryOne("SELECT \(Columns.entry) \(Columns.entryJoins) WHERE x.id = $1", [id]).map { try $0.bookEntry } }
        guard let entry else { throw .notFound(.reservation, id: id.uuidString.lowercased()) }
        return entry
    }

    /// A reservation by full UUID or by the 8-character prefix the screens and CLI show.
    public func reservation(reference: String) throws(ReservationError) -> BookEntry {
        let ref = reference.lowercased().trimmingCharacters(in: .whitespaces)
        if let id = UUID(uuidString: ref) { return try reservation(id: id) }
        guard (6...32).contains(ref.count), ref.allSatisfy({ $0.isASCII && $0.isHexDigit }) else {
            throw .invalid(field: "reservation", message: "\"\(TextSanitizer.excerpt(reference))\" is not a reservation id (8 hex characters or a full UUID).")
        }
        // The ids starting with `ref` are one range of the unique index on id (uuids compare as their hex
        // digits do); `x.id::text LIKE 'ref%'` read every reservation instead. The range is read in its own
        // sub-select, so the plan's estimate is two rows whatever the range: with the range in the join's
        // condition, PostgreSQL planned the three-table join again on every call (0.8 ms of a 1 ms lookup,
        // make bench), since its generic plan looked costlier than each custom one.
        func padded(_ fill: Character) -> String {
            let hex = Array(ref + String(repeating: fill, count: 32 - ref.count))
            return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(hex[$0]) }.joined(separator: "-")
        }
        let entries = try read {
            try db.query("""
                SELECT \(Columns.entry) \(Columns.entryJoins)
                WHERE x.id = ANY (ARRAY(SELECT id FROM reservations WHERE id BETWEEN $1::uuid AND $2::uuid LIMIT 2))
                """, [padded("0"), padded("f")]).map { try $0.bookEntry }
        }
        guard let first = entries.first else { throw .notFound(.reservation, id: ref) }
        guard entries.count == 1 else { throw .invalid(field: "reservation", message: "\(ref) matches several reservations; give more characters.") }
        return first
    }

    /// Live occupancy of tables around a day, lapsed holds excluded.
    func occupancy(restaurantID: RestaurantID, from: Date, to: Date, excluding: UUID? = nil) throws(ReservationError) -> [Occupancy] {
        let st = occupancyStatement(restaurantID: restaurantID, from: from, to: to, excluding: excluding)
        return try read { try Occupancy.rows(try db.query(st.sql, st.params)) }
    }

    /// One row per table a booking holds: a combination's booking occupies each of its tables.
    ///
    /// Bookings overlapping [from, to) are found as a range of start times on `reservations_day`: no booking
    /// lasts longer than `Reservation.maximumLength` (the schema's check, migration 13), so every one that
    /// overlaps starts in [from - that, to). Through the exclusion constraint's GiST index (`period &&`)
    /// the same rows took three times as long at 200 tables; `period` is therefore not named here, or the
    /// planner, which underestimates the GiST's rows, picks it again.
    /// A table out of service for a range of days (`TableClosure`) is occupied for those days: offered to
    /// nobody, by availability, the cache, the free seats of a booking and a walk-in's quote alike. The
    /// database refuses a booking there too (migration 33); this is what keeps it from being offered.
    static let tableClosuresInRange = """
        UNION ALL
        SELECT table_id, extract(epoch FROM starts_at), extract(epoch FROM ends_at) FROM table_closures
        WHERE restaurant_id = $1 AND starts_at < to_timestamp($3::float8) AND ends_at > to_timestamp($2::float8)
        """

    func occupancyStatement(restaurantID: RestaurantID, from: Date, to: Date, excluding: UUID?) -> PGConnection.Statement {
        // A seated party occupies until it leaves, at least until now + a minimum (`SeatedOverrun`): the
        // second branch finds one past its planned end, which its planned range alone no longer reaches.
        let at = now()
        let lookBack = at.addingTimeInterval(-SeatedOverrun.lookBack), stay = at.addingTimeInterval(SeatedOverrun.minimumRemaining)
        let earliestStart = from.addingTimeInterval(-Reservation.maximumLength)
        // A range that cannot meet a party seated now (another day, later tonight) reads planned ranges alone:
        // the second branch's OR cost PostgreSQL its index range in prepared (generic) plans before.
        guard from < stay, to > lookBack else {
            return .init("""
                SELECT unnest(table_id || joined_table_ids) AS table_id, extract(epoch FROM starts_at) AS s,
                       extract(epoch FROM ends_at) AS e FROM reservations
                WHERE restaurant_id = $1 AND status IN ('pending', 'confirmed', 'seated')
                  AND NOT (status = 'pending' AND expires_at <= to_timestamp($4::float8))
                  AND starts_at > to_timestamp($6::float8) AND starts_at < to_timestamp($3::float8) AND ends_at > to_timestamp($2::float8)
                  AND ($5::uuid IS NULL OR id <> $5::uuid)
                \(Self.tableClosuresInRange)
                """, [restaurantID, from, to, at, excluding, earliestStart])
        }
        return .init("""
            SELECT unnest(table_id || joined_table_ids) AS table_id, extract(epoch FROM starts_at) AS s,
                   extract(epoch FROM CASE WHEN status = 'seated' AND starts_at > to_timestamp($6::float8)
                                           THEN greatest(ends_at, to_timestamp($7::float8)) ELSE ends_at END) AS e
            FROM reservations
            WHERE restaurant_id = $1 AND status IN ('pending', 'confirmed', 'seated')
              AND NOT (status = 'pending' AND expires_at <= to_timestamp($4::float8))
              AND starts_at > least(to_timestamp($8::float8), to_timestamp($6::float8)) AND starts_at < to_timestamp($3::float8)
              AND (ends_at > to_timestamp($2::float8)
                   OR (status = 'seated' AND starts_at > to_timestamp($6::float8) AND to_timestamp($7::float8) > to_timestamp($2::float8)))
              AND ($5::uuid IS NULL OR id <> $5::uuid)
            \(Self.tableClosuresInRange)
            """, [restaurantID, from, to, at, excluding, lookBack, stay, earliestStart])
    }
}

extension Occupancy {
    /// The rows of `occupancyStatement`, columns found once for all rows.
    static func rows(_ rows: [PGRow]) throws(RowDecodingError) -> [Occupancy] {
        guard let first = rows.first else { return [] }
        let (t, s, e) = (try first.column("table_id"), try first.column("s"), try first.column("e"))
        return try rows.map { row throws(RowDecodingError) in
            Occupancy(tableID: try row.int64(at: t), start: try row.date(at: s), end: try row.date(at: e))
        }
    }
}

/// The venue reads shared by the methods above and `VenueSnapshot` (which pipelines them).
enum VenueSQL {
    static let areas = "SELECT id, name, sort_order FROM areas WHERE restaurant_id = $1 ORDER BY sort_order, name"
    static let turnTimes = "SELECT up_to_party, minutes FROM turn_times WHERE restaurant_id = $1 ORDER BY up_to_party"
    static let hours = """
        SELECT weekday, service, extract(hour FROM opens)::int * 60 + extract(minute FROM opens)::int AS o,
               extract(hour FROM closes)::int * 60 + extract(minute FROM closes)::int AS c
        FROM opening_hours WHERE restaurant_id = $1 ORDER BY weekday, opens
        """
    static let closures = """
        SELECT starts_on::text AS s, ends_on::text AS e, reason FROM closures WHERE restaurant_id = $1 ORDER BY starts_on
        """
    static let tableClosures = """
        SELECT c.table_id, t.label, c.starts_on::text AS s, c.ends_on::text AS e, c.reason
        FROM table_closures c JOIN dining_tables t ON t.restaurant_id = c.restaurant_id AND t.id = c.table_id
        WHERE c.restaurant_id = $1 ORDER BY c.starts_on, t.label
        """
    static let tables = """
        SELECT \(Columns.table) FROM dining_tables t JOIN areas a ON a.restaurant_id = t.restaurant_id AND a.id = t.area_id
        WHERE t.restaurant_id = $1 ORDER BY a.sort_order, length(t.label), t.label
        """

    static let combinations = """
        SELECT c.id, c.min_covers, c.max_covers, array_agg(m.table_id ORDER BY m.position) AS table_ids,
               array_agg(t.label ORDER BY m.position) AS labels
        FROM table_combinations c
        JOIN table_combination_members m ON m.restaurant_id = c.restaurant_id AND m.combination_id = c.id
        JOIN dining_tables t ON t.restaurant_id = m.restaurant_id AND t.id = m.table_id
        WHERE c.restaurant_id = $1 GROUP BY c.restaurant_id, c.id ORDER BY c.id
        """

    static func withTurnTimes(_ r: Restaurant, _ turns: [PGRow]) throws(RowDecodingError) -> Restaurant {
        var r = r
        if !turns.isEmpty {
            r.rules.turnTimes = try turns.map { row throws(RowDecodingError) in
                TurnTime(upToParty: try row.int("up_to_party"), minutes: try row.int("minutes"))
            }
        }
        return r
    }

    static func schedule(_ r: Restaurant, hours: [PGRow], closures: [PGRow], tableClosures: [PGRow]) throws(RowDecodingError) -> Schedule {
        var h: [ServiceHours] = []
        for row in hours {
            guard let o = TimeOfDay(minutesSinceMidnight: try row.int("o")), let c = TimeOfDay(minutesSinceMidnight: try row.int("c"))
            else { continue }
            h.append(ServiceHours(weekday: try row.int("weekday"), name: try row.string("service"), opens: o, closes: c))
        }
        var c: [Closure] = []
        for row in closures {
            guard let s = LocalDate(iso: try row.string("s")), let e = LocalDate(iso: try row.string("e")) else { continue }
            c.append(Closure(startsOn: s, endsOn: e, reason: try row.string("reason")))
        }
        var t: [TableClosure] = []
        for row in tableClosures {
            guard let s = LocalDate(iso: try row.string("s")), let e = LocalDate(iso: try row.string("e")) else { continue }
            t.append(TableClosure(tableID: try row.int64("table_id"), label: try row.string("label"),
                                  days: Closure(startsOn: s, endsOn: e, reason: try row.string("reason"))))
        }
        return Schedule(hours: h, closures: c, tableClosures: t, clock: r.clock)
    }
}
