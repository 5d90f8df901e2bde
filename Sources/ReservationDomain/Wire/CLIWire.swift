import Foundation

/// What `reservaflow ... --json` prints, one type per answer, field names as scripts read them. Built from
/// domain values in one place each; `Tests/ReservationDomainTests/Golden/` pins every shape.
///
/// Optional fields that scripts test for by presence (`expires_at`, `email`) are left out when absent;
/// fields documented as "null when none" are always written.
public enum CLIWire {
    /// A reservation as `reservations`, `status`, `waitlist seat` and the booking answers show it.
    public struct Reservation: Encodable, Sendable {
        public var id: String
        public var status: String
        /// The primary table (the first of a combination).
        public var table: String
        /// Every table the booking holds: `["T4"]`, or a combination's `["T4", "T5"]`.
        public var tables: [String]
        public var party_size: Int
        public var reservation_date: String
        public var reservation_time: String
        public var starts_at: String
        public var ends_at: String
        public var guest: String
        public var phone: String
        public var email: String?
        public var source: String
        public var notes: String
        public var expires_at: String?
        /// `none`, `partial` or `arrived` (who of the party is here before seating; `none` once seated).
        public var arrival: String

        public init(_ e: BookEntry, clock: ZonedClock) {
            let r = e.reservation
            let (date, time) = clock.localParts(of: r.startsAt)
            id = r.id.lowercasedString
            status = r.status.rawValue
            table = e.tableLabel
            tables = e.tableLabels
            party_size = r.partySize
            reservation_date = date.description
            reservation_time = time.description
            starts_at = ISOTime.utc(r.startsAt)
            ends_at = ISOTime.utc(r.endsAt)
            guest = e.customer.name
            phone = e.customer.phone
            email = e.customer.email
            source = r.source.rawValue
            notes = r.notes
            expires_at = r.expiresAt.map(ISOTime.utc)
            arrival = r.arrival.rawValue
        }
    }

    /// `book`: the reservation, whether it went without the Redis lease, and the guest's other bookings that day.
    public struct Booked: Encodable, Sendable {
        public var reservation: Reservation
        public var degraded: Bool
        public var also_booked_that_day: [SameDay]
        public var message = "Reservation created"

        public struct SameDay: Encodable, Sendable {
            public var id: String
            public var table: String
            public var time: String
        }

        public init(_ outcome: BookingOutcome, sameDay: [BookEntry], clock: ZonedClock) {
            reservation = Reservation(outcome.entry, clock: clock)
            degraded = outcome.degraded
            also_booked_that_day = sameDay.map {
                SameDay(id: $0.id.lowercasedString, table: $0.tableLabel, time: clock.hhmm($0.reservation.startsAt))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            try reservation.encode(to: encoder)
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(degraded, forKey: .degraded)
            try c.encode(also_booked_that_day, forKey: .also_booked_that_day)
            try c.encode(message, forKey: .message)
        }
        enum Keys: String, CodingKey { case degraded, also_booked_that_day, message }
    }

    /// `walk-in` when a table was free: the reservation it made, and `seated: true`.
    public struct Seated: Encodable, Sendable {
        public var reservation: Reservation

        public init(_ e: BookEntry, clock: ZonedClock) { reservation = Reservation(e, clock: clock) }

        public func encode(to encoder: any Encoder) throws {
            try reservation.encode(to: encoder)
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(true, forKey: .seated)
        }
        enum Keys: String, CodingKey { case seated }
    }

    /// `status ID undo` that took back a walk-in or waitlist seating: the booking as it was before it was
    /// withdrawn (it no longer exists), `withdrawn: true`, and the waitlist entry waiting again (null for a walk-in).
    public struct Withdrawn: Encodable, Sendable {
        public var reservation: Reservation
        public var waitlistEntry: Int64?

        public init(_ e: BookEntry, waitlist: ReservationDomain.WaitlistEntry?, clock: ZonedClock) {
            reservation = Reservation(e, clock: clock)
            waitlistEntry = waitlist?.id
        }

        public func encode(to encoder: any Encoder) throws {
            try reservation.encode(to: encoder)
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(true, forKey: .withdrawn)
            try c.encode(waitlistEntry, forKey: .waitlist_entry)
        }
        enum Keys: String, CodingKey { case withdrawn, waitlist_entry }
    }

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

    /// `availability`: every bookable slot of the day, with the tables free for the whole turn.
    public struct Availability: Encodable, Sendable {
        public var date: String
        public var party_size: Int
        public var turn_minutes: Int
        public var slots: [Slot]

        public struct Slot: Encodable, Sendable {
            public var time: String
            public var service: String
            public var tables: [String]
            /// Combinations free for the turn ("T4+T5"), best fit first: only where no single table is.
            public var combinations: [String]
        }

        public init(_ result: AvailabilityResult) {
            date = result.date.description
            party_size = result.partySize
            turn_minutes = result.turnMinutes
            slots = result.slots.map {
                Slot(time: $0.time.description, service: $0.service, tables: $0.tables.map(\.label), combinations: $0.combinations.map(\.label))
            }
        }
    }

    /// `migrate`.
    public struct Migrated: Encodable, Sendable {
        public var applied: [Int]
        public var version: Int

        public init(applied: [Int], version: Int) {
            self.applied = applied
            self.version = version
        }
    }

    /// `seed --demo`: counts only when the venue was created.
    public struct Seeded: Encodable, Sendable {
        public var created: Bool
        public var reservations: Int?
        public var customers: Int?

        public static let alreadyThere = Seeded(created: false, reservations: nil, customers: nil)

        public init(reservations: Int, customers: Int) {
            self.init(created: true, reservations: reservations, customers: customers)
        }

        private init(created: Bool, reservations: Int?, customers: Int?) {
            self.created = created
            self.reservations = reservations
            self.customers = customers
        }
    }

    /// `staff list` (one per member) and `staff add`.
    public struct Staff: Encodable, Sendable {
        public var id: Int64
        public var username: String
        public var name: String
        public var role: String
        public var active: Bool

        public init(_ s: StaffMember) {
            id = s.id
            username = s.username
            name = s.displayName
            role = s.role.rawValue
            active = s.active
        }
    }

    /// An answer that only says it worked (`staff passwd`).
    public struct Done: Encodable, Sendable {
        public var ok = true
        public init() {}
    }

    /// `floor import`.
    public struct FloorImported: Encodable, Sendable {
        public var restaurant: String
        public var active_tables: Int
        public var warnings: [String]

        public init(restaurant: String, activeTables: Int, warnings: [String]) {
            self.restaurant = restaurant
            active_tables = activeTables
            self.warnings = warnings
        }
    }

    /// One line of `config`: the value as shown (secrets masked) and where it came from.
    public struct Setting: Encodable, Sendable {
        public var url: String
        public var from: String

        public init(url: String, from: String) {
            self.url = url
            self.from = from
        }
    }

    /// `status`: the stack's health, the daemon instances, the outbox by state and the next hold to lapse.
    public struct Status: Encodable, Sendable {
        public var database: Bool
        public var redis: Bool
        public var daemon: Bool
        public var instances: [Instance]
        public var outbox: [String: Int]
        @Nullable public var next_hold_expiry: String?

        public struct Instance: Encodable, Sendable {
            public var instance: String
            public var hostname: String
            public var pid: Int
            public var version: String
            public var started_at: String
            public var beat_at: String
            public var stopped_at: String?
            public var live: Bool

            public init(_ i: DaemonInstance, now: Date) {
                instance = i.instance
                hostname = i.hostname
                pid = i.pid
                version = i.version
                started_at = ISOTime.utc(i.startedAt)
                beat_at = ISOTime.utc(i.beatAt)
                stopped_at = i.stoppedAt.map(ISOTime.utc)
                live = i.isLive(at: now)
            }
        }

        public init(health: Health, instances: [DaemonInstance], outbox: [String: Int], nextHoldExpiry: Date?, now: Date) {
            database = health.database
            redis = health.redis
            self.instances = instances.map { Instance($0, now: now) }
            daemon = self.instances.contains(where: \.live)
            self.outbox = outbox
            next_hold_expiry = nextHoldExpiry.map(ISOTime.utc)
        }
    }
}

extension CLIWire {
    /// A row of `outbox` (and `outbox retry`'s answer); `last_error` and `reservation_id` are null when none.
    public struct OutboxEntry: Encodable, Sendable {
        public var id: Int64
        public var restaurant_id: Int64
        public var kind: String
        public var recipient: String
        public var status: String
        public var attempts: Int
        public var max_attempts: Int
        public var scheduled_for: String
        @Nullable public var last_error: String?
        public var message_id: String
        @Nullable public var reservation_id: String?

        public init(_ e: ReservationDomain.OutboxEntry) {
            id = e.id
            restaurant_id = e.restaurantID
            kind = e.kind.rawValue
            recipient = e.recipient
            status = e.status.rawValue
            attempts = e.attempts
            max_attempts = e.maxAttempts
            scheduled_for = ISOTime.utc(e.scheduledFor)
            last_error = e.lastError
            message_id = e.messageID
            reservation_id = e.reservationID?.lowercasedString
        }
    }
}
