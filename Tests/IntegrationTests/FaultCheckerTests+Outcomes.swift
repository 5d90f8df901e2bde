import FaultSuite
import Foundation
import Glibc
import Testing
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

extension FaultCheckerTests {
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
                    .init(id: 1, tag: APICase.tag(1), action: .book, reservation: "r1", status: .pending, table: "T1", actor: APICase.actor),
                    .init(id: 2, tag: nil, action: .confirmed, reservation: "r1", status: .confirmed, table: "T1", actor: APICase.actor),
                    .init(id: 3, tag: APICase.tag(3), action: .book, reservation: "r2", status: .pending, table: "T1", actor: APICase.actor),
                    .init(id: 4, tag: nil, action: .cancelled, reservation: "r2", status: .cancelled, table: "T1", actor: APICase.actor),
                ],
                rows: ["r1": .init(id: "r1", status: .confirmed, table: "T1"), "r2": .init(id: "r2", status: .cancelled, table: "T1")],
                mails: [.init(reservation: "r1", kind: .hold, status: .cancelled), .init(reservation: "r1", kind: .confirmation, status: .scheduled),
                        .init(reservation: "r2", kind: .hold, status: .cancelled), .init(reservation: "r2", kind: .cancellation, status: .scheduled)],
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
        c.snapshot.audits.append(.init(id: 5, tag: APICase.tag(4), action: .book, reservation: "r3", status: .pending, table: "T1", actor: APICase.actor))
        c.snapshot.rows["r3"] = .init(id: "r3", status: .pending, table: "T1")
        c.snapshot.mails.append(.init(reservation: "r3", kind: .hold, status: .scheduled))
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
        c.snapshot.audits.append(.init(id: 6, tag: APICase.tag(1), action: .book, reservation: "r9", status: .pending, table: "T2", actor: APICase.actor))
        c.snapshot.mails.append(.init(reservation: "r9", kind: .hold, status: .scheduled))
        r = c.judge()
        #expect(r.duplicates == 1 && !r.passed, "\(r.problems)")

        // A change by an API client's account that none of its operations made.
        c = APICase()
        c.snapshot.audits.append(.init(id: 7, tag: nil, action: .seated, reservation: "r1", status: .seated, table: "T1", actor: APICase.actor))
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
