import Foundation
import ReservationDomain
import ReservationNative

/// The check that keeps a party off a table whose party is still seated past its planned end
/// (see `SeatedOverrun` for why `ends_at` is left alone and the constraint still judges planned ranges).
extension ReservationBook {
    /// A seated party of the table that the range `start..<end` runs into only because it is still there
    /// (its planned range ends before `start`; an overlap of planned ranges is the exclusion constraint's
    /// to refuse, as "taken"). Through `reservation_tables`, so a seated combination is in the way of each
    /// of its tables. Run inside the transaction, after the table's lock.
    func seatedInTheWayStatement(restaurantID: RestaurantID, tableID: TableID, start: Date, end: Date,
                                 excluding: UUID?) -> PGConnection.Statement {
        let at = now()
        return .init("""
            SELECT c.name, extract(epoch FROM x.ends_at) AS e
            FROM reservation_tables rt
            JOIN reservations x ON x.restaurant_id = rt.restaurant_id AND x.id = rt.reservation_id
            JOIN customers c ON c.restaurant_id = x.restaurant_id AND c.id = x.customer_id
            WHERE rt.restaurant_id = $1 AND rt.table_id = $2 AND x.status = 'seated'
              AND rt.period && tstzrange(to_timestamp($5::float8), to_timestamp($4::float8), '[)')
              AND x.starts_at > to_timestamp($5::float8) AND x.starts_at < to_timestamp($4::float8)
              AND x.ends_at <= to_timestamp($3::float8) AND to_timestamp($6::float8) > to_timestamp($3::float8)
              AND ($7::uuid IS NULL OR x.id <> $7::uuid)
            ORDER BY x.starts_at LIMIT 1
            """, [restaurantID, tableID, start, end, at.addingTimeInterval(-SeatedOverrun.lookBack),
                  at.addingTimeInterval(SeatedOverrun.minimumRemaining), excluding])
    }

    /// The answer for a row of `seatedInTheWayStatement`.
    func stillSeated(_ table: DiningTable, _ row: PGRow) throws(RowDecodingError) -> ReservationError {
        try stillSeated(table.label, row)
    }

    /// The same, naming a seat ("T1+T2").
    func stillSeated(_ label: String, _ row: PGRow) throws(RowDecodingError) -> ReservationError {
        .tableStillSeated(table: label, guest: try row.string("name"),
                          minutesOver: SeatedOverrun.minutesOver(end: try row.date("e"), now: now()))
    }

    /// One seated party per table (each table of a combination): seating `id` while another party is still seated at its table (even
    /// within that party's turn, an early arrival) is refused until that one is finished or moved.
    /// Inside the caller's transaction, after the table's lock.
    func checkNoOtherSeated(_ id: UUID, restaurantID: RestaurantID) throws {
        let at = now()
        let row = try db.queryOne("""
            SELECT t.label, c.name, extract(epoch FROM x.ends_at) AS e
            FROM reservations me
            JOIN reservations x ON x.restaurant_id = me.restaurant_id AND (x.table_id || x.joined_table_ids) && (me.table_id || me.joined_table_ids)
            JOIN dining_tables t ON t.restaurant_id = x.restaurant_id
                 AND t.id = (SELECT min(s) FROM unnest(x.table_id || x.joined_table_ids) s WHERE s = ANY (me.table_id || me.joined_table_ids))
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
