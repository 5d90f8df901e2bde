import Foundation

/// The operators' answers: availability, migrations, seeding, staff, settings, the daemon's status and outbox.
extension CLIWire {
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
        /// The slugs of the venues the account works at (an admin works at all, whatever is listed).
        public var venues: [String]

        public init(_ s: StaffMember, venues: [String] = []) {
            id = s.id
            username = s.username
            name = s.displayName
            role = s.role.rawValue
            active = s.active
            self.venues = venues
        }
    }

    /// A closure (`reservaflow closure`): days the venue is shut, inclusive.
    public struct ClosureDays: Encodable, Sendable {
        /// The table's label when only a table is out of service (`TableClosure`); absent for the venue.
        public var table: String?
        public var from: String
        public var to: String
        public var reason: String

        public init(_ c: Closure, table: String? = nil) {
            self.table = table
            from = c.startsOn.description
            to = c.endsOn.description
            reason = c.reason
        }

        public init(_ t: TableClosure) { self.init(t.days, table: t.label) }
    }

    /// `closure add`: the closure, and the live bookings left on its days (with `--even-with-bookings`).
    public struct ClosureAdded: Encodable, Sendable {
        public var closure: ClosureDays
        public var still_booked: [Reservation]

        public init(_ outcome: ClosureOutcome, clock: ZonedClock) {
            closure = ClosureDays(outcome.closure)
            still_booked = outcome.stranded.map { Reservation($0, clock: clock) }
        }

        public init(_ outcome: TableClosureOutcome, clock: ZonedClock) {
            closure = ClosureDays(outcome.closure)
            still_booked = outcome.stranded.map { Reservation($0, clock: clock) }
        }
    }

    /// `venue show`: the venue's details and rules by their floor-file keys, its turns and services.
    public struct VenueRules: Encodable, Sendable {
        public var slug: String
        public var settings: [String: String]
        public var turn_times: [TurnRow]
        public var hours: [HoursRow]
        public struct TurnRow: Encodable, Sendable { public var up_to_party: Int; public var minutes: Int }
        public struct HoursRow: Encodable, Sendable { public var day: String; public var service: String; public var opens: String; public var closes: String }

        public init(_ r: Restaurant, hours: [ServiceHours]) {
            slug = r.slug
            settings = Dictionary(uniqueKeysWithValues: VenueSetting.allCases.map { ($0.rawValue, $0.value(of: r)) })
            turn_times = r.rules.turnTimes.map { TurnRow(up_to_party: $0.upToParty, minutes: $0.minutes) }
            self.hours = hours.map { HoursRow(day: $0.dayName.lowercased(), service: $0.name, opens: $0.opens.description, closes: $0.closes.description) }
        }
    }

    /// `venue set|hours|turn`: what was saved, and the live bookings left outside the rules (with `--even-with-bookings`).
    public struct VenueChanged: Encodable, Sendable {
        public var saved: [String]
        public var still_booked: [Reservation]

        public init(_ change: VenueChange, clock: ZonedClock) {
            saved = change.edits.map(\.summary)
            still_booked = change.stranded.map { Reservation($0, clock: clock) }
        }
    }

    /// `guest erase`: the record erased, and the bookings cancelled (and mailed) first.
    public struct GuestErased: Encodable, Sendable {
        public var customer_id: Int64
        public var cancelled: [String]

        public init(customer: Int64, cancelled: [UUID]) {
            customer_id = customer
            self.cancelled = cancelled.map(\.lowercasedString)
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
