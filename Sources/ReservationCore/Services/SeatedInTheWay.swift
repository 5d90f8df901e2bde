import Foundation
import ReservationDomain
import ReservationNative

/// The check that keeps a party off a table whose party is still seated past its planned end
/// (see `SeatedOverrun` for why `ends_at` is left alone and the constraint still judges planned ranges).
extension ReservationBook {
    /// A seated party of the table that the range `start..<end` runs into only because it is still there
    /// (its planned range ends before `start`; an overlap of planned ranges is the exclusion constraint's
    /// to refuse, as "taken"). Run inside the transaction, after the table's lock.
    func seatedInTheWayStatement(restaurantID: RestaurantID, tableID: TableID, start: Date, end: Date,
                                 excluding: UUID?) -> PGConnection.Statement {
        let at = now()
        return .init("""
            SELECT c.name, extract(epoch FROM x.ends_at) AS e
            FROM reservations x JOIN customers c ON c.restaurant_id = x.restaurant_id AND c.id = x.customer_id
            WHERE x.restaurant_id = $1 AND x.table_id = $2 AND x.status = 'seated'
              AND x.starts_at > to_timestamp($5::float8) AND x.starts_at < to_timestamp($4::float8)
              AND x.ends_at <= to_timestamp($3::float8) AND to_timestamp($6::float8) > to_timestamp($3::float8)
              AND ($7::uuid IS NULL OR x.id <> $7::uuid)
            ORDER BY x.starts_at LIMIT 1
            """, [restaurantID, tableID, start, end, at.addingTimeInterval(-SeatedOverrun.lookBack),
                  at.addingTimeInterval(SeatedOverrun.minimumRemaining), excluding])
    }

    /// The answer for a row of `seatedInTheWayStatement`.
    func stillSeated(_ table: DiningTable, _ row: PGRow) throws(RowDecodingError) -> ReservationError {
        .tableStillSeated(table: table.label, guest: try row.string("name"),
                          minutesOver: SeatedOverrun.minutesOver(end: try row.date("e"), now: now()))
    }

    /// Refuses when a seated party is in the way of `start..<end` on the table (inside the caller's
    /// transaction, after the table's lock).
    func checkNoSeatedInTheWay(restaurantID: RestaurantID, _ table: DiningTable, start: Date, end: Date, excluding: UUID?) throws {
        let st = seatedInTheWayStatement(restaurantID: restaurantID, tableID: table.id, start: start, end: end, excluding: excluding)
        if let row = try db.queryOne(st.sql, st.params) { throw try stillSeated(table, row) }
    }

    /// One seated party per table: seating `id` while another party is still seated at its table (even
    /// within that party's turn, an early arrival) is refused until that one is finished or moved.
    /// Inside the caller's transaction, after the table's lock.
    func checkNoOtherSeated(_ id: UUID, restaurantID: RestaurantID) throws {
        let at = now()
        let row = try db.queryOne("""
            SELECT t.label, c.name, extract(epoch FROM x.ends_at) AS e
            FROM reservations me
            JOIN reservations x ON x.restaurant_id = me.restaurant_id AND x.table_id = me.table_id
            JOIN dining_tables t ON t.restaurant_id = x.restaurant_id AND t.id = x.table_id
            JOIN customers c ON c.restaurant_id = x.restaurant_id AND c.id = x.customer_id
            WHERE me.restaurant_id = $1 AND me.id = $2 AND x.id <> me.id AND x.status = 'seated'
              AND x.starts_at > to_timestamp($3::float8)
            ORDER BY x.starts_at LIMIT 1
            """, [restaurantID, id, at.addingTimeInterval(-SeatedOverrun.lookBack)])
        if let row {
            throw ReservationError.tableStillSeated(table: try row.string("label"), guest: try row.string("name"),
                                                    minutesOver: SeatedOverrun.minutesOver(end: try row.date("e"), now: at))
        }
    }
}
