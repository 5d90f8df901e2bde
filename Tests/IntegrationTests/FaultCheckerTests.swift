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
                s.audits.append(Snapshot.Audit(id: Int64(i), tag: r.tag, action: "change", reservation: "r\(i)", status: "confirmed", table: r.table))
                s.rows["r\(i)"] = Snapshot.Row(id: "r\(i)", status: "confirmed", table: r.table!)
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

    @Test("an API killed mid-load and never restarted: its clients cannot settle their unknown answers, and the round fails as unresolved")
    func apiKilled() throws {
        let w = try World()
        let api = try APIServer(databaseURL: w.configuration.databaseURL, extra: Self.apiLimitsOff)
        let pid = api.process.processIdentifier
        let killer = Thread {
            Thread.sleep(forTimeInterval: 1)
            kill(pid, SIGKILL)
        }
        let result = try LoadRunner.run(LoadConfig(round: "apikill", configuration: w.configuration, clients: 2, seconds: 2.5, hangBound: 5,
                                                   apiURL: api.base, apiClients: 3, settleSeconds: 1),
                                        ready: { killer.start() })
        let report = Checker.judge(round: "apikill", records: result.records, snapshot: try Snapshot.load(w.admin(), restaurantID: result.meta.restaurantID),
                                   events: RoundEvents(), hangBound: 5, apiActors: Set(result.meta.apiActors ?? []))
        // Each API client's next request after the kill finds nothing listening: unknown, retried to the end.
        #expect(report.unresolved == 3, "\(report.problems)")
        #expect(!report.passed)
        #expect(report.lost == 0 && report.phantom == 0 && report.duplicates == 0, "\(report.problems)")
        #expect(report.problems.contains { $0.hasPrefix("unresolved: client ") && $0.contains(" api ") })
        let unresolved = result.records.filter { $0.isAPI && $0.outcome == .unknown && $0.settled == nil }
        #expect(unresolved.count == 3)
        #expect(unresolved.allSatisfy { ($0.attempts ?? 0) > 1 }, "an unknown answer must be retried with its key")
    }

    /// One API client's operations, journal and database made by hand: the checker alone is judged.
    struct APICase {
        static let actor = "API host a 24"
        static func tag(_ seq: Int) -> String { OpRecord.tag(round: "a", client: 24, seq: seq) }

        var records: [OpRecord]
        var snapshot: Snapshot

        init() {
            func rec(_ seq: Int, _ kind: OpKind, _ reservation: String?, _ outcome: OpOutcome, settled: OpOutcome? = nil,
                     status: String? = nil) -> OpRecord {
                var r = OpRecord(round: "a", client: 24, seq: seq, kind: kind, tag: APICase.tag(seq), reservation: reservation, table: "T1",
                                 outcome: outcome, started: 100 + Double(seq), latencyMs: 50)
                r.channel = "api"
                r.actor = APICase.actor
                r.idempotencyKey = r.tag
                r.status = status
                r.attempts = 1
                switch outcome {
                case .ok: r.httpStatus = kind == .book ? 201 : 200
                case .refused: r.httpStatus = 409
                case .unknown:
                    r.errorKind = "connectionRefused"
                    r.attempts = 3
                    r.settled = settled
                    if let settled {
                        r.settledStatus = settled == .ok ? 201 : 409
                        r.settledAt = 100 + Double(seq) + 2
                    }
                }
                return r
            }
            records = [
                rec(1, .book, "r1", .ok, status: "pending"),            // a hold, acknowledged
                rec(2, .confirm, "r1", .ok, status: "confirmed"),       // confirmed: its audit row is untagged (the actor is the account)
                rec(3, .book, nil, .unknown, settled: .ok),             // the connection broke; the retry got 201
                rec(4, .book, nil, .unknown, settled: .refused),        // the connection broke; the retry got 409: it never happened
                rec(5, .cancel, "r2", .unknown, settled: .ok),          // DELETE cut off; the retry got 204
            ]
            records[2].reservation = "r2"
            records[2].status = "pending"
            records[4].settledStatus = 204
            snapshot = Snapshot(
                audits: [
                    .init(id: 1, tag: APICase.tag(1), action: "book", reservation: "r1", status: "pending", table: "T1", actor: APICase.actor),
                    .init(id: 2, tag: nil, action: "confirmed", reservation: "r1", status: "confirmed", table: "T1", actor: APICase.actor),
                    .init(id: 3, tag: APICase.tag(3), action: "book", reservation: "r2", status: "pending", table: "T1", actor: APICase.actor),
                    .init(id: 4, tag: nil, action: "cancelled", reservation: "r2", status: "cancelled", table: "T1", actor: APICase.actor),
                ],
                rows: ["r1": .init(id: "r1", status: "confirmed", table: "T1"), "r2": .init(id: "r2", status: "cancelled", table: "T1")],
                mails: [.init(reservation: "r1", kind: .hold, status: "cancelled"), .init(reservation: "r1", kind: .confirmation, status: "scheduled"),
                        .init(reservation: "r2", kind: .hold, status: "cancelled"), .init(reservation: "r2", kind: .cancellation, status: "scheduled")],
                overlaps: 0, reservationsByTag: [APICase.tag(1): 1, APICase.tag(3): 1])
        }

        func judge(events: RoundEvents = RoundEvents(), apiActors: Set<String> = [APICase.actor]) -> RoundReport {
            Checker.judge(round: "a", records: records, snapshot: snapshot, events: events, hangBound: 10, apiActors: apiActors)
        }
    }

    @Test("API operations: a 2xx with no audit row is lost, an unknown is settled by its retry, one key makes one reservation")
    func apiJudgment() {
        let clean = APICase().judge()
        #expect(clean.passed, "\(clean.problems)")
        #expect((clean.ops, clean.apiOps, clean.ok, clean.refused, clean.unknown) == (5, 5, 2, 0, 3))
        #expect((clean.unknownApplied, clean.unknownAbsent, clean.unresolved) == (2, 1, 0))
        #expect((clean.acknowledged, clean.present, clean.lost, clean.phantom, clean.duplicates, clean.outboxLost) == (4, 4, 0, 0, 0, 0))

        // A 201 the database has no trace of (found by the tag in the booking's notes).
        var c = APICase()
        c.snapshot.audits.removeAll { $0.id == 1 }
        var r = c.judge()
        #expect(r.lost == 1 && r.acknowledgedLost == 1 && !r.passed, "\(r.problems)")
        #expect(r.problems.contains { $0.hasPrefix("lost: client 24 op 1 api book r1") })

        // A confirmation written by someone else is not this client's: its own 200 is lost.
        c = APICase()
        c.snapshot.audits[1].actor = "Ana Host"
        r = c.judge()
        #expect(r.lost == 1 && !r.passed, "\(r.problems)")
        #expect(r.problems.contains { $0.hasPrefix("lost: client 24 op 2 api confirm r1") })

        // Settled as 201 on retry, but nothing in the database.
        c = APICase()
        c.snapshot.audits.removeAll { $0.id == 3 }
        r = c.judge()
        #expect(r.lost == 1 && !r.passed, "\(r.problems)")
        #expect(r.problems.contains { $0.hasPrefix("lost: client 24 op 3 api book") && $0.contains("retried with its Idempotency-Key") })

        // Settled as refused on retry, yet the first request did book.
        c = APICase()
        c.snapshot.audits.append(.init(id: 5, tag: APICase.tag(4), action: "book", reservation: "r3", status: "pending", table: "T1", actor: APICase.actor))
        c.snapshot.rows["r3"] = .init(id: "r3", status: "pending", table: "T1")
        c.snapshot.mails.append(.init(reservation: "r3", kind: .hold, status: "scheduled"))
        r = c.judge()
        #expect(r.phantom == 1 && r.lost == 0 && !r.passed, "\(r.problems)")
        #expect(r.problems.contains { $0.hasPrefix("phantom: client 24 op 4 api book") && $0.contains("refused when retried") })

        // Never settled: unresolved, whatever the database shows.
        c = APICase()
        c.records[3].settled = nil
        c.records[3].settledStatus = nil
        c.records[3].settledAt = nil
        c.records[3].lastError = "503 unreachable"
        r = c.judge()
        #expect(r.unresolved == 1 && !r.passed, "\(r.problems)")
        #expect(r.problems.contains { $0.hasPrefix("unresolved: client 24 op 4 api book") && $0.contains("503 unreachable") })

        // Two reservations for one Idempotency-Key (the retry booked again).
        c = APICase()
        c.snapshot.reservationsByTag[APICase.tag(3)] = 2
        r = c.judge()
        #expect(r.duplicates == 1 && !r.passed, "\(r.problems)")
        #expect(r.problems.contains { $0.hasPrefix("duplicate: client 24 op 3 api book") })
        // ... or two booking audit rows under one tag.
        c = APICase()
        c.snapshot.audits.append(.init(id: 6, tag: APICase.tag(1), action: "book", reservation: "r9", status: "pending", table: "T2", actor: APICase.actor))
        c.snapshot.mails.append(.init(reservation: "r9", kind: .hold, status: "scheduled"))
        r = c.judge()
        #expect(r.duplicates == 1 && !r.passed, "\(r.problems)")

        // A change by an API client's account that none of its operations made.
        c = APICase()
        c.snapshot.audits.append(.init(id: 7, tag: nil, action: "seated", reservation: "r1", status: "seated", table: "T1", actor: APICase.actor))
        #expect(c.judge().phantom == 1)
        #expect(c.judge(apiActors: []).phantom == 0)

        // The API must recover by itself: 2xx answers after the last fault, and nothing the injector saw wrong.
        let recovered = APICase().judge(events: RoundEvents.parse("fault_start 100\nfault_end 104\nrequire_api_progress\n"))
        #expect(recovered.apiOkAfterFault == 2 && recovered.passed, "\(recovered.problems)")  // ops 3 and 5, settled at 105 and 107
        let stuck = APICase().judge(events: RoundEvents.parse("fault_start 100\nfault_end 110\nrequire_api_progress\n"))
        #expect(stuck.apiOkAfterFault == 0 && !stuck.passed)
        #expect(stuck.problems.contains { $0.hasPrefix("no recovery:") })
        let failed = APICase().judge(events: RoundEvents.parse("fail reservaflow-api answered /health/ with 503 at the end\n"))
        #expect(failed.injectorFailures.count == 1 && !failed.passed)
    }

    @Test("the write gap: the longest time without an acknowledged write from each fault's start until writes resume")
    func writeGap() throws {
        func op(_ seq: Int, started: Double, ms: Double, _ outcome: OpOutcome, settledAt: Double? = nil, api: Bool = true) -> OpRecord {
            var r = OpRecord(round: "g", client: 0, seq: seq, kind: .book, tag: OpRecord.tag(round: "g", client: 0, seq: seq),
                             outcome: outcome, started: started, latencyMs: ms)
            if api { r.channel = "api" }
            if let settledAt {
                r.settled = .ok
                r.settledAt = settledAt
            }
            return r
        }
        let records = [
            op(1, started: 99, ms: 1800, .ok),                         // in flight through the first fault, acknowledged at 100.8
            op(2, started: 100.2, ms: 50, .refused),                   // refused: nothing was written
            op(3, started: 100.5, ms: 700, .ok),                       // the first write acknowledged after its end: 101.2
            op(4, started: 100.1, ms: 200, .ok, api: false),           // a core client's: the round has API clients, so not counted
            op(5, started: 200.1, ms: 100, .unknown, settledAt: 204),  // the second fault's: cut off, settled as 2xx at 204
            op(6, started: 202, ms: 3000, .ok),                        // ends at 205, after op 5's settlement
        ]
        let empty = Snapshot(audits: [], rows: [:], mails: [], overlaps: 0)
        let report = Checker.judge(round: "g", records: records, snapshot: empty, events: RoundEvents(windows: [100...101, 200...203]), hangBound: 10)
        #expect(report.writeGaps.count == 2)
        // 100 -> 100.8 (op 1) -> 101.2 (op 3): 0.8 s; 200 -> 204 (op 5's settlement): 4 s.
        #expect(abs(report.writeGaps[0] - 0.8) < 1e-6 && abs(report.writeGaps[1] - 4.0) < 1e-6, "\(report.writeGaps)")
        #expect(abs((report.writeGapMax ?? 0) - 4.0) < 1e-6)
        #expect(abs((report.writeGapP50 ?? 0) - 0.8) < 1e-6)
        // Core clients only: every write counts.
        let core = records.map { r -> OpRecord in
            var c = r
            c.channel = nil
            return c
        }
        let coreGaps = Checker.writeGaps(core, windows: [100...101]).map(\.seconds)
        #expect(coreGaps.count == 1 && abs(coreGaps[0] - 0.5) < 1e-6, "\(coreGaps)")  // 100, 100.3 (op 4), 100.8, 101.2
        // No write after a fault: the gap runs to the round's end, and says so.
        let none = Checker.writeGaps(records, windows: [206...207], until: 210)
        #expect(none.count == 1 && !none[0].recovered && abs(none[0].seconds - 4) < 1e-6)
        let unrecovered = Checker.judge(round: "g", records: records, snapshot: empty, events: RoundEvents(windows: [206...207]), hangBound: 10, roundEnded: 210)
        #expect(unrecovered.notes.contains { $0.hasPrefix("no acknowledged write started after the fault") })

        // The results file: the gaps, and null when the round had no fault.
        let quiet = Checker.judge(round: "q", records: records, snapshot: empty, events: RoundEvents(), hangBound: 10)
        #expect(quiet.writeGaps.isEmpty && quiet.writeGapMax == nil)
        let data = try RoundResult.json([RoundResult(report), RoundResult(quiet)])
        let parsed = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(parsed.count == 2)
        #expect((parsed[0]["write_gap_s_max"] as? Double) == 4.0)
        #expect((parsed[0]["write_gap_s_p50"] as? Double) == 0.8)
        #expect(parsed[1]["write_gap_s_max"] is NSNull && parsed[1]["write_gap_s_p50"] is NSNull)
        for key in ["round", "acknowledged", "present", "lost", "overlaps", "unknown", "unresolved", "api_restarts_needed", "passed"] {
            #expect(parsed[0][key] != nil, "\(key)")
        }
    }
}

final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
