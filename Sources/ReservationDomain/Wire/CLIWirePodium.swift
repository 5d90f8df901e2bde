import Foundation

/// The podium's answers: the waitlist, shift notes, tables in and out of service.
extension CLIWire {
    /// A waitlist entry as `waitlist list` shows it, in the host's order; `phone` is null when none was
    /// given, `notified_at` until the party is told its table is ready. `position` orders the list (lower
    /// first; not a count: moves swap positions), `promised_by` is the time of day the quote promised.
    public struct WaitlistEntry: Encodable, Sendable {
        public var id: Int64
        public var name: String
        @Nullable public var phone: String?
        public var party_size: Int
        public var quoted_minutes: Int
        public var status: String
        public var since: String
        public var created_at: String
        public var position: Int64
        public var promised_by: String
        @Nullable public var notified_at: String?

        public init(_ w: ReservationDomain.WaitlistEntry, clock: ZonedClock) {
            id = w.id
            name = w.name
            phone = w.phone
            party_size = w.partySize
            quoted_minutes = w.quotedMinutes
            status = w.status.rawValue
            since = clock.hhmm(w.createdAt)
            created_at = ISOTime.utc(w.createdAt)
            position = w.position
            promised_by = clock.hhmm(w.promisedAt)
            notified_at = w.notifiedAt.map(ISOTime.utc)
        }
    }

    /// `walk-in --waitlist` when nothing was free.
    public struct Waitlisted: Encodable, Sendable {
        public var seated = false
        public var waitlist_id: Int64
        public var quoted_minutes: Int
        public var waitlist: WaitlistEntry

        public init(_ w: ReservationDomain.WaitlistEntry, clock: ZonedClock) {
            waitlist_id = w.id
            quoted_minutes = w.quotedMinutes
            waitlist = WaitlistEntry(w, clock: clock)
        }
    }

    /// `waitlist notify|remove|up|down`: the entry's status, when it was told (null before) and its position.
    public struct WaitlistChange: Encodable, Sendable {
        public var id: Int64
        public var status: String
        @Nullable public var notified_at: String?
        public var position: Int64

        public init(_ w: ReservationDomain.WaitlistEntry) {
            id = w.id
            status = w.status.rawValue
            notified_at = w.notifiedAt.map(ISOTime.utc)
            position = w.position
        }
    }

    /// `notes`: the day's shift notes; `text`, `updated_by` and `updated_at` are null when there are none.
    public struct ShiftNote: Encodable, Sendable {
        public var date: String
        @Nullable public var text: String?
        @Nullable public var updated_by: String?
        @Nullable public var updated_at: String?

        public init(date: LocalDate, _ note: ReservationDomain.ShiftNote?) {
            self.date = date.description
            text = note?.text
            updated_by = note?.updatedBy
            updated_at = note.map { ISOTime.utc($0.updatedAt) }
        }
    }

    /// `tables`.
    public struct Table: Encodable, Sendable {
        public var label: String
        public var area: String
        public var min: Int
        public var max: Int
        public var shape: String
        public var features: [String]
        public var active: Bool

        public init(_ t: DiningTable, area: String) {
            label = t.label
            self.area = area
            min = t.minCovers
            max = t.maxCovers
            shape = t.shape.rawValue
            features = t.features.map(\.rawValue).sorted()
            active = t.active
        }
    }

    /// `table LABEL out-of-service|in-service`.
    public struct TableService: Encodable, Sendable {
        public var table: String
        public var active: Bool
        public var bookings_ahead: Int
        public var message: String

        public init(_ c: TableServiceChange) {
            table = c.table.label
            active = c.table.active
            bookings_ahead = c.bookingsAhead
            message = c.summary
        }
    }
}
