import Foundation
import ReservationDomain

/// Fills the demo venue: the floor, staff with documented passwords, guests with histories and a week of
/// bookings around today, deterministic for a given day.
extension ReservationBook {
    public static let demoStaff: [(username: String, name: String, role: StaffRole, password: String)] = [
        ("host", "Ana García", .host, "podium-demo"),
        ("manager", "Marco Rossi", .manager, "office-demo"),
        ("admin", "Sam Lee", .admin, "keys-demo"),
    ]

    public enum SeedResult: Equatable, Sendable {
        case created(reservations: Int, customers: Int)
        case alreadyPresent
    }

    public func seedDemo(reset: Bool, actor: Actor) throws(ReservationError) -> SeedResult {
        try require(actor, .manageRestaurants)
        if let existing = try restaurantIfPresent(slug: DemoFloor.slug) {
            guard reset else { return .alreadyPresent }
            try deleteVenue(existing.id, actor: actor)
        }
        let r = try importFloor(try FloorFile.parse(DemoFloor.toml), actor: actor)
        for s in Self.demoStaff {
            let exists = try read { try db.queryOne("SELECT id FROM staff WHERE username = $1", [s.username])?.int64("id") }
            let id: StaffID
            if let exists { id = exists } else {
                id = try addStaff(username: s.username, displayName: s.name, role: s.role, password: s.password, actor: actor).id
            }
            _ = try write {
                try declare(actor, restaurant: nil, action: .seedDemo)
                try db.query("INSERT INTO staff_restaurants VALUES ($1, $2) ON CONFLICT DO NOTHING", [id, r.id])
            }
        }
        var rng = SeededGenerator(seed: UInt64(r.clock.localDate(of: now()).dayNumber))
        // The demo has always begun at the generator's second draw: skipping the first keeps each day's demo
        // venue as it was (the same guests and bookings).
        _ = rng.next()
        let customers = try seedCustomers(r, rng: &rng, actor: actor)
        let count = try seedReservations(r, customers: customers, rng: &rng, actor: actor)
        try write { try auditEvent(actor, restaurant: r.id, action: .seedDemo, entity: .restaurant, id: String(r.id)) }
        return .created(reservations: count, customers: customers.count)
    }

    /// Removes a venue and everything that hangs off it (the audit log keeps its history).
    ///
    /// Most of a venue's tables go with its row (`ON DELETE CASCADE`); these four do not, and go first, in
    /// the order their keys allow (a booking's table claims go with the booking, a combination's members
    /// with the combination). The day-version trigger is deferred to COMMIT, where it would record the
    /// deleted bookings' days for a venue already gone: run now, its rows go with the venue too.
    private func deleteVenue(_ id: RestaurantID, actor: Actor) throws(ReservationError) {
        try write {
            try declare(actor, restaurant: nil, action: .seedDemo)
            try db.query("SET CONSTRAINTS ALL IMMEDIATE")
            for table in ["reservations", "table_combinations", "customers", "dining_tables"] {
                try db.query("DELETE FROM \(table) WHERE restaurant_id = $1", [id])
            }
            try db.query("DELETE FROM restaurants WHERE id = $1", [id])
        }
    }

    private func seedCustomers(_ r: Restaurant, rng: inout SeededGenerator, actor: Actor) throws(ReservationError) -> [CustomerID] {
        let first = ["Lucía", "Javier", "Carmen", "Pablo", "Elena", "Diego", "Sofía", "Mateo", "Marta", "Hugo", "Laura", "Álvaro",
                     "Paula", "Daniel", "Irene", "Sergio", "Nuria", "Adrián", "Claire", "Tom", "Aiko", "Wei", "Priya", "Omar"]
        let last = ["García", "Martínez", "López", "Sánchez", "Pérez", "Gómez", "Fernández", "Ruiz", "Díaz", "Moreno",
                    "Navarro", "Romero", "Torres", "Dupont", "Smith", "Tanaka", "Chen", "Patel", "Haddad", "Jiménez"]
        let allergies = ["gluten", "shellfish", "nuts (severe)", "lactose", "egg", "sesame"]
        var ids: [CustomerID] = []
        try write {
            try declare(actor, restaurant: r.id, action: .seedDemo)
            // Two guests whose names exercise wide characters on screen.
            let special = [("山田 花子", "+34611000001"), ("Zoë 🌟 Martín", "+34611000002")]
            for (name, phone) in special {
                ids.append(try inserted("a demo guest", "INSERT INTO customers (restaurant_id, name, phone, tags) VALUES ($1, $2, $3, '{regular}') RETURNING id",
                                           [r.id, name, phone]).int64("id"))
            }
            for i in 0..<118 {
                let name = first[Int(rng.next() % UInt64(first.count))] + " " + last[Int(rng.next() % UInt64(last.count))]
                let phone = "+346\(String(format: "%08d", 10_000_000 + i * 7919 % 89_999_999))"
                let email: String? = rng.next() % 3 == 0 ? nil : name.folding(options: .diacriticInsensitive, locale: nil)
                    .lowercased().replacingOccurrences(of: " ", with: ".") + "\(i)@mail.example"
                let allergy = rng.next() % 12 == 0 ? allergies[Int(rng.next() % UInt64(allergies.count))] : ""
                var tags: [String] = []
                if rng.next() % 18 == 0 { tags.append("VIP") }
                if rng.next() % 5 == 0 { tags.append("regular") }
                let notes = rng.next() % 10 == 0 ? ["Prefers a window table", "Birthday regular: brings cake", "Wheelchair user",
                                                     "Likes the quiet corner"][Int(rng.next() % 4)] : ""
                ids.append(try inserted("a demo guest", """
                    INSERT INTO customers (restaurant_id, name, phone, email, allergies, tags, notes, marketing_consent)
                    VALUES ($1, $2, $3, $4, $5, $6::text[], $7, $8) RETURNING id
                    """, [r.id, name, phone, email, allergy, tags, notes, rng.next() % 2 == 0]).int64("id"))
            }
        }
        return ids
    }

    private func seedReservations(_ r: Restaurant, customers: [CustomerID], rng: inout SeededGenerator, actor: Actor) throws(ReservationError) -> Int {
        let clock = r.clock
        let today = clock.localDate(of: now())
        let schedule = try schedule(for: r)
        let tables = try tables(restaurantID: r.id).filter(\.active)
        let at = now()
        var count = 0
        try write {
            try declare(actor, restaurant: r.id, action: .seedDemo)
            for offset in -3...3 {
                let date = today.adding(days: offset)
                for window in schedule.windows(on: date) {
                    for table in tables where rng.next() % 10 < 7 {
                        var start = window.opens.addingTimeInterval(Double(rng.next() % 5) * 900)
                        while true {
                            let party = max(table.minCovers, min(table.maxCovers, 1 + Int(rng.next() % UInt64(table.maxCovers))))
                            let end = start.addingTimeInterval(Double(r.rules.turnMinutes(forParty: party)) * 60)
                            guard end <= window.closes else { break }
                            let roll = rng.next() % 100
                            let status: ReservationStatus
                            var expires: Date? = nil
                            if end <= at { status = roll < 6 ? .noShow : roll < 12 ? .cancelled : .completed }
                            else if start <= at { status = .seated }
                            else if roll < 6 { status = .cancelled }
                            else if roll < 12 && offset == 0 { status = .pending; expires = at.addingTimeInterval(Double(5 + roll) * 60) }
                            else { status = .confirmed }
                            let source: ReservationSource = [.phone, .phone, .online, .online, .walkIn, .staff][Int(rng.next() % 6)]
                            let notes = rng.next() % 9 == 0 ? ["Anniversary", "High chair needed", "Celebrating a promotion",
                                                                "Window table if possible", "Late arrival likely"][Int(rng.next() % 5)] : ""
                            try db.query("""
                                INSERT INTO reservations (restaurant_id, table_id, customer_id, party_size, starts_at, ends_at, status,
                                    source, expires_at, notes, created_by, created_at, seated_at, completed_at)
                                VALUES ($1, $2, $3, $4, to_timestamp($5::float8), to_timestamp($6::float8), $7, $8, to_timestamp($9::float8),
                                    $10, 'seed', to_timestamp($11::float8),
                                    CASE WHEN $7 IN ('seated', 'completed') THEN to_timestamp($5::float8) END,
                                    CASE WHEN $7 = 'completed' THEN to_timestamp($6::float8) END)
                                """, [r.id, table.id, customers[Int(rng.next() % UInt64(customers.count))], party, start, end,
                                      status.rawValue, source.rawValue, expires, notes,
                                      start.addingTimeInterval(-Double(1 + rng.next() % 14) * 86_400)])
                            count += 1
                            // A second seating when the first leaves room for one.
                            start = end.addingTimeInterval(Double(rng.next() % 3) * 900)
                            if rng.next() % 3 == 0 { break }
                        }
                    }
                }
            }
            count += try seedJoinedParties(r, today: today, schedule: schedule, customers: customers, at: at)
        }
        return count
    }

    /// A party of 10 at joined tables today and tomorrow (dinner, else lunch), at the first half hour where one of
    /// the demo's combinations has every table free (no booking that stands overlaps it), so the demo
    /// shows a join on the floor and the timeline. Inside the seed's transaction.
    private func seedJoinedParties(_ r: Restaurant, today: LocalDate, schedule: Schedule, customers: [CustomerID], at: Date) throws -> Int {
        let party = 10
        let combos = try db.query(VenueSQL.combinations, [r.id]).map { try $0.tableCombination }.filter { $0.fits(party: party) }
        let turn = Double(r.rules.turnMinutes(forParty: party)) * 60
        var count = 0
        for offset in 0...1 {
            guard let guest = customers.first else { continue }
            var placed = false
            // Dinner first, then lunch.
            for window in schedule.windows(on: today.adding(days: offset)).reversed() where !placed {
                for c in combos where !placed {
                    var start = window.opens
                    while !placed, start.addingTimeInterval(turn) <= window.closes {
                        let end = start.addingTimeInterval(turn)
                        let status: ReservationStatus = end <= at ? .completed : start <= at ? .seated : .confirmed
                        let rows = try db.query("""
                            INSERT INTO reservations (restaurant_id, table_id, joined_table_ids, customer_id, party_size, starts_at, ends_at,
                                status, source, notes, created_by, created_at, seated_at, completed_at)
                            SELECT $1, $2, $3::bigint[], $4, $5, to_timestamp($6::float8), to_timestamp($7::float8), $8, 'phone',
                                'Group of ten: tables joined', 'seed', to_timestamp($6::float8) - interval '5 days',
                                CASE WHEN $8 IN ('seated', 'completed') THEN to_timestamp($6::float8) END,
                                CASE WHEN $8 = 'completed' THEN to_timestamp($7::float8) END
                            WHERE NOT EXISTS (
                                SELECT 1 FROM reservations x
                                WHERE x.restaurant_id = $1 AND (x.table_id || x.joined_table_ids) && $9::bigint[]
                                  AND x.status IN ('pending', 'confirmed', 'seated', 'completed')
                                  AND x.period && tstzrange(to_timestamp($6::float8), to_timestamp($7::float8), '[)'))
                            RETURNING id
                            """, [r.id, c.tableIDs[0], c.tableIDs.dropFirst().map(String.init), guest, party, start, end, status.rawValue,
                                  c.tableIDs.map(String.init)])
                        placed = !rows.isEmpty
                        start = start.addingTimeInterval(1800)
                    }
                }
            }
            if placed { count += 1 }
        }
        return count
    }
}
