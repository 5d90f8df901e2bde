import Foundation
import ReservationDomain
import ReservationNative

/// The day's shift notes (`shift_notes`, migration 9): one text per venue and service day, shown in every
/// terminal's header; the trigger on the table tells the other terminals, which reload.
extension ReservationBook {
    /// The notes of that service day, nil when there are none.
    public func shiftNote(restaurantID: RestaurantID, date: LocalDate) throws(ReservationError) -> ShiftNote? {
        let st = ShiftNote.statement(restaurantID: restaurantID, date: date)
        return try read { try ShiftNote.from(try db.query(st.sql, st.params), restaurantID: restaurantID, date: date) }
    }

    /// Writes the day's notes (empty text removes them). Managers and administrators only: a host is refused
    /// ("A host cannot change the shift notes. Ask a manager."). Cleaned and made one line (`Fields.shiftNote`),
    /// at most `ShiftNote.maxLength` characters. Audited as `shift_note` (the row before and after).
    @discardableResult
    public func setShiftNote(restaurantID: RestaurantID, date: LocalDate, text: String, actor: Actor) throws(ReservationError) -> ShiftNote? {
        try require(actor, .editShiftNotes, at: restaurantID)
        let body = try Fields.shiftNote(text)
        let previous = try shiftNote(restaurantID: restaurantID, date: date)
        guard previous?.text ?? "" != body else { return previous }
        try write { () throws -> Void in
            try declare(actor, restaurant: restaurantID, action: .shiftNote)
            if body.isEmpty {
                try db.query("DELETE FROM shift_notes WHERE restaurant_id = $1 AND service_date = $2::date", [restaurantID, date.description])
            } else {
                try db.query("""
                    INSERT INTO shift_notes (restaurant_id, service_date, body, updated_by, updated_at)
                    VALUES ($1, $2::date, $3, $4, to_timestamp($5::float8))
                    ON CONFLICT (restaurant_id, service_date)
                    DO UPDATE SET body = excluded.body, updated_by = excluded.updated_by, updated_at = excluded.updated_at
                    """, [restaurantID, date.description, body, actor.name, now()])
            }
        }
        return try shiftNote(restaurantID: restaurantID, date: date)
    }
}

extension ShiftNote {
    /// The read behind `shiftNote(restaurantID:date:)`, also pipelined by the day sheet.
    static func statement(restaurantID: RestaurantID, date: LocalDate) -> PGConnection.Statement {
        .init("""
            SELECT body, updated_by, extract(epoch FROM updated_at) AS u FROM shift_notes
            WHERE restaurant_id = $1 AND service_date = $2::date
            """, [restaurantID, date.description])
    }

    static func from(_ rows: [PGRow], restaurantID: RestaurantID, date: LocalDate) throws(RowDecodingError) -> ShiftNote? {
        try rows.first.map { (row: PGRow) throws(RowDecodingError) -> ShiftNote in
            ShiftNote(restaurantID: restaurantID, date: date, text: try row.string("body"),
                      updatedBy: try row.string("updated_by"), updatedAt: try row.date("u"))
        }
    }
}
