import Foundation
import ReservationCore
import ReservationDomain

/// The JSON the API answers with, field names as the original's serializers had them. One type per shape,
/// built from the core's values in one place each.
enum Wire {
    struct Reservation: Encodable {
        var id: String
        var reference: String
        var status: String
        var restaurant_id: Int64
        var customer_id: Int64
        var table_id: Int64
        var reservation_date: String
        var reservation_time: String
        var party_size: Int
        var ends_at: String
        var expires_at: String?
        var source: String
        var notes: String
        var created_at: String
        var updated_at: String

        init(_ e: BookEntry, _ r: ReservationDomain.Restaurant) {
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

        /// `expires_at` is always present (null unless a pending hold), as the original's detail had it.
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(id, forKey: .id)
            try c.encode(reference, forKey: .reference)
            try c.encode(status, forKey: .status)
            try c.encode(restaurant_id, forKey: .restaurant_id)
            try c.encode(customer_id, forKey: .customer_id)
            try c.encode(table_id, forKey: .table_id)
            try c.encode(reservation_date, forKey: .reservation_date)
            try c.encode(reservation_time, forKey: .reservation_time)
            try c.encode(party_size, forKey: .party_size)
            try c.encode(ends_at, forKey: .ends_at)
            try c.encode(expires_at, forKey: .expires_at)
            try c.encode(source, forKey: .source)
            try c.encode(notes, forKey: .notes)
            try c.encode(created_at, forKey: .created_at)
            try c.encode(updated_at, forKey: .updated_at)
        }
        enum Keys: String, CodingKey {
            case id, reference, status, restaurant_id, customer_id, table_id, reservation_date, reservation_time, party_size
            case ends_at, expires_at, source, notes, created_at, updated_at
        }
    }

    /// POST's 201 and the detail: the reservation with its guest, venue and table nested, and the message.
    struct ReservationDetail: Encodable {
        var reservation: Reservation
        var customer: Customer
        var restaurant: RestaurantRef
        var table: TableRef
        var message: String?

        init(_ e: BookEntry, _ r: ReservationDomain.Restaurant, message: String? = nil) {
            reservation = Reservation(e, r)
            customer = Customer(e.customer)
            restaurant = RestaurantRef(id: r.id, name: r.name, slug: r.slug)
            table = TableRef(id: e.reservation.tableID, number: e.tableLabel)
            self.message = message
        }

        func encode(to encoder: any Encoder) throws {
            try reservation.encode(to: encoder)
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(customer, forKey: .customer)
            try c.encode(restaurant, forKey: .restaurant)
            try c.encode(table, forKey: .table)
            if let message { try c.encode(message, forKey: .message) }
        }
        enum Keys: String, CodingKey { case customer, restaurant, table, message }
    }

    struct Customer: Encodable {
        var id: Int64
        var name: String
        var email: String?
        var phone: String?
        var restaurant_id: Int64
        var visits: Int
        var no_shows: Int
        var cancellations: Int

        init(_ c: ReservationDomain.Customer) {
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

    /// A registered online guest (/api/auth/register/).
    struct Account: Encodable {
        var id: Int64
        var email: String
        var first_name: String
        var last_name: String
        var phone: String
        var created_at: String

        init(_ a: GuestAccount) {
            id = a.id
            email = a.email
            first_name = a.firstName
            last_name = a.lastName
            phone = a.phone
            created_at = ISOTime.utc(a.createdAt)
        }
    }

    struct RestaurantRef: Encodable {
        var id: Int64
        var name: String
        var slug: String
    }

    struct TableRef: Encodable {
        var id: Int64
        var number: String
    }

    struct Restaurant: Encodable {
        var id: Int64
        var slug: String
        var name: String
        var address: String?
        var phone: String?
        var email: String?
        var description: String?
        var time_zone: String
        var min_party: Int
        var max_party: Int
        var hold_minutes: Int
        var advance_days: Int
        var opening_hours: [Hours]?
        var closures: [ClosureOut]?

        struct Hours: Encodable {
            var weekday: Int
            var service: String
            var opens: String
            var closes: String
        }
        struct ClosureOut: Encodable {
            var starts_on: String
            var ends_on: String
            var reason: String
        }

        init(_ r: ReservationDomain.Restaurant, schedule: Schedule? = nil) {
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

    struct Table: Encodable {
        var id: Int64
        var restaurant: Int64
        var number: String
        var capacity: Int
        var min_capacity: Int
        var area_id: Int64
        var shape: String
        var is_active: Bool

        init(_ t: DiningTable, restaurant: RestaurantID) {
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
    struct Page<Item: Encodable>: Encodable {
        var count: Int
        var next: String?
        var previous: String?
        var results: [Item]

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(count, forKey: .count)
            try c.encode(next, forKey: .next)
            try c.encode(previous, forKey: .previous)
            try c.encode(results, forKey: .results)
        }
        enum Keys: String, CodingKey { case count, next, previous, results }
    }

    struct Tokens: Encodable {
        var access: String
        var refresh: String
        var access_expires_at: String
        var refresh_expires_at: String
        var token_type = "Bearer"

        init(_ p: TokenPair) {
            access = p.access
            refresh = p.refresh
            access_expires_at = ISOTime.utc(p.accessExpiresAt)
            refresh_expires_at = ISOTime.utc(p.refreshExpiresAt)
        }
    }

    struct Health: Encodable {
        var status: String
        var database: String
        var redis: String
        var daemon: String
        var timestamp: String
    }
}
