import Foundation

/// A guest as typed at the podium: an existing customer, or details for a new one.
public enum GuestInput: Hashable, Sendable {
    /// A guest on file; `email`, when given, is recorded as their address (one they gave for the first
    /// time, or a new one), validated like a new guest's.
    case existing(CustomerID, email: String? = nil)
    case new(name: String, phone: String, email: String?)
}

/// What a host asks for when booking. Everything is raw input; the core validates it.
public struct BookingRequest: Hashable, Sendable {
    public var restaurantID: RestaurantID
    /// nil: the best-fit free table.
    public var tableLabel: String?
    /// The table by id (the REST API's `table_id`), instead of by label.
    public var tableID: TableID?
    public var date: LocalDate
    public var time: TimeOfDay
    public var partySize: Int
    public var guest: GuestInput
    public var notes: String
    /// nil: confirmed at once; otherwise a pending hold that lapses after this many minutes.
    public var holdMinutes: Int?
    public var source: ReservationSource
    /// A lease this terminal already holds on the table and time (taken while the form was open).
    public var leaseToken: String?
    /// The REST API's Idempotency-Key record this booking settles, in the booking's own transaction.
    public var idempotency: IdempotencyClaim?
    /// Book even when the slot is over the venue's pacing limit: a manager's override (`Permission.overridePacing`),
    /// noted in the booking's audit row.
    public var overPacing: Bool = false

    public init(restaurantID: RestaurantID, tableLabel: String? = nil, date: LocalDate, time: TimeOfDay,
                partySize: Int, guest: GuestInput, notes: String = "", holdMinutes: Int? = nil,
                source: ReservationSource = .phone, leaseToken: String? = nil) {
        self.restaurantID = restaurantID
        self.tableLabel = tableLabel
        self.date = date
        self.time = time
        self.partySize = partySize
        self.guest = guest
        self.notes = notes
        self.holdMinutes = holdMinutes
        self.source = source
        self.leaseToken = leaseToken
    }
}

public struct BookingOutcome: Hashable, Sendable {
    public var entry: BookEntry
    /// Redis could not be reached: booked without the courtesy lease (PostgreSQL still prevented overlap).
    public var degraded: Bool

    public init(entry: BookEntry, degraded: Bool) {
        self.entry = entry
        self.degraded = degraded
    }
}

/// Changes to an existing reservation; nil fields stay as they are.
public struct ReservationChange: Hashable, Sendable {
    public var tableLabel: String?
    public var date: LocalDate?
    public var time: TimeOfDay?
    public var partySize: Int?
    public var notes: String?

    public init(tableLabel: String? = nil, date: LocalDate? = nil, time: TimeOfDay? = nil,
                partySize: Int? = nil, notes: String? = nil) {
        self.tableLabel = tableLabel
        self.date = date
        self.time = time
        self.partySize = partySize
        self.notes = notes
    }
}

public enum WalkInOutcome: Hashable, Sendable {
    /// Seated at once at the best free table.
    case seated(BookEntry)
    /// Nothing free: the quoted wait in minutes (nil: no table has a whole turn free for this party before the close).
    case noTable(quotedMinutes: Int?)
}
