import Foundation

/// The shift notes of one venue's service day ("VIP at T4 21:00; short one waiter"): shown in every
/// terminal's header, written by managers (`Permission.editShiftNotes`).
public struct ShiftNote: Hashable, Sendable {
    public var restaurantID: RestaurantID
    public var date: LocalDate
    public var text: String
    public var updatedBy: String
    public var updatedAt: Date

    public init(restaurantID: RestaurantID, date: LocalDate, text: String, updatedBy: String, updatedAt: Date) {
        self.restaurantID = restaurantID
        self.date = date
        self.text = text
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
    }

    /// At most this many characters: one header row at 160 columns with a little to spare, and a few
    /// sentences at most (the database's CHECK says the same).
    public static let maxLength = 300
}

extension Fields {
    /// Shift notes, cleaned like every note and made one line: the header shows them on one row, so line
    /// breaks and runs of spaces become single spaces. Empty means "no notes" (the day's note is removed).
    public static func shiftNote(_ raw: String) throws(ReservationError) -> String {
        let flat = raw.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
        return try text(flat, field: "notes", max: ShiftNote.maxLength)
    }
}
