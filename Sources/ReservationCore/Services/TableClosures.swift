import Foundation
import ReservationDomain
import ReservationNative

/// A table out of service for a range of days (`TableClosure`): a manager's plan (new chairs from the 24th,
/// the terrace shut for the winter), where "out of service now" (`setTableInService`) is the host's call in
/// the middle of a service. From the next request on, nothing offers the table on those days and the
/// database refuses a booking there (migration 33). Audited as `table_out_of_service` / `table_in_service`.
extension ReservationBook {
    /// Live bookings already on the table in those days are not touched, but a closure that would leave any
    /// is refused naming them, unless `strandingBookings` (the manager's "close it anyway": they move them).
    @discardableResult
    public func addTableClosure(restaurantID: RestaurantID, label: String, from: LocalDate, to: LocalDate, reason: String,
                                strandingBookings: Bool = false, actor: Actor) throws(ReservationError) -> TableClosureOutcome {
        try require(actor, .manageFloor, at: restaurantID)
        let r = try restaurant(id: restaurantID)
        let table = try table(restaurantID: r.id, label: label)
        let why = try closureDays(r, from: from, to: to, reason: reason)
        let closure = TableClosure(tableID: table.id, label: table.label, days: Closure(startsOn: from, endsOn: to, reason: why))
        let stranded: [BookEntry] = try write { () throws -> [BookEntry] in
            // The table's row first, as bookings lock it: a booking on it either commits before (and is
            // named here), or meets the closure after (and is refused by the database).
            try lockTable(restaurantID: r.id, tableID: table.id)
            if let overlap = try schedule(for: r).tableClosures.first(where: { $0.tableID == table.id && $0.days.startsOn <= to && from <= $0.days.endsOn }) {
                throw ReservationError.invalid(field: "from", message: "\(overlap.summary) already; take that out first to change it.")
            }
            let stranded = try liveBookings(r, table: table.id, from: from, to: to)
            if !stranded.isEmpty && !strandingBookings {
                throw ReservationError.invalid(field: "closure", message: "\(stranded.count) live booking\(stranded.count == 1 ? "" : "s") on \(table.label) on those days: "
                    + "\(Self.namedBookings(stranded, clock: r.clock)). Move them first, or take it out anyway and move them after (they stay booked).")
            }
            try declare(actor, restaurant: r.id, action: .tableOutOfService)
            try db.query("""
                INSERT INTO table_closures (restaurant_id, table_id, starts_on, ends_on, reason)
                VALUES ($1, $2, $3::date, $4::date, $5)
                """, [r.id, table.id, from.description, to.description, why])
            return stranded
        }
        return TableClosureOutcome(closure: closure, stranded: stranded)
    }

    /// Puts the table back for the range starting `from`; audited as `table_in_service`.
    public func removeTableClosure(restaurantID: RestaurantID, label: String, startingOn from: LocalDate,
                                   actor: Actor) throws(ReservationError) -> TableClosure {
        try require(actor, .manageFloor, at: restaurantID)
        let r = try restaurant(id: restaurantID)
        let table = try table(restaurantID: r.id, label: label)
        guard let closure = try schedule(for: r).tableClosures.first(where: { $0.tableID == table.id && $0.days.startsOn == from }) else {
            throw .invalid(field: "from", message: "\(table.label) has no closure starting on \(from); `reservaflow closure list` lists them.")
        }
        try write {
            try declare(actor, restaurant: r.id, action: .tableInService)
            try db.query("DELETE FROM table_closures WHERE restaurant_id = $1 AND table_id = $2 AND starts_on = $3::date",
                         [r.id, table.id, from.description])
        }
        return closure
    }

    /// Pending, confirmed and seated bookings holding `table` (alone or joined) that start on those days.
    private func liveBookings(_ r: Restaurant, table: TableID, from: LocalDate, to: LocalDate) throws -> [BookEntry] {
        try db.query("""
            SELECT \(Columns.entry) \(Columns.entryJoins)
            WHERE x.restaurant_id = $1 AND x.status IN ('pending', 'confirmed', 'seated')
              AND ($4 = x.table_id OR $4 = ANY(x.joined_table_ids))
              AND x.starts_at < to_timestamp($3::float8) AND x.ends_at > to_timestamp($2::float8)
            ORDER BY x.starts_at, x.id
            """, [r.id, r.clock.startOfDay(from), r.clock.startOfDay(to.adding(days: 1)), table]).map { try $0.bookEntry }
    }
}
