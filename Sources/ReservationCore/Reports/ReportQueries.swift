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

    /// Every venue the actor may read (an admin: all of them), a row each and the total.
    public func venuesReport(range: ReportRange, actor: Actor, only: Set<RestaurantID>? = nil) throws(ReservationError) -> Report {
        try require(actor, .readReports)
        var facts: [ReportFacts] = []
        for venue in try restaurants() where actor.worksAt(venue.id) && (only?.contains(venue.id) ?? true) {
            facts.append(try reportFacts(venue, range: range))
        }
        return Reports.venues(facts, range: range)
    }

    /// What a venue's reports read: its floor, hours and the rows of both ranges.
    public func reportFacts(_ venue: Restaurant, range: ReportRange) throws(ReservationError) -> ReportFacts {
        let clock = venue.clock
        let from = clock.startOfDay(range.previous.from), to = clock.startOfDay(range.to.adding(days: 1))
        let (bookings, waits) = try read { () throws -> ([ReportBooking], [ReportWait]) in
            let b = try db.query(Self.reportBookingsSQL, [venue.id, from, to]).map { row throws -> ReportBooking in
                let joined = try row.stringArray("joined_table_ids").compactMap { TableID($0) }
                return ReportBooking(partySize: try row.int("party_size"), status: try row.string("status", as: ReservationStatus.self),
                                     source: try row.string("source", as: ReservationSource.self), startsAt: try row.date("s"), endsAt: try row.date("e"),
                                     createdAt: try row.date("c"), updatedAt: try row.date("u"), seatedAt: try row.optionalDate("st"),
                                     completedAt: try row.optionalDate("ct"), tableIDs: [try row.int64("table_id")] + joined,
                                     customerID: try row.int64("customer_id"), overPacing: try row.bool("over_pacing"))
            }
            let w = try db.query(Self.reportWaitsSQL, [venue.id, from, to]).map { row throws -> ReportWait in
                ReportWait(addedAt: try row.date("added"), partySize: try row.int("party_size"), quotedMinutes: try row.int("quoted_minutes"),
                           status: try row.string("status", as: WaitlistStatus.self), seatedAt: try row.optionalDate("seated"))
            }
            return (b, w)
        }
        let missed = Set(bookings.filter { $0.status == .noShow }.map(\.customerID))
        var names: [CustomerID: String] = [:]
        if !missed.isEmpty {
            let rows = try read { try db.query("SELECT id, name FROM customers WHERE restaurant_id = $1 AND id = ANY($2::bigint[])",
                                               [venue.id, missed.map(String.init)]) }
            for row in rows { try read { names[try row.int64("id")] = try row.string("name") } }
        }
        return ReportFacts(venue: venue, schedule: try schedule(for: venue), areas: try areas(restaurantID: venue.id),
                           tables: try tables(restaurantID: venue.id), bookings: bookings, waits: waits, guestNames: names, range: range, now: now())
    }

    /// A manager's override is on the booking's audit row (`over_pacing`, migration 10's note), found through
    /// the partial index `audit_log_over_pacing` (migration 32): overrides are rare, so the index is small.
    static let reportBookingsSQL = """
        SELECT r.party_size, r.status, r.source, extract(epoch FROM r.starts_at) AS s, extract(epoch FROM r.ends_at) AS e,
               extract(epoch FROM r.created_at) AS c, extract(epoch FROM r.updated_at) AS u, extract(epoch FROM r.seated_at) AS st,
               extract(epoch FROM r.completed_at) AS ct, r.table_id, r.joined_table_ids, r.customer_id,
               EXISTS (SELECT 1 FROM audit_log a WHERE a.restaurant_id = r.restaurant_id AND a.entity = 'reservation' AND a.action = 'book'
                       AND a.after ? 'over_pacing' AND a.entity_id = r.id::text) AS over_pacing
        FROM reservations r
        WHERE r.restaurant_id = $1 AND r.starts_at >= to_timestamp($2::float8) AND r.starts_at < to_timestamp($3::float8)
        """

    /// The seated time is the reservation's (a party seated from the list becomes one), not the entry's last change.
    static let reportWaitsSQL = """
        SELECT extract(epoch FROM w.created_at) AS added, w.party_size, w.quoted_minutes, w.status, extract(epoch FROM r.seated_at) AS seated
        FROM waitlist w LEFT JOIN reservations r ON r.restaurant_id = w.restaurant_id AND r.id = w.reservation_id
        WHERE w.restaurant_id = $1 AND w.created_at >= to_timestamp($2::float8) AND w.created_at < to_timestamp($3::float8)
        """
}
