import Foundation
import ReservationDomain
import ReservationNative

/// The reports' reads (issue 22). The database hands over one compact row per booking and waitlist entry of
/// the range and the range before it (`reservations_day` and `waitlist_by_time` keep that a range scan); the
/// figures are computed by `ReportFacts` in the domain, one definition each (docs/reports.md).
extension ReservationBook {
    /// One venue's report for `range`, beside the range before it. Managers read their venues, admins any;
    /// a host is refused.
    public func report(_ kind: ReportKind, restaurantID: RestaurantID, range: ReportRange, actor: Actor) throws(ReservationError) -> Report {
        if kind == .venues { return try venuesReport(range: range, actor: actor, only: [restaurantID]) }
        try require(actor, .readReports, at: restaurantID)
        return try reportFacts(restaurant(id: restaurantID), range: range).report(kind)
    }

    /// Every venue the actor may read (an admin: all of them), a row each and the total. Only the columns the
    /// roll-up's figures use, one venue's range at a time (each its own index range: one statement over every
    /// venue was planned as a scan of the whole table): a hundred venues' month is some 300,000 rows, and
    /// whole rows with the floor, hours and waitlist beside them took most of the two seconds it may take.
    public func venuesReport(range: ReportRange, actor: Actor, only: Set<RestaurantID>? = nil) throws(ReservationError) -> Report {
        try require(actor, .readReports)
        let venues = try restaurants().filter { actor.worksAt($0.id) && (only?.contains($0.id) ?? true) }
        var byVenue: [RestaurantID: [ReportBooking]] = [:]
        for v in venues {
            let from = v.clock.startOfDay(range.previous.from), to = v.clock.startOfDay(range.to.adding(days: 1))
            try read { for row in try db.query(Self.rollUpSQL, [v.id, from, to, v.timeZone]) {
                let start = try row.date("s"), day = try Self.day(row, "day")
                // Only what the roll-up reads is real here; the rest stands still (no table, no guest).
                byVenue[v.id, default: []].append(ReportBooking(
                    partySize: try row.int("party_size"), status: try row.string("status", as: ReservationStatus.self),
                    source: try row.string("source", as: ReservationSource.self), startsAt: start, day: day, minute: 0, endsAt: start,
                    createdAt: start, createdDay: day, updatedAt: start, seatedAt: try row.optionalDate("st"), completedAt: try row.optionalDate("ct"),
                    tableIDs: [], customerID: 0))
            } }
        }
        let at = now()
        return Reports.venues(venues.map { v in
            ReportFacts(venue: v, schedule: Schedule(hours: [], closures: [], clock: v.clock), areas: [], tables: [], bookings: byVenue[v.id] ?? [],
                        waits: [], guestNames: [:], range: range, now: at)
        }, range: range)
    }

    /// What a venue's reports read: its floor, hours and the rows of both ranges.
    public func reportFacts(_ venue: Restaurant, range: ReportRange) throws(ReservationError) -> ReportFacts {
        let clock = venue.clock
        let from = clock.startOfDay(range.previous.from), to = clock.startOfDay(range.to.adding(days: 1))
        let (bookings, waits) = try read { () throws -> ([ReportBooking], [ReportWait]) in
            let b = try db.query(Self.reportBookingsSQL, [venue.id, from, to, venue.timeZone]).map { row throws -> ReportBooking in
                let joined = try row.stringArray("joined_table_ids").compactMap { TableID($0) }
                return ReportBooking(partySize: try row.int("party_size"), status: try row.string("status", as: ReservationStatus.self),
                                     source: try row.string("source", as: ReservationSource.self), startsAt: try row.date("s"),
                                     day: try Self.day(row, "day"), minute: try row.int("minute"), endsAt: try row.date("e"),
                                     createdAt: try row.date("c"), createdDay: try Self.day(row, "made_on"), updatedAt: try row.date("u"),
                                     seatedAt: try row.optionalDate("st"), completedAt: try row.optionalDate("ct"), tableIDs: [try row.int64("table_id")] + joined,
                                     customerID: try row.int64("customer_id"), overPacing: try row.bool("over_pacing"))
            }
            let w = try db.query(Self.reportWaitsSQL, [venue.id, from, to, venue.timeZone]).map { row throws -> ReportWait in
                ReportWait(addedAt: try row.date("added"), day: try Self.day(row, "day"), minute: try row.int("minute"), partySize: try row.int("party_size"),
                           quotedMinutes: try row.int("quoted_minutes"), status: try row.string("status", as: WaitlistStatus.self),
                           seatedAt: try row.optionalDate("seated"))
            }
            return (b, w)
        }
        // Names only for the guests the no-show report lists (two or more no-shows in the range): a venue's
        // 90 days at full scale has hundreds of single no-shows, and reading every name took ~1,900 buffers.
        let inRange = bookings.filter { $0.status == .noShow && range.from <= $0.day && $0.day <= range.to }
        let missed = Set(Dictionary(grouping: inRange, by: \.customerID).filter { $0.value.count >= 2 }.keys)
        var names: [CustomerID: String] = [:]
        if !missed.isEmpty {
            let rows = try read { try db.query("SELECT id, name FROM customers WHERE restaurant_id = $1 AND id = ANY($2::bigint[])",
                                               [venue.id, missed.map(String.init)]) }
            for row in rows { try read { names[try row.int64("id")] = try row.string("name") } }
        }
        return ReportFacts(venue: venue, schedule: try schedule(for: venue), areas: try areas(restaurantID: venue.id),
                           tables: try tables(restaurantID: venue.id), bookings: bookings, waits: waits, guestNames: names, range: range, now: now())
    }

    static func day(_ row: PGRow, _ column: String) throws(RowDecodingError) -> LocalDate {
        let text = try row.string(column)
        guard let d = LocalDate(iso: text) else { throw RowDecodingError(column: column, problem: .unknownValue(text, type: "date")) }
        return d
    }

    /// A manager's override is on the booking's audit row (`over_pacing`, migration 10's note), found through
    /// the partial index `audit_log_over_pacing` (migration 32): overrides are rare, so the index is small and
    /// the venue's are read once and hashed, not looked up per booking. The local day and minute are the
    /// database's, in the venue's zone, once per row, as `::date` and a time's seconds: `to_char` and
    /// `extract` of the hour and minute made the projection cost five times the scan.
    static let reportBookingsSQL = """
        SELECT r.party_size, r.status, r.source, extract(epoch FROM r.starts_at) AS s, extract(epoch FROM r.ends_at) AS e,
               (r.starts_at AT TIME ZONE $4)::date AS day, floor(date_part('epoch', (r.starts_at AT TIME ZONE $4)::time))::int / 60 AS minute,
               extract(epoch FROM r.created_at) AS c, (r.created_at AT TIME ZONE $4)::date AS made_on,
               extract(epoch FROM r.updated_at) AS u, extract(epoch FROM r.seated_at) AS st, extract(epoch FROM r.completed_at) AS ct,
               r.table_id, r.joined_table_ids, r.customer_id, o.entity_id IS NOT NULL AS over_pacing
        FROM reservations r
        LEFT JOIN (SELECT DISTINCT entity_id FROM audit_log
                   WHERE restaurant_id = $1 AND entity = 'reservation' AND action = 'book' AND after ? 'over_pacing') o ON o.entity_id = r.id::text
        WHERE r.restaurant_id = $1 AND r.starts_at >= to_timestamp($2::float8) AND r.starts_at < to_timestamp($3::float8)
        """

    /// A venue's bookings of both ranges, the columns the roll-up reads.
    static let rollUpSQL = """
        SELECT party_size, status, source, extract(epoch FROM starts_at) AS s, (starts_at AT TIME ZONE $4)::date AS day,
               extract(epoch FROM seated_at) AS st, extract(epoch FROM completed_at) AS ct
        FROM reservations WHERE restaurant_id = $1 AND starts_at >= to_timestamp($2::float8) AND starts_at < to_timestamp($3::float8)
        """

    /// The seated time is the reservation's (a party seated from the list becomes one, starting when it is
    /// seated), not the entry's last change. Those reservations are read by the venue's range of starts (the
    /// day index, the same pages the bookings' query reads) and joined by hash: probing each entry's booking by
    /// its key cost three or four pages an entry, over the plan check's limit for a month of every venue
    /// (MATERIALIZED keeps the planner from going back to those probes).
    static let reportWaitsSQL = """
        WITH seatings AS MATERIALIZED (
            SELECT id, seated_at FROM reservations
            WHERE restaurant_id = $1 AND starts_at >= to_timestamp($2::float8) AND starts_at < to_timestamp($3::float8) + interval '1 day')
        SELECT extract(epoch FROM w.created_at) AS added, (w.created_at AT TIME ZONE $4)::date AS day,
               floor(date_part('epoch', (w.created_at AT TIME ZONE $4)::time))::int / 60 AS minute,
               w.party_size, w.quoted_minutes, w.status, extract(epoch FROM s.seated_at) AS seated
        FROM waitlist w LEFT JOIN seatings s ON s.id = w.reservation_id
        WHERE w.restaurant_id = $1 AND w.created_at >= to_timestamp($2::float8) AND w.created_at < to_timestamp($3::float8)
        """
}
