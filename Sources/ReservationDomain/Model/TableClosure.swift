/// A table out of service for a range of the venue's days (new chairs from the 24th to the 26th), beside "out
/// of service now" (`DiningTable.active`), which lasts until someone puts it back. Nothing is booked on it on
/// those days: availability counts the range as the table's occupancy, and the database refuses a live booking
/// there from any program (migration 33).
public struct TableClosure: Hashable, Sendable {
    public var tableID: TableID
    public var label: String
    /// The days, inclusive, and why (`Closure.span` reads them).
    public var days: Closure

    public init(tableID: TableID, label: String, days: Closure) {
        self.tableID = tableID
        self.label = label
        self.days = days
    }

    public func covers(_ date: LocalDate) -> Bool { days.covers(date) }

    /// "T4 out Thu 24 Dec-Sat 26 Dec (new chairs)".
    public var summary: String {
        "\(label) out \(days.span)" + (days.reason.isEmpty ? "" : " (\(days.reason))")
    }
}

/// A table closure added (`ReservationBook.addTableClosure`), and the live bookings it leaves on the table in
/// those days (only when the manager said to close it anyway).
public struct TableClosureOutcome: Sendable, Hashable {
    public var closure: TableClosure
    public var stranded: [BookEntry]

    public init(closure: TableClosure, stranded: [BookEntry]) {
        self.closure = closure
        self.stranded = stranded
    }
}
