import Foundation
import ReservationCore
import ReservationDomain
import ReservationNative

/// Bookings through ReservationCore, in-process, on warm connections: without contention beside the two
/// pgbench ceilings, across many venues, and contended (many clients at one table at once).
enum BookingBenchmarks {
    /// What one client saw in one timed run.
    struct ClientRun {
        var booked = 0
        var latencies: [Double] = []
        var failure: String?
        var exhausted = false
    }

    static func host(_ venues: [RestaurantID]) -> Actor {
        Actor(staffID: nil, name: "bench host", role: .host, venues: Set(venues))
    }

    /// A phone number no other scenario uses: +44 7 and nine digits.
    static func phone(_ series: Int, _ client: Int, _ i: Int) -> String {
        "+447" + String(format: "%09d", series * 100_000_000 + client * 1_000_000 + i)
    }

    /// Runs `request(client, i)` on every client of `pool` until `seconds` have passed; nil ends a client early.
    static func timedRun(_ pool: BookPool, seconds: Int, actor: Actor,
                         request: @escaping @Sendable (Int, Int) -> BookingRequest?) -> (runs: [ClientRun], elapsed: Double) {
        let runs = Locked([ClientRun](repeating: ClientRun(), count: pool.size))
        let finished = Locked([UInt64](repeating: 0, count: pool.size))
        let duration = UInt64(seconds) * 1_000_000_000
        let start = pool.round { book, c in
            var run = ClientRun()
            run.latencies.reserveCapacity(4096)
            let deadline = monotonicNanos() + duration
            var i = 0
            while monotonicNanos() < deadline {
                guard let req = request(c, i) else { run.exhausted = true; break }
                let t0 = monotonicNanos()
                do {
                    _ = try book.book(req, actor: actor)
                    run.latencies.append(Double(monotonicNanos() - t0) / 1e6)
                    run.booked += 1
                } catch {
                    run.failure = "\(req.date) \(req.time) \(req.tableLabel ?? "any"): \(error)"
                    break
                }
                i += 1
            }
            let end = monotonicNanos()
            runs.with { $0[c] = run }
            finished.with { $0[c] = end }
        }
        let elapsed = Double((finished.current.max() ?? start) - start) / 1e9
        return (runs.current, elapsed)
    }

    // MARK: No contention, beside the ceilings

    static func noContention(_ o: BenchOptions, _ v: BenchVenues, _ results: Results) throws {
        let pgbench = try Pgbench(appURL: o.appURL, workDirectory: o.outputDirectory + "/pgbench")
        let owner = try PGConnection(url: o.ownerURL, session: .migration)
        let actor = host([v.book])
        let labels = v.bookTables.indices.map { "T\($0 + 1)" }
        let turns = BenchData.turnsForTwo
        let venue = v.book
        let today = ZonedClock(identifier: "Europe/Madrid")!.localDate(of: Date())
        var run = 0
        for clients in [1, 8, 32] {
            let pool = try BookPool(size: clients, configuration: o.configuration)
            defer { pool.shutdown() }
            var insert: [Pgbench.Figure] = [], writeSet: [Pgbench.Figure] = []
            var rates: [Double] = [], p50s: [Double] = [], p99s: [Double] = []
            let tablesOf = (0..<clients).map { c in stride(from: c, to: labels.count, by: clients).map { labels[$0] } }
            // Client c books its own tables (every clients-th) on its own days (every clients-th day ahead),
            // six turns a table a day: no two clients ever want the same row.
            @Sendable func request(_ series: Int, _ c: Int, _ i: Int) -> BookingRequest? {
                let mine = tablesOf[c]
                let perDay = mine.count * turns.count
                let day = 2 + c + clients * (i / perDay)
                guard day <= 729 else { return nil }
                return BookingRequest(restaurantID: venue, tableLabel: mine[(i % perDay) / turns.count], date: today.adding(days: day),
                                      time: turns[i % turns.count], partySize: 2,
                                      guest: .new(name: "Bench Guest \(c)-\(i)", phone: phone(series, c, i), email: "guest\(c).\(i)@example.com"))
            }
            // Warm up (connections, prepared statements, the venue read), as pgbench's clients are by the
            // time its rate counts: a few bookings each, not timed, then removed.
            run += 1
            let warm = run
            _ = pool.round { book, c in
                // Untimed and uncounted: a refused warm-up booking warms the same paths.
                for i in 0..<5 { if let req = request(warm, c, i) { _ = try? book.book(req, actor: actor) } }
            }
            for rep in 0..<o.repetitions {
                run += 1
                // Interleaved, so the noise of the machine falls on all three alike.
                try clean(owner, venue: venue)
                insert.append(try pgbench.run(name: "single-insert", script: Pgbench.singleInsert, clients: clients,
                                              seconds: o.seconds, variables: [:]))
                try clean(owner, venue: venue)
                writeSet.append(try pgbench.run(name: "write-set", script: Pgbench.bookingWriteSet, clients: clients, seconds: o.seconds,
                                                variables: ["nclients": String(clients), "tpc": String(labels.count / clients), "rid": String(venue), "tbase": String(v.bookTables[0]), "run": String(run), "k": "0"]))
                try clean(owner, venue: venue)
                let series = run
                let (runs, elapsed) = timedRun(pool, seconds: o.seconds, actor: actor) { c, i in request(series, c, i) }
                if let f = runs.compactMap(\.failure).first {
                    throw BenchFailure("a booking without contention failed (\(clients) clients, run \(rep + 1)): \(f)")
                }
                if runs.contains(where: \.exhausted) { results.note("book, no contention, \(clients) clients: a client ran out of free turns") }
                let booked = runs.map(\.booked).reduce(0, +)
                let lat = LatencyRun(samples: runs.flatMap(\.latencies))
                rates.append(Double(booked) / elapsed)
                p50s.append(lat.p50)
                p99s.append(lat.p99)
                print(String(format: "    %d clients, run %d: single INSERT %.0f/s, write set %.0f/s, book %.0f/s (p50 %.2f ms, p99 %.2f ms)",
                             clients, rep + 1, insert.last!.transactionsPerSecond, writeSet.last!.transactionsPerSecond,
                             rates.last!, lat.p50, lat.p99))
            }
            try clean(owner, venue: venue)
            let s = clients == 1 ? "1 client" : "\(clients) clients"
            let insertRate = Stats.median(insert.map(\.transactionsPerSecond))
            let wsRate = Stats.median(writeSet.map(\.transactionsPerSecond))
            let ws = "pgbench booking write set, \(s)"
            results.add("pgbench single-row INSERT, \(s)", insertRate, "rows/s")
            results.add(ws, wsRate, "tx/s", baseline: "pgbench single-row INSERT, \(s)", baselineValue: insertRate)
            results.add("book, no contention, \(s)", Stats.median(rates), "bookings/s", baseline: ws, baselineValue: wsRate)
            results.add("book, no contention, \(s), p50", Stats.median(p50s), "ms",
                        baseline: ws + ", p50", baselineValue: Stats.median(writeSet.map(\.latency.p50)))
            results.add("book, no contention, \(s), p99", Stats.median(p99s), "ms",
                        baseline: ws + ", p99", baselineValue: Stats.median(writeSet.map(\.latency.p99)))
        }
    }

    /// Empties bench-book between runs (reservations and their mails), so every run starts alike.
    static func clean(_ owner: PGConnection, venue: RestaurantID) throws {
        try owner.query("DELETE FROM notifications WHERE restaurant_id = $1", [venue])
        try owner.query("DELETE FROM reservations WHERE restaurant_id = $1", [venue])
        try owner.query("TRUNCATE bench_rows")
        try owner.execScript("VACUUM reservations, notifications, bench_rows, book_versions")
    }

    // MARK: Many venues

    /// 32 clients booking across the 100 scale venues (each with its history): venues must not slow each
    /// other, so the figure sits beside the one-venue figure with the same clients.
    static func manyVenues(_ o: BenchOptions, _ v: BenchVenues, _ results: Results) throws {
        let clients = 32
        let owner = try PGConnection(url: o.ownerURL, session: .migration)
        var tableCounts: [RestaurantID: Int] = [:]
        for row in try owner.query("SELECT restaurant_id, count(*) AS n FROM dining_tables GROUP BY restaurant_id") {
            tableCounts[try row.int64("restaurant_id")] = try row.int("n")
        }
        let venues = v.scale
        let counts = venues.map { tableCounts[$0] ?? 1 }
        let actor = host(venues)
        let turns = BenchData.turnsForTwo
        let today = ZonedClock(identifier: "Europe/Madrid")!.localDate(of: Date())
        let firstDay = o.daysAhead + 2  // past the generated future bookings
        let daysPerRun = max(1, (729 - firstDay - clients) / clients / o.repetitions)
        let pool = try BookPool(size: clients, configuration: o.configuration)
        defer { pool.shutdown() }
        var rates: [Double] = [], p99s: [Double] = [], p50s: [Double] = []
        for rep in 0..<o.repetitions {
            // Booking i of client c: venue i % 100, turn (i / 100) % 6, on the client's own days; its own table.
            let (runs, elapsed) = timedRun(pool, seconds: o.seconds, actor: actor) { c, i in
                let perDay = venues.count * turns.count
                guard i / perDay < daysPerRun else { return nil }
                let dayIndex = rep * daysPerRun + i / perDay
                let venue = i % venues.count
                return BookingRequest(restaurantID: venues[venue], tableLabel: "T\(c % counts[venue] + 1)",
                                      date: today.adding(days: firstDay + c + clients * dayIndex), time: turns[(i / venues.count) % turns.count],
                                      partySize: 2, guest: .new(name: "Many Venues \(c)-\(i)", phone: phone(90 + rep, c, i), email: nil))
            }
            if let f = runs.compactMap(\.failure).first {
                throw BenchFailure("a booking across venues failed (run \(rep + 1)): \(f)")
            }
            let lat = LatencyRun(samples: runs.flatMap(\.latencies))
            rates.append(Double(runs.map(\.booked).reduce(0, +)) / elapsed)
            p50s.append(lat.p50)
            p99s.append(lat.p99)
            print(String(format: "    100 venues, run %d: %.0f bookings/s (p50 %.2f ms, p99 %.2f ms)", rep + 1, rates.last!, lat.p50, lat.p99))
        }
        let one = "book, no contention, 32 clients"
        results.add("book, 100 venues, 32 clients", Stats.median(rates), "bookings/s", baseline: one + " (one venue)", baselineValue: results.value(of: one))
        results.add("book, 100 venues, 32 clients, p50", Stats.median(p50s), "ms", baseline: one + ", p50", baselineValue: results.value(of: one + ", p50"))
        results.add("book, 100 venues, 32 clients, p99", Stats.median(p99s), "ms", baseline: one + ", p99", baselineValue: results.value(of: one + ", p99"))
    }

    // MARK: Contended

    enum Answer: Sendable { case booked, taken, locked, busy, other(String) }

    /// 64 and 256 clients released together at one table, asking for overlapping times (19:00, 19:15, 19:30,
    /// 19:45 for a 90-minute turn), round after round on a new table or day. Exactly one may win each round;
    /// anything else stops the benchmark.
    static func contended(_ o: BenchOptions, _ v: BenchVenues, _ results: Results) throws {
        let owner = try PGConnection(url: o.ownerURL, session: .migration)
        try clean(owner, venue: v.book)
        let actor = host([v.book])
        let venue = v.book
        let today = ZonedClock(identifier: "Europe/Madrid")!.localDate(of: Date())
        var round = 0
        for clients in [64, 256] {
            let pool = try BookPool(size: clients, configuration: o.configuration)
            defer { pool.shutdown() }
            var settle: [Double] = []
            var taken = 0, locked = 0, busy = 0
            for _ in 0..<(o.contendedRounds[clients] ?? 5) {
                round += 1
                let table = "T\(round % v.bookTables.count + 1)"
                let day = today.adding(days: 2 + round / v.bookTables.count)
                let r = round
                let answers = Locked([Answer](repeating: .other("no answer"), count: clients))
                let ends = Locked([UInt64](repeating: 0, count: clients))
                let start = pool.round { book, c in
                    let req = BookingRequest(restaurantID: venue, tableLabel: table, date: day,
                                             time: TimeOfDay(hour: 19, minute: (c % 4) * 15)!, partySize: 2,
                                             guest: .new(name: "Contender \(c)", phone: phone(50, r % 100, c), email: nil))
                    let answer: Answer
                    do {
                        _ = try book.book(req, actor: actor)
                        answer = .booked
                    } catch let e as ReservationError {
                        switch e {
                        case .tableTaken: answer = .taken
                        case .locked: answer = .locked
                        case .busy: answer = .busy
                        default: answer = .other("\(e)")
                        }
                    } catch {
                        answer = .other("\(error)")
                    }
                    let t = monotonicNanos()
                    answers.with { $0[c] = answer }
                    ends.with { $0[c] = t }
                }
                settle.append(Double(ends.current.max()! - start) / 1e6)
                let all = answers.current
                let winners = all.filter { if case .booked = $0 { true } else { false } }.count
                let live = try owner.value("""
                    SELECT count(*) AS v FROM reservations x JOIN dining_tables t ON t.restaurant_id = x.restaurant_id AND t.id = x.table_id
                    WHERE x.restaurant_id = $1 AND t.label = $2 AND x.status IN ('pending', 'confirmed', 'seated')
                      AND x.starts_at >= $3::date AND x.starts_at < $3::date + 1
                    """, [venue, table, day.description])
                if let odd = all.first(where: { if case .other = $0 { true } else { false } }) {
                    throw BenchFailure("contended round \(r) (\(clients) clients): an unexpected answer: \(odd)")
                }
                guard winners == 1, live == "1" else {
                    throw BenchFailure("contended round \(r) (\(clients) clients) at \(table) on \(day): \(winners) clients were told they booked and \(live) live reservations exist; exactly 1 of each is the rule")
                }
                for a in all {
                    switch a {
                    case .taken: taken += 1
                    case .locked: locked += 1
                    case .busy: busy += 1
                    default: break
                    }
                }
            }
            let losers = Double(max(1, taken + locked + busy))
            let s = "book, contended, \(clients) clients"
            results.add("\(s): winners per slot (\(settle.count) rounds, every one exactly 1)", 1, "winner")
            let single = "book, no contention, 1 client, p50"
            results.add("\(s): time to settle a round, p50", Stats.percentile(settle, 0.5), "ms",
                        baseline: "one uncontended booking (\(single))", baselineValue: results.value(of: single))
            results.add("\(s): time to settle a round, max", settle.max() ?? .nan, "ms")
            results.add("\(s): losers told 409 taken", 100 * Double(taken) / losers, "%")
            results.add("\(s): losers told 423 locked", 100 * Double(locked) / losers, "%")
            if busy > 0 { results.add("\(s): losers told busy (lock timeout)", 100 * Double(busy) / losers, "%") }
        }
        try clean(owner, venue: v.book)
    }
}
