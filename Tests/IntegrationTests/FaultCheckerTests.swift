import FaultSuite
import Foundation
import Glibc
import Testing
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

/// The fault suite's checker (`make test-faults`) must not be able to pass silently: here it judges real
/// databases, first as the clients left them, then after rows were taken away behind its back.
@Suite("Fault suite checker")
struct FaultCheckerTests {
    /// A scratch database with the fault suite's venue laid around the real now (the checker and the
    /// load use real time), dropped at the end.
    final class World {
        let database: String
        let configuration: Configuration
        let adminURL: String

        init() throws {
            database = try TestStack.makeDatabase()
            configuration = Configuration(databaseURL: TestStack.url(forDatabase: database), redisURL: TestStack.settings.redisURL)
            var u = try #require(URLComponents(string: TestStack.settings.adminURL))
            u.path = "/" + database
            adminURL = try #require(u.string)
        }

        deinit { TestStack.dropDatabase(database) }

        /// The administrator on this database, as the checker connects.
        func admin() throws -> PGConnection { try PGConnection(url: adminURL) }

        func judge(_ round: String, _ records: [OpRecord], venue: RestaurantID, events: RoundEvents = RoundEvents()) throws -> RoundReport {
            Checker.judge(round: round, records: records, snapshot: try Snapshot.load(admin(), restaurantID: venue), events: events, hangBound: 10)
        }
    }

    @Test("a short load with no fault passes, every operation accounted for")
    func cleanLoad() throws {
        let w = try World()
        let result = try LoadRunner.run(LoadConfig(round: "clean", configuration: w.configuration, clients: 6, seconds: 1.5, hangBound: 10))
        let report = try w.judge("clean", result.records, venue: result.meta.restaurantID)
        #expect(report.passed, "\(report.problems)")
        #expect(report.ok > 0)
        #expect(report.ops == result.records.count)
        #expect(report.ok + report.refused + report.unknown == report.ops)
        #expect(result.records.allSatisfy { $0.started > 1_000_000_000 && $0.latencyMs >= 0 })
        // Every acknowledged booking is in the database with the operation's tag in its audit row.
        let acked = result.records.filter { $0.kind == .book && $0.outcome == .ok }
        #expect(!acked.isEmpty)
        let tagged = try #require(try w.admin().queryOne("SELECT count(*) AS n FROM audit_log WHERE action = 'book' AND actor LIKE 'fo:clean:%'")).int("n")
        #expect(tagged >= acked.count)
    }

    @Test("clients whose connections are terminated mid-load reconnect; every lost answer is resolved and nothing is lost")
    func terminatedBackends() throws {
        let w = try World()
        let stop = StopFlag()
        let database = w.database
        // Three rounds of terminations early on, then time to work: the assertions hold on a loaded machine.
        let terminator = Thread {
            guard let admin = try? TestStack.admin() else { return }
            for _ in 0..<3 where !stop.isSet {
                Thread.sleep(forTimeInterval: 0.4)
                _ = try? admin.query("""
                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                    WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                    """, [database])
            }
        }
        let result = try LoadRunner.run(LoadConfig(round: "kill", configuration: w.configuration, clients: 6, seconds: 3, hangBound: 10),
                                       ready: { terminator.start() })
        stop.set()
        let report = try w.judge("kill", result.records, venue: result.meta.restaurantID)
        #expect(report.passed, "\(report.problems)")
        #expect(report.ok > 0)
        #expect(report.unknown > 0, "no answer was lost: the terminations did not land")
        #expect(report.unknownApplied + report.unknownAbsent == report.unknown)
    }

    @Test("lost booking, lost cancel, refused-but-applied, untracked write, missing outbox row, overlap and hung client are all reported")
    func tampered() throws {
        let w = try World()
        let book = try ReservationBook(configuration: w.configuration)
        let venue = try FaultVenue.create(book: book, round: "tamper")
        let slot = venue.slots[0]
        var records: [OpRecord] = []
        var seq = 0
        /// Performs one operation as a fault client would (its tag as the acting name) and journals it.
        @discardableResult
        func op(_ kind: OpKind, _ reservation: UUID? = nil, table: String? = nil, _ body: (Actor) throws -> BookEntry?) -> UUID? {
            seq += 1
            var r = OpRecord(round: "tamper", client: 0, seq: seq, kind: kind, tag: OpRecord.tag(round: "tamper", client: 0, seq: seq),
                             reservation: reservation?.uuidString.lowercased(), table: table, started: Date().timeIntervalSince1970, latencyMs: 5)
            do {
                if let entry = try body(Actor(staffID: nil, name: r.tag, role: .admin)) {
                    r.reservation = entry.id.uuidString.lowercased()
                    if kind == .book { r.table = entry.tableLabel }
                }
                r.outcome = .ok
            } catch {
                r.outcome = .refused
                r.errorKind = "\(error)"
            }
            records.append(r)
            return r.reservation.flatMap(UUID.init(uuidString:))
        }
        func booking(_ table: String) -> (Actor) throws -> BookEntry? {
            { actor in
                try book.book(BookingRequest(restaurantID: venue.restaurantID, tableLabel: table, date: slot.date, time: slot.time, partySize: 2,
                                               guest: .new(name: "Guest", phone: "600000001", email: "guest@example.com")), actor: actor).entry
            }
        }

        let a = try #require(op(.book, table: "T1", booking("T1")))
        let b = try #require(op(.book, table: "T2", booking("T2")))
        op(.cancel, b, table: "T2") { try book.apply(.cancel, to: b, actor: $0) }
        #expect(op(.book, table: "T1", booking("T1")) == nil)  // taken by a: refused
        let d = try #require(op(.book, table: "T3", booking("T3")))
        op(.seat, d, table: "T3") { try book.apply(.seat, to: d, actor: $0) }
        let e = try #require(op(.book, table: "T4", booking("T4")))
        op(.move, e, table: "T5") { try book.change(e, ReservationChange(tableLabel: "T5"), actor: $0) }
        // Answers lost: one that did happen, one that did not.
        op(.complete, d, table: "T3") { try book.apply(.complete, to: d, actor: $0) }
        records[records.count - 1].outcome = .unknown
        seq += 1
        records.append(OpRecord(round: "tamper", client: 0, seq: seq, kind: .book, tag: OpRecord.tag(round: "tamper", client: 0, seq: seq),
                                table: "T6", outcome: .unknown, started: Date().timeIntervalSince1970, latencyMs: 3))

        let clean = try w.judge("tamper", records, venue: venue.restaurantID)
        #expect(clean.passed, "\(clean.problems)")
        #expect((clean.ops, clean.ok, clean.refused, clean.unknown) == (10, 7, 1, 2))
        #expect((clean.unknownApplied, clean.unknownAbsent) == (1, 1))
        #expect((clean.lost, clean.phantom, clean.outboxLost, clean.overlaps, clean.hung) == (0, 0, 0, 0, 0))

        // Behind the checker's back, as a crash without durable commits would: a's booking vanishes with its
        // audit and outbox rows; b's cancellation is undone; d's confirmation e-mail row disappears.
        let admin = try w.admin()
        try admin.execScript("SET session_replication_role = replica")
        try admin.query("DELETE FROM audit_log WHERE entity_id = $1", [a.uuidString.lowercased()])
        try admin.query("DELETE FROM notifications WHERE reservation_id = $1", [a])
        try admin.query("DELETE FROM reservations WHERE id = $1", [a])
        try admin.query("DELETE FROM audit_log WHERE entity_id = $1 AND action = 'cancelled'", [b.uuidString.lowercased()])
        try admin.query("DELETE FROM notifications WHERE reservation_id = $1 AND kind = 'cancellation'", [b])
        try admin.query("UPDATE reservations SET status = 'confirmed' WHERE id = $1", [b])
        try admin.query("DELETE FROM notifications WHERE reservation_id = $1 AND kind = 'confirmation'", [d])
        // A write no client made, and two live bookings of one table at one time (the constraint dropped).
        try admin.query("""
            INSERT INTO audit_log (restaurant_id, actor, action, entity, entity_id) VALUES ($1, 'fo:tamper:0:99', 'cancelled', 'reservation', $2)
            """, [venue.restaurantID, e.uuidString.lowercased()])
        // The second booking sits at a free table joined with e's, so the overlap is on a joined table only:
        // a checker that compared first tables alone missed it.
        try admin.execScript("ALTER TABLE reservations DROP CONSTRAINT reservations_no_overlap")
        try admin.query("""
            INSERT INTO reservations (restaurant_id, table_id, joined_table_ids, customer_id, party_size, starts_at, ends_at, status, source, created_by)
            SELECT e.restaurant_id,
                   (SELECT t.id FROM dining_tables t WHERE t.restaurant_id = e.restaurant_id AND t.id <> e.table_id
                      AND NOT EXISTS (SELECT 1 FROM reservations r WHERE r.table_id = t.id AND r.period && e.period
                                        AND r.status IN ('pending', 'confirmed', 'seated'))
                    ORDER BY t.id LIMIT 1),
                   ARRAY[e.table_id], e.customer_id, e.party_size, e.starts_at, e.ends_at, e.status, e.source, 'tamper'
            FROM reservations e WHERE e.id = $1
            """, [e])
        try admin.execScript("SET session_replication_role = origin")
        // The journal: d's seat said refused (yet it is there); one client took longer than the bound.
        records[5].outcome = .refused
        records[5].errorKind = "locked"
        records[6].latencyMs = 12_000

        let bad = try w.judge("tamper", records, venue: venue.restaurantID)
        #expect(!bad.passed)
        #expect(bad.lost == 2, "\(bad.problems)")
        #expect(bad.phantom == 2, "\(bad.problems)")
        #expect(bad.outboxLost == 1, "\(bad.problems)")
        #expect(bad.overlaps == 1)
        #expect(bad.hung == 1)
        let text = bad.problems.joined(separator: "\n")
        #expect(text.contains("lost: client 0 op 1 book \(a.uuidString.lowercased().prefix(8))"))
        #expect(text.contains("lost: client 0 op 3 cancel \(b.uuidString.lowercased().prefix(8))"))
        #expect(text.contains("no confirmation row for reservation \(d.uuidString.lowercased().prefix(8))"))
        #expect(text.contains("fo:tamper:0:99"))
    }

    @Test("a round that needs progress fails when nothing but the stalled table moved during the fault")
    func progress() {
        let events = RoundEvents.parse("fault_start 100\nstalled_table T1\nrequire_progress\nfault_end 110\nnote hello\n")
        #expect(events.windows == [100...110])
        #expect(events.stalledTable == "T1")
        #expect(events.notes == ["hello"])
        func rec(_ seq: Int, _ table: String, at t: Double) -> OpRecord {
            OpRecord(round: "p", client: 0, seq: seq, kind: .move, tag: OpRecord.tag(round: "p", client: 0, seq: seq),
                     reservation: nil, table: table, outcome: .ok, started: t, latencyMs: 100)
        }
        // The database as it should be: each move has its audit row and its reservation is at the new table.
        func snap(_ records: [OpRecord]) -> Snapshot {
            var s = Snapshot(audits: [], rows: [:], mails: [], overlaps: 0)
            for (i, r) in records.enumerated() {
                s.audits.append(Snapshot.Audit(id: Int64(i), tag: r.tag, action: .change, reservation: "r\(i)", status: .confirmed, table: r.table))
                s.rows["r\(i)"] = Snapshot.Row(id: "r\(i)", status: .confirmed, table: r.table!)
            }
            return s
        }
        let stuck = [rec(1, "T1", at: 105), rec(2, "T2", at: 95), rec(3, "T2", at: 111)]
        let r1 = Checker.judge(round: "p", records: stuck, snapshot: snap(stuck), events: events, hangBound: 10)
        #expect(r1.okDuringFault == 0)
        #expect(r1.problems == ["no progress: nothing on another table succeeded while the fault was in force"])
        #expect(!r1.passed)
        let moving = stuck + [rec(4, "T3", at: 104)]
        let r2 = Checker.judge(round: "p", records: moving, snapshot: snap(moving), events: events, hangBound: 10)
        #expect(r2.okDuringFault == 1)
        #expect(r2.passed, "\(r2.problems)")
    }

    // MARK: API clients (issue 18)

    /// The settings every test API server runs with: one address makes every request, as in the suite.
    static let apiLimitsOff = ["--bookings-per-guest", "0", "--bookings-per-address", "0", "--auth-per-address", "0", "--requests-per-address", "0"]

    @Test("API clients through the real reservaflow-api: the round passes, and each acknowledged booking is one reservation under its key")
    func apiLoad() throws {
        let w = try World()
        let api = try APIServer(databaseURL: w.configuration.databaseURL, extra: Self.apiLimitsOff)
        let result = try LoadRunner.run(LoadConfig(round: "api", configuration: w.configuration, clients: 2, seconds: 2, hangBound: 10,
                                                   apiURL: api.base, apiClients: 4))
        let report = Checker.judge(round: "api", records: result.records, snapshot: try Snapshot.load(w.admin(), restaurantID: result.meta.restaurantID),
                                   events: RoundEvents(), hangBound: 10, apiActors: Set(result.meta.apiActors ?? []))
        #expect(report.passed, "\(report.problems) \(api.logText.suffix(400))")
        #expect(result.meta.apiActors?.count == 4)
        #expect(report.apiOps > 0 && report.apiOps < report.ops)
        let booked = result.records.filter { $0.isAPI && $0.kind == .book && $0.outcome == .ok }
        #expect(!booked.isEmpty)
        #expect(booked.allSatisfy { $0.idempotencyKey == $0.tag && $0.reservation != nil && $0.status == "pending" })
        let admin = try w.admin()
        for r in booked.prefix(10) {
            let n = try #require(try admin.queryOne("SELECT count(*) AS n FROM reservations WHERE notes = $1", [r.tag])).int("n")
            #expect(n == 1, "\(r.tag)")
        }
    }

}

final class StopFlag: @unchecked Sendable {
    let lock = NSLock()
    var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
