import Foundation
import ReservationCore
import ReservationDomain
import ReservationNative

/// The manager's desk at scale (issue 21): the audit log's pages, a booking's history, the staff and guest
/// lists, what `:venue` and `:floor` read, against a log of a million rows (BENCH_QUICK: 200,000) over the 100
/// scale venues and a year. Each path's plans are checked first, as the host's queries are; then timed beside
/// one round trip; then one venue's whole log is paged through, as `reservaflow audit --csv` does, for its rate
/// and its memory; then the real `reservaflow audit --csv` writes every venue's log (`AuditExport`).
enum AdminBenchmarks {
    static func run(_ o: BenchOptions, _ v: BenchVenues, _ results: Results) throws {
        let owner = try PGConnection(url: o.ownerURL, session: .migration)
        let rows = o.quick ? 200_000 : 1_000_000
        try generate(owner, rows: rows, results)
        let book = try ReservationBook(configuration: o.configuration)
        let admin = Actor.commandLine(user: "bench")
        let venue = v.scale[7]
        let r = try book.restaurant(id: venue)
        let deep = try owner.queryOne("""
            SELECT at::text AS at, id FROM audit_log WHERE restaurant_id = $1 ORDER BY at DESC, id DESC OFFSET $2 LIMIT 1
            """, [venue, rows / v.scale.count / 2]).map { AuditCursor(at: try $0.string("at"), id: try $0.int64("id")) }
        guard let deep else { throw BenchFailure("no audit rows at venue \(venue)") }
        let busyDay = try owner.value("SELECT (at AT TIME ZONE 'Europe/Madrid')::date::text AS v FROM audit_log WHERE restaurant_id = $1 ORDER BY id LIMIT 1", [venue])
        guard let day = LocalDate(iso: busyDay) else { throw BenchFailure("no day for the audit filter") }
        let oneDay = AuditFilter(restaurantID: venue, from: r.clock.startOfDay(day), to: r.clock.startOfDay(day.adding(days: 1)), action: .cancelled)
        let histories = try owner.query("""
            SELECT entity_id FROM audit_log WHERE restaurant_id = $1 AND entity = 'reservation' AND actor LIKE 'bench:%' ORDER BY id LIMIT 100
            """, [venue]).compactMap { UUID(uuidString: try $0.string("entity_id")) }
        guard let someBooking = histories.first else { throw BenchFailure("no booking with a history at venue \(venue)") }

        let paths: [(String, () throws -> Void)] = [
            ("audit log, newest page", { _ = try book.auditLog(AuditFilter(restaurantID: venue), limit: 500, actor: admin) }),
            ("audit log, a page deep in the log", { _ = try book.auditLog(AuditFilter(restaurantID: venue), after: deep, limit: 500, actor: admin) }),
            ("audit log, one action on one day", { _ = try book.auditLog(oneDay, limit: 500, actor: admin) }),
            ("audit log, every venue's newest page", { _ = try book.auditLog(AuditFilter(), limit: 500, actor: admin) }),
            ("a booking's history", { _ = try book.history(someBooking, actor: admin) }),
            ("staff list", { _ = try book.staffList(actor: admin) }),
            ("guest list, first 500", { _ = try book.customers(restaurantID: venue, limit: 500) }),
            // What `:venue` and `:floor` read when they open (PodiumRuntime's `loadAdmin`).
            ("venue screen (:venue)", { _ = try book.schedule(for: try book.restaurant(id: venue)) }),
            ("floor screen (:floor)", {
                _ = (try book.tables(restaurantID: venue), try book.areas(restaurantID: venue), try book.schedule(for: try book.restaurant(id: venue)))
            }),
        ]
        let checked = try ScaleBenchmarks.checkPlans(paths, book: book, owner: owner)
        results.note("admin plans checked (\(checked) statements of the audit log's pages, a booking's history, the staff and guest lists): no Seq Scan of a table over \(Int(ScaleBenchmarks.bigTable)) rows, none over \(ScaleBenchmarks.maxBuffers) buffers")

        let floor = try RoundTrips(o)
        for (name, call) in paths { try floor.measure("admin", name, samples: o.samples, into: results, call) }

        // The whole of one venue's log, a thousand rows a page, as the CSV export reads it: rows per second
        // and what the process's resident memory did meanwhile (flat: a page at a time is held).
        let before = residentMegabytes()
        var peak = before, total = 0
        var cursor: AuditCursor? = nil
        let t0 = monotonicNanos()
        while true {
            let page = try book.auditLog(AuditFilter(restaurantID: venue), after: cursor, limit: 1_000, actor: admin)
            total += page.count
            peak = max(peak, residentMegabytes())
            guard page.count == 1_000, let last = page.last else { break }
            cursor = last.cursor
        }
        let seconds = Double(monotonicNanos() - t0) / 1e9
        let raw = try timeMillis { _ = try owner.query("SELECT id, at, actor, action, entity, entity_id, before, after FROM audit_log WHERE restaurant_id = $1", [venue]) }
        results.add("admin, one venue's whole audit log paged in words (\(total) rows)", Double(total) / seconds, "rows/s",
                    baseline: "the same rows in one raw SELECT, rows/s", baselineValue: Double(total) / (raw / 1000))
        results.add("admin, resident memory while paging it (before \(Int(before)) MB)", peak - before, "MB growth")
        try AuditExport.run(o, results)
    }

    /// A log of `rows` rows, ten per booking for a tenth as many bookings of the scale venues, spread over a
    /// year, as the database's trigger writes them (statuses before and after); made once per database.
    static func generate(_ owner: PGConnection, rows: Int, _ results: Results) throws {
        let present = try owner.number("SELECT count(*) AS v FROM audit_log WHERE actor LIKE 'bench:%'")
        guard present == 0 else { return }
        let t0 = monotonicNanos()
        // Written oldest first, as a live log is (each row at the moment of its change): the heap then follows
        // time, as it does in production, and a page of the newest rows sits on a few pages of the table.
        try owner.query("""
            INSERT INTO audit_log (restaurant_id, actor, action, entity, entity_id, before, after, at, db_role)
            SELECT restaurant_id, actor, action, entity, entity_id, before, after, at, db_role FROM (
                SELECT x.restaurant_id, 'bench:' || (g % 40) AS actor, (ARRAY['book', 'change', 'confirmed', 'seated', 'completed', 'cancelled'])[1 + g % 6] AS action,
                       'reservation' AS entity, x.id::text AS entity_id, jsonb_build_object('status', 'confirmed', 'party_size', 2) AS before,
                       jsonb_build_object('status', 'cancelled', 'party_size', 3 + g % 2) AS after,
                       now() - make_interval(mins => (hashint8(x.n * 10 + g) & 524287)::int) AS at, 'reservaflow_app' AS db_role
                FROM (SELECT id, restaurant_id, row_number() OVER () AS n FROM reservations ORDER BY hashint8(hashtext(id::text)) LIMIT $1) x
                CROSS JOIN generate_series(1, 10) g
            ) rows ORDER BY at
            """, [rows / 10])
        try owner.execScript("VACUUM (ANALYZE) audit_log")
        results.add("admin data: audit rows generated set-based as the owner, then vacuumed", Double(monotonicNanos() - t0) / 1e9, "s")
    }

    /// A process's resident memory in MB, this one's by default (0 once it has gone).
    static func residentMegabytes(of process: String = "self") -> Double {
        let statm = (try? String(contentsOfFile: "/proc/\(process)/statm", encoding: .utf8)) ?? ""
        let pages = statm.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }
}
