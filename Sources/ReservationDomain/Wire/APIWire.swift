import Foundation

/// The JSON the API answers with, field names as the original's serializers had them. One type per shape,
/// built from the core's values in one place each.
public enum APIWire {
    public struct Reservation: Encodable, Sendable {
        public var id: String
        public var reference: String
        public var status: String
        public var restaurant_id: Int64
        public var customer_id: Int64
        public var table_id: Int64
        public var reservation_date: String
        public var reservation_time: String
        public var party_size: Int
        public var ends_at: String
        /// Always present (null unless a pending hold), as the original's detail had it.
        @Nullable public var expires_at: String?
        public var source: String
        public var notes: String
        public var created_at: String
        public var updated_at: String

        public init(_ e: BookEntry, _ r: ReservationDomain.Restaurant) {
            let x = e.reservation
            let (date, time) = r.clock.localParts(of: x.startsAt)
            id = x.id.lowercasedString
            reference = x.shortID
            status = x.status.rawValue
            restaurant_id = x.restaurantID
            customer_id = x.customerID
            table_id = x.tableID
            reservation_date = date.description
            reservation_time = time.description + ":00"
            party_size = x.partySize
            ends_at = ISOTime.utc(x.endsAt)
            expires_at = x.status == .pending ? x.expiresAt.map(ISOTime.utc) : nil
            source = x.source.rawValue
            notes = x.notes
            created_at = ISOTime.utc(x.createdAt)
            updated_at = ISOTime.utc(x.updatedAt)
        }
    }

    /// POST's 201 and the detail: the reservation with its guest, venue and table nested, and the message.
    public struct ReservationDetail: Encodable, Sendable {
        public var reservation: Reservation
        public var customer: Customer
        public var restaurant: RestaurantRef
        public var table: TableRef
        public var message: String?

        public init(_ e: BookEntry, _ r: ReservationDomain.Restaurant, message: String? = nil) {
            reservation = Reservation(e, r)
            customer = Customer(e.customer)
            restaurant = RestaurantRef(id: r.id, name: r.name, slug: r.slug)
            table = TableRef(id: e.reservation.tableID, number: e.tableLabel)
            self.message = message
        }

        public func encode(to encoder: any Encoder) throws {
            try reservation.encode(to: encoder)
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(customer, forKey: .customer)
            try c.encode(restaurant, forKey: .restaurant)
            try c.encode(table, forKey: .table)
            if let message { try c.encode(message, forKey: .message) }
        }
        enum Keys: String, CodingKey { case customer, restaurant, table, message }
    }

    public struct Customer: Encodable, Sendable {
        public var id: Int64
        public var name: String
        public var email: String?
        public var phone: String?
        public var restaurant_id: Int64
        public var visits: Int
        public var no_shows: Int
        public var cancellations: Int

        public init(_ c: ReservationDomain.Customer) {
            id = c.id
            name = c.name
            email = c.email
            phone = c.phone.isEmpty ? nil : c.phone
            restaurant_id = c.restaurantID
            visits = c.visits
            no_shows = c.noShows
            cancellations = c.cancellations
        }
    }

    /// A guest record as staff see and edit it (`GET`/`PATCH /api/customers/{id}/`): the original's fields and
    /// the profile the podium keeps. Never in a guest's own answers (a reservation's `customer` is `Customer`):
    /// a host's notes about a guest are not the guest's to read.
    public struct CustomerProfile: Encodable, Sendable {
        /// The original's fields, as every other answer gives them.
        public var customer: Customer
        public var notes: String
        public var allergies: String
        public var allergens: [String]
        public var tags: [String]
        public var vip: Bool
        public var marketing_consent: Bool
        /// null: the venue's.
        public var language: String?

        public init(_ c: ReservationDomain.Customer) {
            customer = Customer(c)
            notes = c.notes
            allergies = c.allergies
            allergens = c.allergens.map(\.rawValue)
            tags = c.typedTags
            vip = c.isVIP
            marketing_consent = c.marketingConsent
            language = c.language
        }

        enum Keys: String, CodingKey { case notes, allergies, allergens, tags, vip, marketing_consent, language }

        /// One flat object: the guest's fields, then the profile's beside them.
        public func encode(to encoder: any Encoder) throws {
            try customer.encode(to: encoder)
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(notes, forKey: .notes)
            try c.encode(allergies, forKey: .allergies)
            try c.encode(allergens, forKey: .allergens)
            try c.encode(tags, forKey: .tags)
            try c.encode(vip, forKey: .vip)
            try c.encode(marketing_consent, forKey: .marketing_consent)
            try c.encode(language, forKey: .language)  // null when the venue's, not left out
        }
    }

    /// A registered online guest (/api/auth/register/).
    public struct Account: Encodable, Sendable {
        public var id: Int64
        public var email: String
        public var first_name: String
        public var last_name: String
        public var phone: String
        public var created_at: String

        public init(_ a: GuestAccount) {
            id = a.id
            email = a.email
            first_name = a.firstName
            last_name = a.lastName
            phone = a.phone
            created_at = ISOTime.utc(a.createdAt)
        }
    }

    public struct RestaurantRef: Encodable, Sendable {
        public var id: Int64
        public var name: String
        public var slug: String
    }

    public struct TableRef: Encodable, Sendable {
        public var id: Int64
        public var number: String
    }

    public struct Restaurant: Encodable, Sendable {
        public var id: Int64
        public var slug: String
        public var name: String
        public var address: String?
        public var phone: String?
        public var email: String?
        public var description: String?
        public var time_zone: String
        public var min_party: Int
        public var max_party: Int
        public var hold_minutes: Int
        public var advance_days: Int
        public var opening_hours: [Hours]?
        public var closures: [ClosureOut]?

        public struct Hours: Encodable, Sendable {
            public var weekday: Int
            public var service: String
            public var opens: String
            public var closes: String
        }
        public struct ClosureOut: Encodable, Sendable {
            public var starts_on: String
            public var ends_on: String
            public var reason: String
        }

        public init(_ r: ReservationDomain.Restaurant, schedule: Schedule? = nil) {
            id = r.id
            slug = r.slug
            name = r.name
            address = r.address
            phone = r.phone
            email = r.email
            description = r.description
            time_zone = r.timeZone
            min_party = r.rules.minParty
            max_party = r.rules.maxParty
            hold_minutes = r.rules.holdMinutes
            advance_days = r.rules.advanceDays
            if let schedule {
                opening_hours = schedule.hours.sorted { ($0.weekday, $0.opens) < ($1.weekday, $1.opens) }
                    .map { Hours(weekday: $0.weekday, service: $0.name, opens: $0.opens.description, closes: $0.closes.description) }
                closures = schedule.closures.map { ClosureOut(starts_on: $0.startsOn.description, ends_on: $0.endsOn.description, reason: $0.reason) }
            }
        }
    }

    public struct Table: Encodable, Sendable {
        public var id: Int64
        public var restaurant: Int64
        public var number: String
        public var capacity: Int
        public var min_capacity: Int
        public var area_id: Int64
        public var shape: String
        public var is_active: Bool

        public init(_ t: DiningTable, restaurant: RestaurantID) {
            id = t.id
            self.restaurant = restaurant
            number = t.label
            capacity = t.maxCovers
            min_capacity = t.minCovers
            area_id = t.areaID
            shape = t.shape.rawValue
            is_active = t.active
        }
    }

    /// Django REST framework's page: `{count, next, previous, results}`.
    public struct Page<Item: Encodable & Sendable>: Encodable, Sendable {
        public var count: Int
        @Nullable public var next: String?
        @Nullable public var previous: String?
        public var results: [Item]

        public init(count: Int, next: String?, previous: String?, results: [Item]) {
            self.count = count
            self.next = next
            self.previous = previous
            self.results = results
        }
    }

    public struct Tokens: Encodable, Sendable {
        public var access: String
        public var refresh: String
        public var access_expires_at: String
        public var refresh_expires_at: String
        public var token_type = "Bearer"
        /// A guest's account id (the `id` registration answered; accepted as `customer_id`). Absent for staff
        /// and on refresh.
        public var account_id: Int64?

        public init(_ p: TokenPair) {
            access = p.access
            refresh = p.refresh
            access_expires_at = ISOTime.utc(p.accessExpiresAt)
            refresh_expires_at = ISOTime.utc(p.refreshExpiresAt)
        }
    }

    public struct Health: Encodable, Sendable {
        public var status: String
        public var database: String
        public var redis: String
        public var daemon: String
        public var timestamp: String
        /// "shared": the rate limits are counted in Redis for every instance; "per_instance": in this
        /// process only (no Redis configured, or it does not answer).
        public var rate_limits: String

        public init(status: String, database: String, redis: String, daemon: String, timestamp: String, rateLimits: String = "per_instance") {
            rate_limits = rateLimits
            self.status = status
            self.database = database
            self.redis = redis
            self.daemon = daemon
            self.timestamp = timestamp
        }
    }
}
