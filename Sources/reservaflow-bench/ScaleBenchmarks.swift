import Foundation
import ReservationCore
import ReservationDomain
import ReservationNative

/// The queries a host runs all day, against 100 venues with a year of history: the day's book, guest
/// search by a name or phone fragment, a guest's history, a reservation by its short reference. The plan of
/// every query the core runs for them is checked first: a sequential scan of a big table on one of these
/// paths fails the benchmark.
enum ScaleBenchmarks {
    /// Tables at least this big must be reached through an index on a hot path.
    static let bigTable = 10_000.0
    /// No hot-path statement may touch more buffers (8 kB pages) than this: a full scan of an index on a
    /// column it does not lead with is as slow as a sequential scan, whatever the node is called.
    static let maxBuffers = 1_000

    static func run(_ o: BenchOptions, _ v: BenchVenues, _ results: Results) throws {
        let owner = try PGConnection(url: o.ownerURL, session: .migration)
        let book = try ReservationBook(configuration: o.configuration)
        let clock = ZonedClock(identifier: "Europe/Madrid")!
        let today = clock.localDate(of: Date())
        var rng = SeededGenerator(seed: 20261125)  // every run asks the same questions
        let venues = v.scale

        // Samples, picked outside the timing.
        var guests: [(RestaurantID, CustomerID, String)] = []
        for venue in venues.prefix(20) {
            for row in try owner.query("SELECT id, phone FROM customers WHERE restaurant_id = $1 ORDER BY hashint8(id) LIMIT 20", [venue]) {
                guests.append((venue, try row.int64("id"), try row.string("phone")))
            }
        }
        let references = try owner.query("""
            SELECT left(id::text, 8) AS ref FROM reservations WHERE restaurant_id = ANY($1::bigint[]) ORDER BY hashint8(hashtext(id::text)) LIMIT 200
            """, [venues.map(String.init)]).map { try $0.string("ref") }
        let nameFragments = ["garc", "muñ", "lópez", "sofía", "martí", "iñaki", "rome", "zoë", "nuria s", "castillo"]

        // Every call below once with plans inspected.
        let paths: [(String, () throws -> Void)] = [
            ("day sheet", { _ = try book.daySheet(restaurantID: venues[3], date: today.adding(days: -40)) }),
            ("guest search by name", { _ = try book.searchCustomers(restaurantID: venues[3], fragment: "garc") }),
            ("guest search by phone", { _ = try book.searchCustomers(restaurantID: venues[3], fragment: String(guests[0].2.suffix(5))) }),
            ("guest history", { _ = try book.customerHistory(customerID: guests[0].1) }),
            ("reservation by reference", { _ = try book.reservation(reference: references[0]) }),
            ("guest list by name", { _ = try book.customers(restaurantID: venues[3], limit: 50) }),
            ("availability", { _ = try book.availability(restaurantID: venues[3], date: today.adding(days: 2), party: 2) }),
            // A booking's reads in its transaction (the table claims: a lapsed hold or a seated party in the
            // way), then the refusal of the same table, which names who has it through the claims.
            ("booking, and the refusal naming who has the table", {
                let day = today.adding(days: 2)
                guard let slot = try book.availability(restaurantID: venues[3], date: day, party: 2).slots.first(where: { !$0.tables.isEmpty }) else {
                    throw BenchFailure("no free table at \(venues[3]) on \(day) for the plan check")
                }
                let host = Actor(staffID: nil, name: "bench host", role: .host, venues: [venues[3]])
                func request(_ n: Int) -> BookingRequest {
                    BookingRequest(restaurantID: venues[3], tableLabel: slot.tables[0].label, date: day, time: slot.time, partySize: 2,
                                   guest: .new(name: "Plan Check \(n)", phone: BookingBenchmarks.phone(90, 0, n), email: nil))
                }
                let id = try book.book(request(1), actor: host).entry.id
                do {
                    _ = try book.book(request(2), actor: host)
                    throw BenchFailure("the plan check's second booking of one table was accepted")
                } catch ReservationError.tableTaken {
                }
                _ = try book.apply(.cancel, to: id, actor: host)
            }),
        ]
        let checked = try checkPlans(paths, book: book, owner: owner)
        results.note("query plans checked (\(checked) statements of the day sheet, guest search by name and phone, guest history, reservation by reference, guest list, availability, a booking and its refusal): no Seq Scan of a table over \(Int(bigTable)) rows, none over \(maxBuffers) buffers")

        let floor = try RoundTrips(o)
        func measure(_ name: String, _ body: () throws -> Void) throws { try floor.measure("scale", name, samples: o.samples, into: results, body) }
        try measure("day sheet (a venue's day: bookings, guests, waitlist, leases, floor)") {
            let venue = venues[Int(rng.next() % UInt64(venues.count))]
            let day = today.adding(days: Int(rng.next() % UInt64(o.historyDays + o.daysAhead)) - o.historyDays)
            _ = try book.daySheet(restaurantID: venue, date: day)
        }
        try measure("guest search by name fragment") {
            let (venue, _, _) = guests[Int(rng.next() % UInt64(guests.count))]
            _ = try book.searchCustomers(restaurantID: venue, fragment: nameFragments[Int(rng.next() % UInt64(nameFragments.count))])
        }
        try measure("guest search by phone fragment") {
            let (venue, _, phone) = guests[Int(rng.next() % UInt64(guests.count))]
            let digits = Array(phone.suffix(7))
            let from = Int(rng.next() % 3)
            _ = try book.searchCustomers(restaurantID: venue, fragment: String(digits[from..<(from + 5)]))
        }
        try measure("guest history") {
            _ = try book.customerHistory(customerID: guests[Int(rng.next() % UInt64(guests.count))].1)
        }
        try measure("guest list by name, first 50 (the REST API's staff list)") {
            _ = try book.customers(restaurantID: venues[Int(rng.next() % UInt64(venues.count))], limit: 50)
        }
        try measure("reservation by short reference") {
            _ = try book.reservation(reference: references[Int(rng.next() % UInt64(references.count))])
        }
    }

    /// Runs each path once with every statement's plan read (`EXPLAIN (ANALYZE, BUFFERS)`), and fails on a
    /// sequential scan of a big table or a statement that touches more than `maxBuffers`; returns how many
    /// statements were checked.
    static func checkPlans(_ paths: [(String, () throws -> Void)], book: ReservationBook, owner: PGConnection) throws -> Int {
        let plans = Locked<[(String, String)]>([])
        book.observeStatements(PlanInspector { sql, plan in plans.with { $0.append((sql, plan)) } }.observe)
        defer { book.observeStatements(nil) }
        var bad: [String] = []
        var checked = 0
        let sizes = try bigRelations(owner)
        for (name, call) in paths {
            plans.with { $0.removeAll() }
            try call()
            for (sql, plan) in plans.current {
                let text = sql.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ").prefix(400)
                let (scans, buffers) = inspect(plan)
                for relation in scans where (sizes[relation] ?? 0) >= bigTable {
                    bad.append("\(name): Seq Scan on \(relation) (\(Int(sizes[relation]!)) rows) in:\n      \(text)")
                }
                if buffers > maxBuffers {
                    bad.append("\(name): \(buffers) buffers read for one statement (a scan in disguise) in:\n      \(text)")
                }
                checked += 1
            }
        }
        if !bad.isEmpty {
            throw BenchFailure("sequential scans on hot paths (the plans of the queries the core runs):\n  - " + bad.joined(separator: "\n  - "))
        }
        return checked
    }

    /// Estimated rows of the schema's tables.
    static func bigRelations(_ db: PGConnection) throws -> [String: Double] {
        var out: [String: Double] = [:]
        for row in try db.query("SELECT relname, reltuples::float8 AS n FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace") {
            out[try row.string("relname")] = Double(try row.string("n")) ?? 0
        }
        return out
    }

    /// Relations read by a Seq Scan anywhere in an `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)` plan, and the
    /// buffers the whole statement touched (its top node counts its children's).
    static func inspect(_ planJSON: String) -> (seqScans: [String], buffers: Int) {
        guard let json = try? JSONSerialization.jsonObject(with: Data(planJSON.utf8)) else { return ([], 0) }
        var found: [String] = []
        func walk(_ node: Any) {
            if let dict = node as? [String: Any] {
                if dict["Node Type"] as? String == "Seq Scan", let rel = dict["Relation Name"] as? String { found.append(rel) }
                dict.values.forEach(walk)
            } else if let list = node as? [Any] {
                list.forEach(walk)
            }
        }
        walk(json)
        var buffers = 0
        if let top = ((json as? [Any])?.first as? [String: Any])?["Plan"] as? [String: Any] {
            buffers = ((top["Shared Hit Blocks"] as? NSNumber)?.intValue ?? 0) + ((top["Shared Read Blocks"] as? NSNumber)?.intValue ?? 0)
        }
        return (found, buffers)
    }
}
