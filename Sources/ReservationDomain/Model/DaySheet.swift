import Foundation

/// "Table T12 19:30-21:00 is being booked by Ana": a short Redis lease, shown to every terminal.
public struct LeaseInfo: Hashable, Sendable {
    public var token: String
    public var tableID: TableID
    public var start: Date
    public var end: Date
    public var holder: String
    public var expiresAt: Date

    /// A form's hold is one lease however many tables it covers: each table's entry is `token#table`
    /// (`groupToken`), so one renew or release covers a combination whole, a booking from the form meets its
    /// own entries (not someone else's), and a terminal never sees its own combination as held.
    public static func groupToken(_ token: String, table: TableID) -> String { "\(token)#\(table)" }

    /// Whether this entry is part of the lease `token` (its primary or one of its other tables).
    public func belongs(to token: String?) -> Bool {
        guard let token else { return false }
        return self.token == token || self.token.hasPrefix(token + "#")
    }

    public init(token: String, tableID: TableID, start: Date, end: Date, holder: String, expiresAt: Date) {
        self.token = token
        self.tableID = tableID
        self.start = start
        self.end = end
        self.holder = holder
        self.expiresAt = expiresAt
    }
}

/// Everything a screen needs for one venue and day, read in one go.
public struct DaySheet: Sendable {
    public var restaurant: Restaurant
    public var date: LocalDate
    public var windows: [ServiceWindow]
    /// The services around the day (the day before's, the day's, the next day's) for `WalkInHours`: a walk-in
    /// at 00:30 belongs to the evening before. Empty: `windows` alone.
    public var walkInWindows: [ServiceWindow]
    public var closure: Closure?
    public var areas: [Area]
    public var tables: [DiningTable]
    /// The tables out of service on this day for a range of days (`TableClosure`), by table: shown and
    /// treated as out of service, though `active` (out of service now, until put back) is untouched.
    public var tablesClosed: [TableID: TableClosure]
    /// The tables the venue lets be joined (`TableCombination`).
    public var combinations: [TableCombination]
    public var entries: [BookEntry]
    public var waitlist: [WaitlistEntry]
    public var leases: [LeaseInfo]
    public var loadedAt: Date
    /// The day's shift notes (header), nil when the managers left none.
    public var shiftNote: ShiftNote?

    public init(restaurant: Restaurant, date: LocalDate, windows: [ServiceWindow], closure: Closure?, areas: [Area],
                tables: [DiningTable], entries: [BookEntry], waitlist: [WaitlistEntry], leases: [LeaseInfo], loadedAt: Date,
                walkInWindows: [ServiceWindow] = [], combinations: [TableCombination] = [], shiftNote: ShiftNote? = nil,
                tablesClosed: [TableID: TableClosure] = [:]) {
        self.combinations = combinations
        self.tablesClosed = tablesClosed
        self.shiftNote = shiftNote
        self.walkInWindows = walkInWindows
        self.restaurant = restaurant
        self.date = date
        self.windows = windows
        self.closure = closure
        self.areas = areas
        self.tables = tables
        self.entries = entries
        self.waitlist = waitlist
        self.leases = leases
        self.loadedAt = loadedAt
    }

    /// Takes bookings on this day: not out of service now, nor for a range of days that covers it.
    public func isOpen(_ table: DiningTable) -> Bool { table.active && tablesClosed[table.id] == nil }

    public func table(labeled label: String) -> DiningTable? {
        tables.first { $0.label.caseInsensitiveCompare(label) == .orderedSame }
    }

    /// The tables a seat's label names: one table ("T4"), or a combination's ("T4+T5"), first table first:
    /// what a booking form leases.
    public func tableIDs(ofSeat label: String) -> [TableID]? {
        if let t = table(labeled: label) { return [t.id] }
        guard let c = combinations.first(where: { $0.isNamed(label) }), !c.tableIDs.isEmpty else { return nil }
        return c.tableIDs
    }

    public func entries(for table: TableID) -> [BookEntry] {
        entries.filter { $0.reservation.tableIDs.contains(table) }.sorted { $0.reservation.startsAt < $1.reservation.startsAt }
    }
}

/// Health of the parts a terminal depends on, for the header.
public struct Health: Hashable, Sendable {
    public var database: Bool
    public var redis: Bool
    /// Last daemon heartbeat, nil when none was ever written.
    public var daemonHeartbeat: Date?

    public init(database: Bool, redis: Bool, daemonHeartbeat: Date?) {
        self.database = database
        self.redis = redis
        self.daemonHeartbeat = daemonHeartbeat
    }
}

/// The day's numbers, one rule for the podium's header and `reservaflow reservations`: bookings and covers
/// that stand (live or completed; cancelled, no-show and expired ones are not covers), parties seated now,
/// and parties waiting (notified ones too).
public struct DayCounts: Hashable, Sendable {
    public var bookings = 0
    public var covers = 0
    public var seated = 0
    public var waiting = 0
}

extension DaySheet {
    public var counts: DayCounts {
        var c = DayCounts()
        for e in entries where e.reservation.status.isLive || e.reservation.status == .completed {
            c.bookings += 1
            c.covers += e.reservation.partySize
            if e.reservation.status == .seated { c.seated += 1 }
        }
        c.waiting = waitlist.filter { $0.status == .waiting || $0.status == .notified }.count
        return c
    }
}
