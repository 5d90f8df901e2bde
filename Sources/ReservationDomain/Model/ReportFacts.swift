import Foundation

/// One reservation as the reports read it: only what the book records (status, source, the times each step
/// happened). The reports compute from these in the domain, so every definition is one pure function.
public struct ReportBooking: Hashable, Sendable {
    public var partySize: Int
    public var status: ReservationStatus
    public var source: ReservationSource
    public var startsAt: Date
    /// The start's day and minute of the day in the venue's zone: a report reads them many times, so they are
    /// worked out once (by the database, with the venue's zone).
    public var day: LocalDate
    public var minute: Int
    public var endsAt: Date
    public var createdAt: Date
    /// The venue-local day it was made on.
    public var createdDay: LocalDate
    /// The last change: for a cancelled booking, when it was cancelled (a cancelled booking changes no more).
    public var updatedAt: Date
    public var seatedAt: Date?
    public var completedAt: Date?
    public var tableIDs: [TableID]
    public var customerID: CustomerID
    /// Booked past the pacing limit by a manager (the audit row's `over_pacing` note).
    public var overPacing: Bool

    public init(partySize: Int, status: ReservationStatus, source: ReservationSource, startsAt: Date, day: LocalDate, minute: Int, endsAt: Date,
                createdAt: Date, createdDay: LocalDate, updatedAt: Date, seatedAt: Date? = nil, completedAt: Date? = nil, tableIDs: [TableID],
                customerID: CustomerID, overPacing: Bool = false) {
        self.partySize = partySize
        self.status = status
        self.source = source
        self.startsAt = startsAt
        self.day = day
        self.minute = minute
        self.endsAt = endsAt
        self.createdAt = createdAt
        self.createdDay = createdDay
        self.updatedAt = updatedAt
        self.seatedAt = seatedAt
        self.completedAt = completedAt
        self.tableIDs = tableIDs
        self.customerID = customerID
        self.overPacing = overPacing
    }

    public var isWalkIn: Bool { source == .walkIn }
    /// A booking someone made (a hold nobody confirmed is not one, nor is a walk-in).
    public var isBooking: Bool { !isWalkIn && status != .expired }
    /// The party came and sat down.
    public var came: Bool { status == .seated || status == .completed }
    /// Counted against the pacing limit when it was booked: anything not cancelled and not lapsed.
    public var countsForPacing: Bool { status != .cancelled && status != .expired }
}

/// A waitlist entry: when it was added, what was quoted, and when the party was seated (its reservation's).
public struct ReportWait: Hashable, Sendable {
    public var addedAt: Date
    /// The venue-local day and minute of the day it was added.
    public var day: LocalDate
    public var minute: Int
    public var partySize: Int
    public var quotedMinutes: Int
    public var status: WaitlistStatus
    public var seatedAt: Date?

    public init(addedAt: Date, day: LocalDate, minute: Int, partySize: Int, quotedMinutes: Int, status: WaitlistStatus, seatedAt: Date?) {
        self.addedAt = addedAt
        self.day = day
        self.minute = minute
        self.partySize = partySize
        self.quotedMinutes = quotedMinutes
        self.status = status
        self.seatedAt = seatedAt
    }

    /// Minutes from being added to being seated, for a party that was seated from the list.
    public var actualMinutes: Double? { seatedAt.map { $0.timeIntervalSince(addedAt) / 60 } }
}

/// Everything one venue's reports read for a range and the range before it.
public struct ReportFacts: Sendable {
    public var venue: Restaurant
    public var schedule: Schedule
    public var areas: [Area]
    public var tables: [DiningTable]
    public var bookings: [ReportBooking]
    public var waits: [ReportWait]
    /// Names of the guests the no-show report lists (only those with a no-show in the range).
    public var guestNames: [CustomerID: String]
    public var range: ReportRange
    public var now: Date

    public init(venue: Restaurant, schedule: Schedule, areas: [Area], tables: [DiningTable], bookings: [ReportBooking], waits: [ReportWait],
                guestNames: [CustomerID: String], range: ReportRange, now: Date) {
        self.venue = venue
        self.schedule = schedule
        self.areas = areas
        self.tables = tables
        self.bookings = bookings
        self.waits = waits
        self.guestNames = guestNames
        self.range = range
        self.now = now
    }

    /// The bookings starting on a day of `range` (the current one or the previous one).
    func bookings(in range: ReportRange) -> [ReportBooking] { bookings.filter { range.contains($0.day) } }
    func waits(in range: ReportRange) -> [ReportWait] { waits.filter { range.contains($0.day) } }
}
