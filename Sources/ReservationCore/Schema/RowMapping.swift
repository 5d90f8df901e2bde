import Foundation
import ReservationDomain
import ReservationNative

/// Column lists and row decoding, in one place so every query reads rows the same way.
/// Timestamps are selected as epoch seconds so no text date parsing is needed.
enum Columns {
    static let restaurant = """
        r.id, r.slug, r.name, r.time_zone, r.phone, r.email, r.address, r.description, r.phone_country_code,
        r.hold_minutes, r.advance_days, r.min_party, r.max_party, r.reminder_hours, r.accepts_walk_ins, r.pacing_covers
        """
    static let table = "t.id, t.area_id, t.label, t.min_covers, t.max_covers, t.x, t.y, t.width, t.height, t.shape, t.features, t.active"
    static let customer = """
        c.id AS c_id, c.restaurant_id AS c_restaurant_id, c.name AS c_name, c.phone AS c_phone, c.email AS c_email,
        c.notes AS c_notes, c.allergies AS c_allergies, c.tags AS c_tags, c.marketing_consent AS c_consent,
        c.visits AS c_visits, c.cancellations AS c_cancellations, c.no_shows AS c_no_shows,
        extract(epoch FROM c.last_visit_at) AS c_last_visit_at, c.anonymous AS c_anonymous, c.language AS c_language
        """
    static let reservation = """
        x.id, x.restaurant_id, x.table_id, x.customer_id, x.party_size, extract(epoch FROM x.starts_at) AS starts_at,
        extract(epoch FROM x.ends_at) AS ends_at, x.status, x.source, extract(epoch FROM x.expires_at) AS expires_at,
        x.notes, x.created_by, extract(epoch FROM x.created_at) AS created_at, extract(epoch FROM x.updated_at) AS updated_at,
        extract(epoch FROM x.seated_at) AS seated_at, x.joined_table_ids, x.arrival
        """
    /// A reservation with its guest and table label: `FROM reservations x JOIN customers c ... JOIN dining_tables t ...`.
    /// The joined tables' labels in the booking's order (`TableCombination`), empty for one table.
    static let entry = reservation + ", " + customer + ", t.label AS table_label, " + """
        ARRAY(SELECT jt.label FROM unnest(x.joined_table_ids) WITH ORDINALITY AS j(id, n)
              JOIN dining_tables jt ON jt.restaurant_id = x.restaurant_id AND jt.id = j.id ORDER BY j.n) AS joined_labels
        """
    /// A reservation with its guest, without the table labels: for callers that hold the venue's tables
    /// (the day sheet), so PostgreSQL neither joins nor plans the tables for every row.
    static let entryWithoutLabels = reservation + ", " + customer
    static let entryWithoutLabelsJoins = """
        FROM reservations x
        JOIN customers c ON c.restaurant_id = x.restaurant_id AND c.id = x.customer_id
        """
    static let entryJoins = """
        FROM reservations x
        JOIN customers c ON c.restaurant_id = x.restaurant_id AND c.id = x.customer_id
        JOIN dining_tables t ON t.restaurant_id = x.restaurant_id AND t.id = x.table_id
        """
    static let waitlist = """
        w.id, w.restaurant_id, w.name, w.phone, w.party_size, w.quoted_minutes, w.status, w.notes,
        extract(epoch FROM w.created_at) AS created_at, w.position, extract(epoch FROM w.notified_at) AS notified_at
        """
    static let staff = "s.id, s.username, s.display_name, s.role, s.active, extract(epoch FROM s.last_login_at) AS last_login_at"
}

/// Every mapping throws `RowDecodingError` rather than fill in a value the row does not hold.
extension PGRow {
    var restaurant: Restaurant {
        get throws(RowDecodingError) {
            var rules = BookingRules()
            rules.holdMinutes = try int("hold_minutes")
            rules.advanceDays = try int("advance_days")
            rules.minParty = try int("min_party")
            rules.maxParty = try int("max_party")
            rules.reminderHours = try int("reminder_hours")
            rules.acceptsWalkIns = try bool("accepts_walk_ins")
            rules.pacingCovers = try optionalInt64("pacing_covers").map { Int($0) }
            return Restaurant(id: try int64("id"), slug: try string("slug"), name: try string("name"), timeZone: try string("time_zone"),
                              phone: try optionalString("phone"), email: try optionalString("email"), address: try optionalString("address"),
                              description: try optionalString("description"), phoneCountryCode: try string("phone_country_code"), rules: rules)
        }
    }

    var diningTable: DiningTable {
        get throws(RowDecodingError) {
            DiningTable(id: try int64("id"), areaID: try int64("area_id"), label: try string("label"), minCovers: try int("min_covers"),
                        maxCovers: try int("max_covers"), x: try int("x"), y: try int("y"), width: try int("width"), height: try int("height"),
                        shape: try string("shape", as: TableShape.self),
                        features: Set(try stringArray("features", as: TableFeature.self)), active: try bool("active"))
        }
    }

    var customer: Customer {
        get throws(RowDecodingError) {
            // The model's "no number" (a walk-in who gave none) is empty text; the column's is NULL.
            Customer(id: try int64("c_id"), restaurantID: try int64("c_restaurant_id"), name: try string("c_name"),
                     phone: try optionalString("c_phone") ?? "", email: try optionalString("c_email"), notes: try string("c_notes"),
                     allergies: try string("c_allergies"), tags: try stringArray("c_tags"), marketingConsent: try bool("c_consent"),
                     visits: try int("c_visits"), cancellations: try int("c_cancellations"), noShows: try int("c_no_shows"),
                     lastVisitAt: try optionalDate("c_last_visit_at"), anonymous: try bool("c_anonymous"), language: try optionalString("c_language"))
        }
    }

    var reservation: Reservation {
        get throws(RowDecodingError) {
            Reservation(id: try uuid("id"), restaurantID: try int64("restaurant_id"), tableID: try int64("table_id"),
                        customerID: try int64("customer_id"), partySize: try int("party_size"), startsAt: try date("starts_at"),
                        endsAt: try date("ends_at"), status: try string("status", as: ReservationStatus.self),
                        source: try string("source", as: ReservationSource.self), expiresAt: try optionalDate("expires_at"),
                        notes: try string("notes"), createdBy: try string("created_by"), createdAt: try date("created_at"),
                        updatedAt: try date("updated_at"), seatedAt: try optionalDate("seated_at"),
                        joinedTableIDs: try int64Array("joined_table_ids"), arrival: try string("arrival", as: ArrivalState.self))
        }
    }

    var bookEntry: BookEntry {
        get throws(RowDecodingError) { BookEntry(reservation: try reservation, customer: try customer, tableLabel: try string("table_label"),
                                                 joinedLabels: try stringArray("joined_labels")) }
    }

    /// A bigint[] column (`{3,4}`).
    func int64Array(_ name: String) throws(RowDecodingError) -> [Int64] {
        var ids: [Int64] = []
        for text in try stringArray(name) {
            guard let id = Int64(text) else { throw RowDecodingError(column: name, problem: .notAnInteger) }
            ids.append(id)
        }
        return ids
    }

    var area: Area {
        get throws(RowDecodingError) { Area(id: try int64("id"), name: try string("name"), sortOrder: try int("sort_order")) }
    }

    var tableCombination: TableCombination {
        get throws(RowDecodingError) {
            TableCombination(id: try int64("id"), tableIDs: try int64Array("table_ids"), labels: try stringArray("labels"),
                             minCovers: try int("min_covers"), maxCovers: try int("max_covers"))
        }
    }

    var waitlistEntry: WaitlistEntry {
        get throws(RowDecodingError) {
            WaitlistEntry(id: try int64("id"), restaurantID: try int64("restaurant_id"), name: try string("name"),
                          phone: try optionalString("phone"), partySize: try int("party_size"), quotedMinutes: try int("quoted_minutes"),
                          status: try string("status", as: WaitlistStatus.self), notes: try string("notes"), createdAt: try date("created_at"),
                          position: try int64("position"), notifiedAt: try optionalDate("notified_at"))
        }
    }

    var staffMember: StaffMember {
        get throws(RowDecodingError) {
            StaffMember(id: try int64("id"), username: try string("username"), displayName: try string("display_name"),
                        role: try string("role", as: StaffRole.self), active: try bool("active"), lastLoginAt: try optionalDate("last_login_at"))
        }
    }
}
