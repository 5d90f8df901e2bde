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

    /// `history`: one change to a booking, `at` in UTC (ISO 8601), `changes` as a host reads them.
    public struct HistoryEvent: Encodable, Sendable {
        public var at: String
        public var at_local: String
        public var actor: String
        public var action: String
        public var changes: [String]

        public init(_ e: ReservationDomain.HistoryEvent, clock: ZonedClock) {
            at = ISOTime.utc(e.at)
            at_local = "\(clock.localDate(of: e.at)) \(clock.hhmm(e.at))"
            actor = e.actor
            action = e.action
            changes = e.changes
        }
    }

    /// One row of `reservaflow audit --json`: the venue's wall-clock time with its offset, who, declared as
    /// what, on what, and the changes in words.
    public struct AuditEntry: Encodable, Sendable {
        public var id: Int64
        public var at: String
        public var venue: String?
        public var actor: String
        public var action: String
        public var entity: String
        public var entity_id: String?
        public var changes: [String]
        public var os_account: String?
        public var db_role: String?

        public init(_ r: AuditRecord, venue: String?, clock: ZonedClock) {
            id = r.id
            at = ISOTime.local(r.at, clock: clock)
            self.venue = venue
            actor = r.actor
            action = r.action
            entity = r.entity
            entity_id = r.entityID
            changes = r.changes
            os_account = r.osAccount
            db_role = r.dbRole
        }
    }
}
