import Foundation
import ReservationDomain
import ReservationNative

/// Whose reservations a caller may see.
public enum ReservationScope: Hashable, Sendable {
    /// Every venue (administrators).
    case everywhere
    /// These venues (staff at their venues).
    case venues(Set<RestaurantID>)
    /// One online guest's own bookings, at every venue.
    case account(GuestAccountID)
}

public struct ReservationFilter: Hashable, Sendable {
    public var restaurant: RestaurantID?
    /// The venue's local date.
    public var date: LocalDate?
    public var status: ReservationStatus?

    public init(restaurant: RestaurantID? = nil, date: LocalDate? = nil, status: ReservationStatus? = nil) {
        self.restaurant = restaurant
        self.date = date
        self.status = status
    }
}

/// A position in the list, ordered by start then id: the last row of a page. Opaque to clients.
public struct ReservationCursor: Hashable, Sendable {
    public var startsAt: Date
    public var id: UUID

    public init(startsAt: Date, id: UUID) {
        self.startsAt = startsAt
        self.id = id
    }

    public init?(token: String) {
        var b64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        guard let data = Data(base64Encoded: b64), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: "/")
        guard parts.count == 2, let micros = Int64(parts[0]), let id = UUID(uuidString: String(parts[1])) else { return nil }
        self.init(startsAt: Date(timeIntervalSince1970: Double(micros) / 1_000_000), id: id)
    }

    public var token: String {
        let micros = Int64((startsAt.timeIntervalSince1970 * 1_000_000).rounded())
        return Data("\(micros)/\(id.lowercasedString)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}

extension ReservationBook {
    /// Reservations in start order, after `cursor`, at most `limit` (the REST API's list, page by page).
    /// The date is each venue's own local date.
    public func listReservations(_ scope: ReservationScope, _ filter: ReservationFilter, after cursor: ReservationCursor?,
                                 limit: Int) throws(ReservationError) -> [BookEntry] {
        var conditions: [String] = []
        var params: [any PGParameter] = []
        func param(_ value: any PGParameter) -> String {
            params.append(value)
            return "$\(params.count)"
        }
        switch scope {
        case .everywhere: break
        case .venues(let ids): conditions.append("x.restaurant_id = ANY(\(param(ids.sorted().map(String.init)))::bigint[])")
        case .account(let account): conditions.append("c.account_id = \(param(account))")
        }
        if let r = filter.restaurant { conditions.append("x.restaurant_id = \(param(r))") }
        if let s = filter.status { conditions.append("x.status = \(param(s.rawValue))") }
        if let d = filter.date {
            if let r = filter.restaurant {
                // One venue: its day as an instant range, so the (restaurant_id, starts_at) index serves it.
                let clock = try restaurant(id: r).clock
                conditions.append("x.starts_at >= to_timestamp(\(param(clock.startOfDay(d)))::float8)")
                conditions.append("x.starts_at < to_timestamp(\(param(clock.startOfDay(d.adding(days: 1))))::float8)")
            } else {
                conditions.append("(x.starts_at AT TIME ZONE rv.time_zone)::date = \(param(d.description))::date")
            }
        }
        if let cursor {
            conditions.append("(x.starts_at, x.id) > (to_timestamp(\(param(cursor.startsAt))::float8), \(param(cursor.id))::uuid)")
        }
        let where_ = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = """
            SELECT \(Columns.entry) \(Columns.entryJoins) JOIN restaurants rv ON rv.id = x.restaurant_id
            \(where_) ORDER BY x.starts_at, x.id LIMIT \(param(limit))
            """
        return try read { try db.query(sql, params).map { try $0.bookEntry } }
    }
}
