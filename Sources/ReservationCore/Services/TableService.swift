import Foundation
import ReservationDomain
import ReservationNative

/// Taking a table out of service in the middle of a service (a wobbly leg, a spill, a broken heater) and
/// putting it back: the host's call, from the floor or the CLI. Out of service, it is offered to nobody and
/// refused to every booking, walk-in and move ("Table T4 is out of service.", `SlotRules`), until it is put
/// back. Audited by the database as `table_out_of_service` / `table_in_service`.
extension ReservationBook {
    /// Refused while a party is seated there (seat them elsewhere or finish them first); bookings still
    /// ahead on it stay and are counted in the answer, for the host to move. Saying what it already is
    /// changes nothing.
    public func setTableInService(restaurantID: RestaurantID, label: String, inService: Bool,
                                  actor: Actor) throws(ReservationError) -> TableServiceChange {
        try require(actor, .book, at: restaurantID)
        guard let table = try tables(restaurantID: restaurantID).first(where: { $0.label.caseInsensitiveCompare(label) == .orderedSame }) else {
            throw .notFound(.table, id: label, at: try restaurant(id: restaurantID).name)
        }
        let at = now()
        let ahead: Int = try write { () throws -> Int in
            // The table's row first, as bookings lock it: a booking on it either commits before, or sees it
            // out of service after.
            try lockTable(restaurantID: restaurantID, tableID: table.id)
            if !inService, let seated = try db.queryOne("""
                SELECT c.name FROM reservations x JOIN customers c ON c.restaurant_id = x.restaurant_id AND c.id = x.customer_id
                WHERE x.restaurant_id = $1 AND x.status = 'seated' AND ($2 = x.table_id OR $2 = ANY(x.joined_table_ids))
                """, [restaurantID, table.id]) {
                throw ReservationError.invalid(field: "table", message: "\(table.label) has \(try seated.string("name")) seated: finish or move them first.")
            }
            if table.active != inService {
                try declare(actor, restaurant: restaurantID, action: inService ? .tableInService : .tableOutOfService)
                try db.query("UPDATE dining_tables SET active = $3 WHERE restaurant_id = $1 AND id = $2", [restaurantID, table.id, inService])
            }
            return try db.queryOne("""
                SELECT count(*) AS n FROM reservations
                WHERE restaurant_id = $1 AND ($2 = table_id OR $2 = ANY(joined_table_ids)) AND status IN ('pending', 'confirmed')
                  AND ends_at > to_timestamp($3::float8)
                """, [restaurantID, table.id, at])?.int("n") ?? 0
        }
        var changed = table
        changed.active = inService
        return TableServiceChange(table: changed, bookingsAhead: inService ? 0 : ahead)
    }
}
