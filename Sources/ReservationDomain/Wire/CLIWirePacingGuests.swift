import Foundation

extension CLIWire {
    /// `pacing`: covers starting in each quarter hour of the day's services, against the venue's limit
    /// (`limit` null when the venue has none; `over` then always false).
    public struct PacingDay: Encodable, Sendable {
        public var date: String
        @Nullable public var limit: Int?
        public var slots: [Slot]

        public struct Slot: Encodable, Sendable {
            public var time: String
            public var covers: Int
            public var over: Bool
        }

        public init(date: LocalDate, pacing: Pacing, slots: [Date], clock: ZonedClock) {
            self.date = date.description
            limit = pacing.limit
            self.slots = slots.map { s in
                let c = pacing.covers(at: s)
                return Slot(time: clock.hhmm(s), covers: c, over: pacing.limit.map { c > $0 } ?? false)
            }
        }
    }

    /// A guest as `guests duplicates` and `guest merge` name them.
    public struct GuestRef: Encodable, Sendable {
        public var id: Int64
        public var name: String
        public var phone: String
        @Nullable public var email: String?
        public var visits: Int

        public init(_ c: Customer) {
            id = c.id
            name = c.name
            phone = c.phone
            email = c.email
            visits = c.visits
        }
    }

    /// `guest set`: the profile as saved.
    public struct GuestProfile: Encodable, Sendable {
        public var id: Int64
        public var name: String
        public var phone: String
        @Nullable public var email: String?
        public var notes: String
        public var allergies: String
        public var allergens: [String]
        public var tags: [String]
        public var vip: Bool
        public var marketing_consent: Bool
        @Nullable public var language: String?

        public init(_ c: Customer) {
            id = c.id
            name = c.name
            phone = c.phone
            email = c.email
            notes = c.notes
            allergies = c.allergies
            allergens = c.allergens.map(\.rawValue)
            tags = c.typedTags
            vip = c.isVIP
            marketing_consent = c.marketingConsent
            language = c.language
        }
    }

    /// `guests duplicates`: likely pairs, with why.
    public struct DuplicatePair: Encodable, Sendable {
        public var guest: GuestRef
        public var other: GuestRef
        public var reason: String

        public init(_ d: GuestDuplicate) {
            guest = GuestRef(d.guest)
            other = GuestRef(d.other)
            reason = d.reason.rawValue
        }
    }

    /// `guest merge KEEP DROP`: what moved.
    public struct Merged: Encodable, Sendable {
        public var kept: Int64
        public var dropped: Int64
        public var reservations_moved: Int
        public var waitlist_moved: Int
        public var account_moved: Bool
        public var filled: [String]

        public init(_ m: GuestMerge) {
            kept = m.kept
            dropped = m.dropped
            reservations_moved = m.reservations
            waitlist_moved = m.waitlist
            account_moved = m.accountMoved
            filled = m.filled
        }
    }
}
