import Foundation
import ReservationDomain
import ReservationNative

/// Column lists and row decoding, in one place so every query reads rows the same way.
/// Timestamps are selected as epoch seconds so no text date parsing is needed.
enum Columns {
    static let restaurant = """
        r.id, r.slug, r.name, r.time_zone, r.phone, r.email, r.address, r.description, r.phone_country_code,
        r.hold_minutes, r.advance_days, r.min_party, r.max_party, r.reminder_hours, r.accepts_walk_ins
        """
    static let table = "t.id, t.area_id, t.label, t.min_covers, t.max_covers, t.x, t.y, t.width, t.height, t.shape, t.features, t.active"
    static let customer = """
        c.id AS c_id, c.restaurant_id AS c_restaurant_id, c.name AS c_name, c.phone AS c_phone, c.email AS c_email,
        c.notes AS c_notes, c.allergies AS c_allergies, c.tags AS c_tags, c.marketing_consent AS c_consent,
        c.visits AS c_visits, c.cancellations AS c_cancellations, c.no_shows AS c_no_shows,
        extract(epoch FROM c.last_visit_at) AS c_last_visit_at, c.anonymous AS c_anonymous
        """
    static let reservation = """
        x.id, x.restaurant_id, x.table_id, x.customer_id, x.party_size, extract(epoch FROM x.starts_at) AS starts_at,
        extract(epoch FROM x.ends_at) AS ends_at, x.status, x.source, extract(epoch FROM x.expires_at) AS expires_at,
        x.notes, x.created_by, extract(epoch FROM x.created_at) AS created_at, extract(epoch FROM x.updated_at) AS updated_at,
        extract(epoch FROM x.seated_at) AS seated_at
        """
    /// A reservation with its guest and table label: `FROM reservations x JOIN customers c ... JOIN dining_tables t ...`.
    static let entry = reservation + ", " + customer + ", t.label AS table_label"
    static let entryJoins = """
        FROM reservations x
        JOIN customers c ON c.restaurant_id = x.restaurant_id AND c.id = x.customer_id
        JOIN dining_tables t ON t.restaurant_id = x.restaurant_id AND t.id = x.table_id
        """
    static let waitlist = """
        w.id, w.restaurant_id, w.name, w.phone, w.party_size, w.quoted_minutes, w.status, w.notes,
        extract(epoch FROM w.created_at) AS created_at
        """
    static let staff = "s.id, s.username, s.display_name, s.role, s.active, extract(epoch FROM s.last_login_at) AS last_login_at"
}

extension PGRow {
    var restaurant: Restaurant {
        var rules = BookingRules()
        rules.holdMinutes = int("hold_minutes")
        rules.advanceDays = int("advance_days")
        rules.minParty = int("min_party")
        rules.maxParty = int("max_party")
        rules.reminderHours = int("reminder_hours")
        rules.acceptsWalkIns = bool("accepts_walk_ins")
        return Restaurant(id: int64("id"), slug: string("slug"), name: string("name"), timeZone: string("time_zone"),
                          phone: self["phone"], email: self["email"], address: self["address"], description: self["description"],
                          phoneCountryCode: string("phone_country_code"), rules: rules)
    }

    var diningTable: DiningTable {
        DiningTable(id: int64("id"), areaID: int64("area_id"), label: string("label"), minCovers: int("min_covers"),
                    maxCovers: int("max_covers"), x: int("x"), y: int("y"), width: int("width"), height: int("height"),
                    shape: TableShape(rawValue: string("shape")) ?? .rect,
                    features: Set(stringArray("features").compactMap(TableFeature.init(rawValue:))), active: bool("active"))
    }

    var customer: Customer {
        Customer(id: int64("c_id"), restaurantID: int64("c_restaurant_id"), name: string("c_name"), phone: string("c_phone"),
                 email: self["c_email"], notes: string("c_notes"), allergies: string("c_allergies"), tags: stringArray("c_tags"),
                 marketingConsent: bool("c_consent"), visits: int("c_visits"), cancellations: int("c_cancellations"),
                 noShows: int("c_no_shows"), lastVisitAt: optionalDate("c_last_visit_at"), anonymous: bool("c_anonymous"))
    }

    var reservation: Reservation {
        Reservation(id: uuid("id"), restaurantID: int64("restaurant_id"), tableID: int64("table_id"), customerID: int64("customer_id"),
                    partySize: int("party_size"), startsAt: date("starts_at"), endsAt: date("ends_at"),
                    status: ReservationStatus(rawValue: string("status")) ?? .cancelled,
                    source: ReservationSource(rawValue: string("source")) ?? .staff, expiresAt: optionalDate("expires_at"),
                    notes: string("notes"), createdBy: string("created_by"), createdAt: date("created_at"),
                    updatedAt: date("updated_at"), seatedAt: optionalDate("seated_at"))
    }

    var bookEntry: BookEntry { BookEntry(reservation: reservation, customer: customer, tableLabel: string("table_label")) }

    var waitlistEntry: WaitlistEntry {
        WaitlistEntry(id: int64("id"), restaurantID: int64("restaurant_id"), name: string("name"), phone: self["phone"],
                      partySize: int("party_size"), quotedMinutes: int("quoted_minutes"),
                      status: WaitlistStatus(rawValue: string("status")) ?? .removed, notes: string("notes"),
                      createdAt: date("created_at"))
    }

    var staffMember: StaffMember {
        StaffMember(id: int64("id"), username: string("username"), displayName: string("display_name"),
                    role: StaffRole(rawValue: string("role")) ?? .host, active: bool("active"),
                    lastLoginAt: optionalDate("last_login_at"))
    }
}
