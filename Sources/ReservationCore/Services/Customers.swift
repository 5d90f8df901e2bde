import Foundation
import ReservationDomain

extension ReservationBook {
    /// Guests whose name or phone contains the fragment, most frequent first. Case and accents do not
    /// count ("alvaro" finds "Álvaro": `name_folded`, migration 7); the anonymous walk-in placeholder is
    /// not a guest and is never found.
    public func searchCustomers(restaurantID: RestaurantID, fragment: String, limit: Int = 20) throws(ReservationError) -> [Customer] {
        let text = TextSanitizer.clean(fragment).lowercased()
        guard !text.isEmpty else { return [] }
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
        let digits = text.filter(\.isNumber)
        // The national form of a number ("600 12 34 56") matches the stored E.164 form too, and so does the
        // international form with 00 ("0034 600 ..."): neither the trunk 0 nor the 00 is stored.
        let significant = digits.hasPrefix("00") ? digits.dropFirst(2) : digits.hasPrefix("0") ? digits.dropFirst() : Substring(digits)
        // The fragment is folded once, in a sub-select: written inline, a prepared plan called unaccent for
        // every guest of the venue. Both conditions lead with the venue in their GIN index (migration 11); a
        // name-only search leaves the phone out, so its plan never considers the phone index.
        let byName = "c.name_folded LIKE (SELECT '%' || guest_fold($2) || '%')"
        let order = "ORDER BY (c.name_folded LIKE (SELECT guest_fold($2) || '%')) DESC, c.visits DESC, c.name"
        return try read {
            if digits.count >= 3 {
                return try db.query("""
                    SELECT \(Columns.customer) FROM customers c
                    WHERE c.restaurant_id = $1 AND NOT c.anonymous AND (\(byName) OR c.phone LIKE $3::text)
                    \(order) LIMIT $4
                    """, [restaurantID, escaped, "%" + significant + "%", limit]).map { try $0.customer }
            }
            return try db.query("""
                SELECT \(Columns.customer) FROM customers c
                WHERE c.restaurant_id = $1 AND NOT c.anonymous AND \(byName)
                \(order) LIMIT $3
                """, [restaurantID, escaped, limit]).map { try $0.customer }
        }
    }

    public func customer(id: CustomerID) throws(ReservationError) -> Customer {
        let customer = try read { try db.queryOne("SELECT \(Columns.customer) FROM customers c WHERE c.id = $1", [id]).map { try $0.customer } }
        guard let customer else { throw .notFound(.guest, id: String(id)) }
        return customer
    }

    /// A guest's reservations, newest first.
    ///
    /// The guest's venue leads the condition (read from the guest's row), so the newest `limit` rows come
    /// straight off `reservations_customer (restaurant_id, customer_id, starts_at DESC)`: without it,
    /// PostgreSQL had to scan every reservation of every venue (a year of 100 venues: 2 million rows).
    public func customerHistory(customerID: CustomerID, limit: Int = 50) throws(ReservationError) -> [BookEntry] {
        try read {
            try db.query("""
                SELECT \(Columns.entry) \(Columns.entryJoins)
                WHERE x.restaurant_id = (SELECT g.restaurant_id FROM customers g WHERE g.id = $1) AND x.customer_id = $1
                ORDER BY x.starts_at DESC LIMIT $2
                """, [customerID, limit]).map { try $0.bookEntry }
        }
    }

    /// The guest's live bookings (pending, confirmed, seated) starting on `date` at their venue, earliest
    /// first: what a host is warned about before booking them again that day (Sofía Chen at four tables
    /// at 21:00). Off `reservations_customer`, like the history.
    public func liveBookings(customerID: CustomerID, on date: LocalDate) throws(ReservationError) -> [BookEntry] {
        let c = try customer(id: customerID)
        let clock = try restaurant(id: c.restaurantID).clock
        return try read {
            try db.query("""
                SELECT \(Columns.entry) \(Columns.entryJoins)
                WHERE x.restaurant_id = $1 AND x.customer_id = $2 AND x.status IN ('pending', 'confirmed', 'seated')
                  AND x.starts_at >= to_timestamp($3::float8) AND x.starts_at < to_timestamp($4::float8)
                  AND NOT (x.status = 'pending' AND x.expires_at <= to_timestamp($5::float8))
                ORDER BY x.starts_at
                """, [c.restaurantID, customerID, clock.startOfDay(date), clock.startOfDay(date.adding(days: 1)), now()]).map { try $0.bookEntry }
        }
    }
}

extension ReservationBook {
    /// A venue's guests by name (the REST API's staff list).
    public func customers(restaurantID: RestaurantID, limit: Int) throws(ReservationError) -> [Customer] {
        try read {
            try db.query("SELECT \(Columns.customer) FROM customers c WHERE c.restaurant_id = $1 AND NOT c.anonymous ORDER BY c.name, c.id LIMIT $2",
                         [restaurantID, limit]).map { try $0.customer }
        }
    }
}
