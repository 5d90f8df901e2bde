import Foundation
import ReservationCore
import ReservationDomain
import ReservationNative

/// The scratch database's data, generated set-based as the schema's owner (never one booking at a time):
///
/// - `bench-book`: 96 tables, bookable 730 days ahead, for the booking scenarios and their pgbench ceilings;
/// - `bench-avail-60` and `bench-avail-200`: 60 and 200 tables, about half booked for the next 60 days;
/// - `scale-001` ... `scale-100`: 20-60 tables each, guests, and a year of history (about 2 million
///   reservations; BENCH_QUICK keeps two weeks), for the scale queries and the many-venues scenario;
/// - `bench_rows`: a plain table for the single-row INSERT ceiling.
struct BenchVenues {
    var book: RestaurantID
    /// `bench-book`'s tables by id (contiguous: pgbench addresses them as `tbase + client`).
    var bookTables: [TableID]
    var avail: [Int: RestaurantID]
    var scale: [RestaurantID]
}

enum BenchData {
    static let bookTables = 96

    static func prepare(_ o: BenchOptions, _ results: Results, scale withScale: Bool = true) throws -> BenchVenues {
        let owner = try PGConnection(url: o.ownerURL, session: .migration)
        let existing = try owner.number("SELECT count(*) AS v FROM restaurants WHERE slug LIKE 'scale-%' OR slug LIKE 'bench-%'")
        if existing != 0 && !o.reuseData {
            throw BenchFailure("the scratch database already holds benchmark venues: scripts/bench.sh makes a fresh one per run")
        }
        if existing == 0 { try generate(o, owner, results, scale: withScale) } else { print("  reusing the data already there (BENCH_REUSE_DATA)") }
        let book = try owner.number("SELECT id AS v FROM restaurants WHERE slug = 'bench-book'")
        let tables = try owner.query("SELECT id FROM dining_tables WHERE restaurant_id = $1 ORDER BY id", [book]).map { try $0.int64("id") }
        guard tables.count == bookTables, let first = tables.first, let last = tables.last, last - first + 1 == Int64(tables.count) else {
            throw BenchFailure("bench-book's table ids are not contiguous; pgbench could not address them")
        }
        var avail: [Int: RestaurantID] = [:]
        for n in [60, 200] {
            avail[n] = try owner.number("SELECT id AS v FROM restaurants WHERE slug = $1", ["bench-avail-\(n)"])
        }
        let scale = try owner.query("SELECT id FROM restaurants WHERE slug LIKE 'scale-%' ORDER BY id").map { try $0.int64("id") }
        return BenchVenues(book: book, bookTables: tables, avail: avail, scale: scale)
    }

    /// The venues, their bookings and (with `scale`) the year of history, set-based as the owner; then
    /// vacuumed, so every figure reads a settled table (hint bits set, visibility map written), as
    /// autovacuum leaves a real one, not one autovacuum is still working through beside the timings.
    static func generate(_ o: BenchOptions, _ owner: PGConnection, _ results: Results, scale withScale: Bool) throws {
        try owner.execScript("SET maintenance_work_mem = '256MB'; SET work_mem = '64MB';")
        var t0 = monotonicNanos()
        try owner.execScript(venuesSQL)
        try owner.execScript(availabilitySQL)
        let small = Double(monotonicNanos() - t0) / 1e9
        print(String(format: "  bench venues and their bookings: %.1f s", small))

        t0 = monotonicNanos()
        if withScale { try owner.transaction {
            try owner.execScript(scaleVenuesSQL(venues: o.scaleVenues))
            try owner.execScript(guestsSQL(perVenue: o.guestsPerVenue))
            try owner.execScript(historySQL(from: -o.historyDays, to: o.daysAhead))
        } }
        try owner.execScript("VACUUM (ANALYZE) restaurants, turn_times, opening_hours, closures, areas, dining_tables, customers, reservations, reservation_tables, notifications, audit_log, book_versions")
        if withScale {
            let seconds = Double(monotonicNanos() - t0) / 1e9
            let reservations = Double(try owner.number("SELECT count(*) AS v FROM reservations"))
            let guests = Double(try owner.number("SELECT count(*) AS v FROM customers"))
            results.add("scale data: reservations (\(o.scaleVenues) venues, \(o.historyDays) days of history + \(o.daysAhead) ahead)", reservations, "rows")
            results.add("scale data: guests", guests, "rows")
            results.add("scale data: generated set-based as the owner, then vacuumed", seconds, "s")
        }
    }

    /// Every venue serves lunch 12:00-16:30 and dinner 19:00-23:30 every day (default turn times: 90 minutes
    /// for two), so a table has six non-overlapping turns for two: 12:00, 13:30, 15:00, 19:00, 20:30, 22:00.
    static let turnsForTwo: [TimeOfDay] = [(12, 0), (13, 30), (15, 0), (19, 0), (20, 30), (22, 0)].map { TimeOfDay(hour: $0.0, minute: $0.1)! }

    private static let hours = """
        INSERT INTO opening_hours (restaurant_id, weekday, service, opens, closes)
        SELECT r.id, wd, s.name, s.o, s.c FROM restaurants r CROSS JOIN generate_series(1, 7) wd
        CROSS JOIN (VALUES ('lunch', time '12:00', time '16:30'), ('dinner', time '19:00', time '23:30')) s(name, o, c)
        """

    static let venuesSQL = """
        CREATE TABLE bench_rows (id bigserial PRIMARY KEY, client int NOT NULL, payload text NOT NULL,
                                 at timestamptz NOT NULL DEFAULT now());
        GRANT SELECT, INSERT ON bench_rows TO reservaflow_runtime;
        GRANT USAGE ON SEQUENCE bench_rows_id_seq TO reservaflow_runtime;

        INSERT INTO restaurants (slug, name, time_zone, phone, address, advance_days)
        VALUES ('bench-book', 'Bench Venue', 'Europe/Madrid', '+34 600 000 000', 'Calle Mayor 1, Madrid', 730),
               ('bench-avail-60', 'Bench 60 Tables', 'Europe/Madrid', NULL, NULL, 90),
               ('bench-avail-200', 'Bench 200 Tables', 'Europe/Madrid', NULL, NULL, 90);
        \(hours) WHERE r.slug LIKE 'bench-%';
        INSERT INTO areas (restaurant_id, name, sort_order)
        SELECT r.id, a.name, a.o FROM restaurants r CROSS JOIN (VALUES ('Main room', 1), ('Terrace', 2), ('Bar', 3)) a(name, o)
        WHERE r.slug LIKE 'bench-%';
        INSERT INTO dining_tables (restaurant_id, area_id, label, min_covers, max_covers, x, y, width, height)
        SELECT r.id, a.id, 'T' || n, 1, (ARRAY[2, 2, 4, 4, 6, 8])[1 + n % 6], ((n - 1) % 12) * 6, ((n - 1) / 12) * 3, 4, 2
        FROM restaurants r
        CROSS JOIN LATERAL generate_series(1, CASE r.slug WHEN 'bench-book' THEN \(bookTables) WHEN 'bench-avail-60' THEN 60 ELSE 200 END) n
        JOIN areas a ON a.restaurant_id = r.id AND a.sort_order = 1 + n % 3
        WHERE r.slug LIKE 'bench-%'
        ORDER BY r.id, n;
        """

    /// The availability venues: about half of every table's turns booked for the next 60 days.
    static let availabilitySQL = """
        INSERT INTO customers (restaurant_id, name, phone)
        SELECT r.id, 'Guest ' || g, '+3461' || lpad(g::text, 7, '0')
        FROM restaurants r CROSS JOIN generate_series(1, 2000) g WHERE r.slug LIKE 'bench-avail-%' ORDER BY r.id, g;
        INSERT INTO reservations (restaurant_id, table_id, customer_id, party_size, starts_at, ends_at, status, source, created_by)
        SELECT t.restaurant_id, t.id, lo.id + (hashint8(t.id * 1000 + d * 4 + s.k) & 1023) % 2000, least(t.max_covers, 2),
               ((current_date + d) + s.at) AT TIME ZONE 'Europe/Madrid', ((current_date + d) + s.at + interval '2 hours') AT TIME ZONE 'Europe/Madrid',
               'confirmed', 'phone', 'bench'
        FROM dining_tables t
        JOIN restaurants r ON r.id = t.restaurant_id AND r.slug LIKE 'bench-avail-%'
        JOIN LATERAL (SELECT min(id) AS id FROM customers c WHERE c.restaurant_id = r.id) lo ON true
        CROSS JOIN generate_series(1, 60) d
        CROSS JOIN (VALUES (0, time '12:00'), (1, time '14:15'), (2, time '19:00'), (3, time '21:15')) s(k, at)
        WHERE (hashint8(t.id * 1000003 + d * 17 + s.k) & 1023) < 512;
        """

    static func scaleVenuesSQL(venues: Int) -> String {
        """
        INSERT INTO restaurants (slug, name, time_zone, advance_days)
        SELECT 'scale-' || lpad(g::text, 3, '0'), 'Scale Venue ' || g,
               (ARRAY['Europe/Madrid', 'Europe/London', 'America/New_York', 'Asia/Tokyo'])[1 + g % 4], 730
        FROM generate_series(1, \(venues)) g;
        \(hours) WHERE r.slug LIKE 'scale-%';
        INSERT INTO areas (restaurant_id, name, sort_order)
        SELECT r.id, a.name, a.o FROM restaurants r CROSS JOIN (VALUES ('Main room', 1), ('Terrace', 2)) a(name, o)
        WHERE r.slug LIKE 'scale-%';
        INSERT INTO dining_tables (restaurant_id, area_id, label, min_covers, max_covers, x, y, width, height)
        SELECT r.id, a.id, 'T' || n, 1, (ARRAY[2, 2, 4, 4, 6])[1 + n % 5], ((n - 1) % 10) * 6, ((n - 1) / 10) * 3, 4, 2
        FROM restaurants r
        CROSS JOIN LATERAL generate_series(1, 20 + (r.id::int * 7) % 41) n
        JOIN areas a ON a.restaurant_id = r.id AND a.sort_order = 1 + n % 2
        WHERE r.slug LIKE 'scale-%'
        ORDER BY r.id, n;
        """
    }

    /// Guests with Spanish and European names (accents included: search must find "Núñez" by "nunez" one
    /// day), unique phones per venue, half with an e-mail. Inserted venue by venue, so a venue's ids are
    /// contiguous and the history can pick its guests by arithmetic.
    static func guestsSQL(perVenue: Int) -> String {
        """
        INSERT INTO customers (restaurant_id, name, phone, email, created_at)
        SELECT r.id,
               f.a[1 + (g * 7 + r.id::int) % 30] || ' ' || l.a[1 + (g * 13 + r.id::int) % 40]
                 || CASE WHEN g % 3 = 0 THEN ' ' || l.a[1 + (g * 31) % 40] ELSE '' END,
               '+346' || lpad((10000000 + g * 7)::text, 8, '0'),
               CASE WHEN g % 2 = 0 THEN 'guest' || g || '@example.com' END,
               now() - interval '400 days'
        FROM restaurants r CROSS JOIN generate_series(1, \(perVenue)) g
        CROSS JOIN (SELECT ARRAY['Lucía','María','Carmen','José','Antonio','Manuel','Ana','Pedro','Javier','Isabel',
            'Sofía','Martín','Hugo','Chloé','Zoë','François','Søren','Jürgen','Ángel','Inés','Noé','Raúl','Begoña',
            'Iñaki','Nuria','Laura','David','Elena','Pablo','Marta'] AS a) f
        CROSS JOIN (SELECT ARRAY['García','Martínez','López','Sánchez','Pérez','Gómez','Martín','Jiménez','Ruiz',
            'Hernández','Díaz','Moreno','Muñoz','Álvarez','Romero','Navarro','Torres','Domínguez','Vázquez','Ramos',
            'Gil','Ramírez','Serrano','Blanco','Molina','Castro','Ortiz','Rubio','Marín','Núñez','Iglesias','Medina',
            'Garrido','Cortés','Castillo','Santos','Lozano','Guerrero','Cano','Prieto'] AS a) l
        WHERE r.slug LIKE 'scale-%'
        ORDER BY r.id, g;
        """
    }

    /// A year of service at every scale venue: four 2-hour turns a table a day (12:00, 14:15, 19:00, 21:15
    /// local), about a third of them booked; past ones mostly completed, some cancelled or no-shows.
    /// The row triggers (change feed, availability day versions, guest counters) are switched off for the
    /// load (the owner may; this runs in one transaction) and the guests' counters are then computed
    /// set-based, as the trigger would have left them, and so are the table claims. The exclusion constraint and the foreign keys stay on.
    static func historySQL(from: Int, to: Int) -> String {
        """
        ALTER TABLE reservations DISABLE TRIGGER USER;
        CREATE TEMP TABLE guest_range ON COMMIT DROP AS
            SELECT restaurant_id, min(id) AS lo, count(*) AS n FROM customers GROUP BY restaurant_id;
        INSERT INTO reservations (restaurant_id, table_id, customer_id, party_size, starts_at, ends_at, status, source,
                                  notes, created_by, created_at, updated_at, seated_at, completed_at)
        SELECT t.restaurant_id, t.id, g.lo + (hashint8(t.id * 100000 + d * 4 + s.k) & 2147483647) % g.n,
               least(t.max_covers, 1 + (hashint8(t.id + d) & 3)),
               ((current_date + d) + s.at) AT TIME ZONE r.time_zone,
               ((current_date + d) + s.at + interval '2 hours') AT TIME ZONE r.time_zone,
               st.status, (ARRAY['phone', 'phone', 'online', 'walk_in'])[1 + (hashint8(t.id * 3 + d) & 3)], '', 'import',
               ((current_date + d) + s.at) AT TIME ZONE r.time_zone - interval '9 days',
               ((current_date + d) + s.at) AT TIME ZONE r.time_zone - interval '9 days',
               CASE WHEN st.status = 'completed' THEN ((current_date + d) + s.at) AT TIME ZONE r.time_zone END,
               CASE WHEN st.status = 'completed' THEN ((current_date + d) + s.at + interval '2 hours') AT TIME ZONE r.time_zone END
        FROM restaurants r
        JOIN guest_range g ON g.restaurant_id = r.id
        JOIN dining_tables t ON t.restaurant_id = r.id
        CROSS JOIN generate_series(\(from), \(to)) d
        CROSS JOIN (VALUES (0, time '12:00'), (1, time '14:15'), (2, time '19:00'), (3, time '21:15')) s(k, at)
        CROSS JOIN LATERAL (SELECT CASE WHEN d >= 0 THEN 'confirmed'
                                        WHEN (hashint8(t.id * 7 + d * 5 + s.k) & 1023) < 60 THEN 'cancelled'
                                        WHEN (hashint8(t.id * 7 + d * 5 + s.k) & 1023) < 100 THEN 'no_show'
                                        ELSE 'completed' END AS status) st
        WHERE r.slug LIKE 'scale-%' AND (hashint8(t.id * 1000003 + d * 17 + s.k) & 1023) < 350
        ORDER BY r.id, d, s.k, t.id;
        ALTER TABLE reservations ENABLE TRIGGER USER;
        -- The claims the (disabled) reservation_claims trigger would have written (migration 8).
        INSERT INTO reservation_tables (restaurant_id, reservation_id, table_id, period)
        SELECT x.restaurant_id, x.id, x.table_id, x.period FROM reservations x JOIN restaurants r ON r.id = x.restaurant_id
        WHERE r.slug LIKE 'scale-%' AND x.status IN ('pending', 'confirmed', 'seated')
        ON CONFLICT DO NOTHING;
        UPDATE customers c SET visits = s.v, cancellations = s.c, no_shows = s.n, last_visit_at = s.last
        FROM (SELECT restaurant_id, customer_id,
                     count(*) FILTER (WHERE status IN ('seated', 'completed')) AS v,
                     count(*) FILTER (WHERE status = 'cancelled') AS c,
                     count(*) FILTER (WHERE status = 'no_show') AS n,
                     max(coalesce(seated_at, starts_at)) FILTER (WHERE status IN ('seated', 'completed')) AS last
              FROM reservations x JOIN restaurants r ON r.id = x.restaurant_id AND r.slug LIKE 'scale-%'
              GROUP BY restaurant_id, customer_id) s
        WHERE c.restaurant_id = s.restaurant_id AND c.id = s.customer_id;
        """
    }
}
