import Foundation
import ReservationCore
import ReservationDomain
import ReservationNative

/// What the database holds for one round's venue, read after the round by the administrator role.
public struct Snapshot: Sendable {
    /// One audit row about a reservation. The audit row is written in the same transaction as the change,
    /// so it is the committed history; `tag` is the operation that wrote it (from the acting name).
    public struct Audit: Sendable, Equatable {
        public var id: Int64
        /// The operation that wrote it: the tag in its acting name, or, for a booking made through the API
        /// (whose actor is the signed-in account), the tag in the booking's notes.
        public var tag: String?
        public var action: String
        public var reservation: String
        /// Status and table label after the change.
        public var status: String?
        public var table: String?
        /// A booking whose start was more than the venue's reminder hours away when it was made: it must
        /// have queued a reminder.
        public var wantsReminder: Bool
        /// The acting name as written (an API client's staff display name, or `guest:<id>`).
        public var actor: String

        public init(id: Int64, tag: String?, action: String, reservation: String, status: String?, table: String?, wantsReminder: Bool = false,
                    actor: String? = nil) {
            self.id = id
            self.tag = tag
            self.action = action
            self.reservation = reservation
            self.status = status
            self.table = table
            self.wantsReminder = wantsReminder
            self.actor = actor ?? tag ?? ""
        }
    }

    public struct Row: Sendable, Equatable {
        public var id: String
        public var status: String
        public var table: String
        public init(id: String, status: String, table: String) {
            self.id = id
            self.status = status
            self.table = table
        }
    }

    public struct Mail: Sendable, Equatable {
        public var reservation: String
        public var kind: MailKind
        public var status: String
        public init(reservation: String, kind: MailKind, status: String) {
            self.reservation = reservation
            self.kind = kind
            self.status = status
        }
    }

    public var audits: [Audit]
    public var rows: [String: Row]
    public var mails: [Mail]
    /// Pairs of live reservations of one table whose times overlap.
    public var overlaps: Int
    /// Reservations per operation tag found in their notes. Each booking operation sends its tag as the
    /// notes (and, through the API, as its Idempotency-Key, with every retry): more than one reservation
    /// for a tag is a retry that booked twice.
    public var reservationsByTag: [String: Int]

    public init(audits: [Audit], rows: [String: Row], mails: [Mail], overlaps: Int, reservationsByTag: [String: Int] = [:]) {
        self.audits = audits
        self.rows = rows
        self.mails = mails
        self.overlaps = overlaps
        self.reservationsByTag = reservationsByTag
    }

    /// Reads the venue's reservations, their audit history, the outbox and the overlap count.
    public static func load(_ db: PGConnection, restaurantID: Int64) throws -> Snapshot {
        let audits = try db.query("""
            SELECT a.id, a.actor, a.action, a.entity_id, a.after->>'status' AS status, t.label, a.after->>'notes' AS notes,
                   coalesce(a.action = 'book' AND r.reminder_hours > 0 AND (a.after->>'status') IN ('confirmed', 'pending')
                            AND (a.after->>'starts_at')::timestamptz - make_interval(hours => r.reminder_hours)
                                > (a.after->>'created_at')::timestamptz, false) AS wants_reminder
            FROM audit_log a
            JOIN restaurants r ON r.id = a.restaurant_id
            LEFT JOIN dining_tables t ON t.restaurant_id = a.restaurant_id AND t.id = (a.after->>'table_id')::bigint
            WHERE a.restaurant_id = $1 AND a.entity = 'reservation'
            ORDER BY a.id
            """, [restaurantID]).map { row in
            let actor = try row.string("actor")
            let action = try row.string("action")
            // A booking through the API is written by the signed-in account; its tag is in its notes.
            let notes = try row.optionalString("notes")
            let tag = OpRecord.extractTag(actor) ?? (action == "book" ? notes.flatMap(OpRecord.extractTag) : nil)
            return Audit(id: try row.int64("id"), tag: tag, action: action,
                         reservation: try row.string("entity_id"), status: try row.optionalString("status"), table: try row.optionalString("label"),
                         wantsReminder: try row.bool("wants_reminder"), actor: actor)
        }
        var rows: [String: Row] = [:]
        for row in try db.query("""
            SELECT x.id, x.status, t.label FROM reservations x
            JOIN dining_tables t ON t.restaurant_id = x.restaurant_id AND t.id = x.table_id
            WHERE x.restaurant_id = $1
            """, [restaurantID]) {
            let id = try row.string("id")
            rows[id] = Row(id: id, status: try row.string("status"), table: try row.string("label"))
        }
        let mails = try db.query("""
            SELECT reservation_id, kind, status FROM notifications WHERE restaurant_id = $1 AND reservation_id IS NOT NULL
            """, [restaurantID]).map { Mail(reservation: try $0.string("reservation_id"), kind: try $0.string("kind", as: MailKind.self), status: try $0.string("status")) }
        // Every table a live booking holds, its first and its joined ones, read from `reservations` itself,
        // not from the claim rows whose constraint is the very thing being checked.
        let overlaps = try db.queryOne("""
            WITH held AS (
                SELECT r.id, r.period, t AS table_id FROM reservations r, unnest(r.table_id || r.joined_table_ids) AS t
                WHERE r.restaurant_id = $1 AND r.status IN ('pending', 'confirmed', 'seated'))
            SELECT count(*) AS n FROM held a JOIN held b ON a.table_id = b.table_id AND a.id < b.id AND a.period && b.period
            """, [restaurantID])?.int("n") ?? -1
        var byTag: [String: Int] = [:]
        for row in try db.query("""
            SELECT notes, count(*) AS n FROM reservations WHERE restaurant_id = $1 AND notes LIKE 'fo:%' GROUP BY notes
            """, [restaurantID]) {
            if let tag = OpRecord.extractTag(try row.string("notes")) { byTag[tag, default: 0] += try row.int("n") }
        }
        return Snapshot(audits: audits, rows: rows, mails: mails, overlaps: overlaps, reservationsByTag: byTag)
    }
}

/// The verdict on one round.
public struct RoundReport: Codable, Sendable, Equatable {
    public var round: String
    public var seconds: Double = 0
    public var ops = 0
    /// Operations made through reservaflow-api (part of `ops`).
    public var apiOps = 0
    /// First answers, as the clients saw them.
    public var ok = 0
    public var refused = 0
    public var unknown = 0
    /// Unknown answers, resolved from the database: the operation is there, or it is not.
    public var unknownApplied = 0
    public var unknownAbsent = 0
    /// API operations whose unknown answer was never settled by retrying with the same Idempotency-Key
    /// (no 2xx or 4xx before the round's end plus the settle bound).
    public var unresolved = 0
    /// Operations the clients were finally told were done: ok at once, or ok when an unknown was settled.
    public var acknowledged = 0
    /// Of those, the ones the database has no trace of.
    public var acknowledgedLost = 0
    /// Acknowledged operations the database does not show (or a reservation whose row contradicts its
    /// acknowledged history).
    public var lost = 0
    /// Refused operations the database shows anyway, and writes by no operation of the round.
    public var phantom = 0
    /// Extra reservations made for one booking operation (one tag, one Idempotency-Key): a retry that
    /// booked twice.
    public var duplicates = 0
    /// Outbox rows missing for what was applied (confirmation, reminder, cancellation), or still pending
    /// for a reservation that no longer happens.
    public var outboxLost = 0
    public var overlaps = 0
    /// Operations that took longer than the bound, or never answered.
    public var hung = 0
    public var maxLatencyMs = 0.0
    public var p99LatencyMs = 0.0
    public var hangBoundSeconds = 0.0
    /// Acknowledged operations that finished while the fault was in force (the stalled client's table
    /// excepted); nil when the round had no fault window.
    public var okDuringFault: Int?
    public var requireProgress = false
    /// For each fault (a fault_start..fault_end pair), seconds from its start to the end of the first
    /// acknowledged write that started after it: API clients' writes when the round has any, else all.
    /// Without such a write: up to the last answer of the round.
    public var writeGaps: [Double] = []
    /// Acknowledged API operations answered after the last fault ended; nil unless the round requires it.
    public var apiOkAfterFault: Int?
    public var requireAPIProgress = false
    /// What the injector found wrong itself (`fail` lines of the events file).
    public var injectorFailures: [String] = []
    /// From `<round>.restarts` (scripts/ha-run.sh): how often the API had to be restarted from outside.
    public var apiRestartsNeeded = 0
    public var synchronousCommit = ""
    public var problems: [String] = []
    public var notes: [String] = []

    public init(round: String) { self.round = round }

    public var present: Int { acknowledged - acknowledgedLost }
    public var writeGapMax: Double? { writeGaps.max() }
    public var writeGapP50: Double? {
        guard !writeGaps.isEmpty else { return nil }
        let sorted = writeGaps.sorted()
        return sorted[(sorted.count - 1) / 2]
    }

    public var passed: Bool {
        lost == 0 && phantom == 0 && duplicates == 0 && unresolved == 0 && outboxLost == 0 && overlaps == 0 && hung == 0
            && injectorFailures.isEmpty
            && (!requireProgress || (okDuringFault ?? 0) > 0)
            && (!requireAPIProgress || (apiOkAfterFault ?? 0) > 0)
    }
}

/// One round in `--results-json`: the figures another program (scripts/ha-run.sh) compares.
public struct RoundResult: Encodable, Sendable, Equatable {
    public var round: String
    public var acknowledged: Int
    public var present: Int
    public var lost: Int
    public var overlaps: Int
    public var unknown: Int
    public var unresolved: Int
    public var writeGapMax: Double?
    public var writeGapP50: Double?
    public var apiRestartsNeeded: Int
    public var passed: Bool
    // Besides: the rest of the verdict.
    public var ops: Int
    public var apiOps: Int
    public var phantom: Int
    public var duplicates: Int
    public var outboxLost: Int
    public var hung: Int
    public var apiOkAfterFault: Int?
    /// Why a round could not run (it then fails).
    public var skipped: String?

    public init(_ r: RoundReport) {
        round = r.round
        acknowledged = r.acknowledged
        present = r.present
        lost = r.lost
        overlaps = r.overlaps
        unknown = r.unknown
        unresolved = r.unresolved
        writeGapMax = r.writeGapMax.map { ($0 * 1000).rounded() / 1000 }
        writeGapP50 = r.writeGapP50.map { ($0 * 1000).rounded() / 1000 }
        apiRestartsNeeded = r.apiRestartsNeeded
        passed = r.passed
        ops = r.ops
        apiOps = r.apiOps
        phantom = r.phantom
        duplicates = r.duplicates
        outboxLost = r.outboxLost
        hung = r.hung
        apiOkAfterFault = r.apiOkAfterFault
    }

    public static func skipped(_ round: String, reason: String, restarts: Int) -> RoundResult {
        var r = RoundResult(RoundReport(round: round))
        r.passed = false
        r.skipped = reason
        r.apiRestartsNeeded = restarts
        return r
    }

    enum Keys: String, CodingKey {
        case round, acknowledged, present, lost, overlaps, unknown, unresolved, passed, ops, phantom, duplicates, hung, skipped
        case writeGapMax = "write_gap_s_max", writeGapP50 = "write_gap_s_p50", apiRestartsNeeded = "api_restarts_needed"
        case apiOps = "api_ops", outboxLost = "outbox_lost", apiOkAfterFault = "api_ok_after_fault"
    }

    /// Every key always present: the gaps (and the rest) are null when there is nothing to measure.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(round, forKey: .round)
        try c.encode(acknowledged, forKey: .acknowledged)
        try c.encode(present, forKey: .present)
        try c.encode(lost, forKey: .lost)
        try c.encode(overlaps, forKey: .overlaps)
        try c.encode(unknown, forKey: .unknown)
        try c.encode(unresolved, forKey: .unresolved)
        if let writeGapMax { try c.encode(writeGapMax, forKey: .writeGapMax) } else { try c.encodeNil(forKey: .writeGapMax) }
        if let writeGapP50 { try c.encode(writeGapP50, forKey: .writeGapP50) } else { try c.encodeNil(forKey: .writeGapP50) }
        try c.encode(apiRestartsNeeded, forKey: .apiRestartsNeeded)
        try c.encode(passed, forKey: .passed)
        try c.encode(ops, forKey: .ops)
        try c.encode(apiOps, forKey: .apiOps)
        try c.encode(phantom, forKey: .phantom)
        try c.encode(duplicates, forKey: .duplicates)
        try c.encode(outboxLost, forKey: .outboxLost)
        try c.encode(hung, forKey: .hung)
        if let apiOkAfterFault { try c.encode(apiOkAfterFault, forKey: .apiOkAfterFault) } else { try c.encodeNil(forKey: .apiOkAfterFault) }
        if let skipped { try c.encode(skipped, forKey: .skipped) } else { try c.encodeNil(forKey: .skipped) }
    }

    /// The JSON array, one object per round.
    public static func json(_ results: [RoundResult]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        var data = try encoder.encode(results)
        data.append(0x0A)
        return data
    }
}

public enum Checker {
    /// Judges a round from its journal and what the database holds. Pure: the tests feed it both.
    /// `apiActors`: the audit actors the API writes for this round's API clients; a write by one of them
    /// that no operation of the journal accounts for is a phantom. `roundEnded`: when the load stopped
    /// (a write gap with no recovery runs to it).
    public static func judge(round: String, records: [OpRecord], snapshot: Snapshot, events: RoundEvents,
                             hangBound: Double, apiActors: Set<String> = [], roundEnded: Double? = nil) -> RoundReport {
        var report = RoundReport(round: round)
        report.hangBoundSeconds = hangBound
        report.requireProgress = events.requireProgress
        report.requireAPIProgress = events.requireAPIProgress
        report.notes = events.notes
        report.overlaps = snapshot.overlaps
        if snapshot.overlaps > 0 { report.problems.append("\(snapshot.overlaps) pair(s) of overlapping live reservations") }
        for f in events.failures {
            report.injectorFailures.append(f)
            report.problems.append("failed: \(f)")
        }

        var auditsByTag: [String: [Snapshot.Audit]] = [:]
        // Untagged rows (an API client's status changes: the actor is the signed-in account), by reservation and action.
        var auditsByChange: [String: [Snapshot.Audit]] = [:]
        for a in snapshot.audits {
            if let t = a.tag { auditsByTag[t, default: []].append(a) } else { auditsByChange["\(a.reservation) \(a.action)", default: []].append(a) }
        }
        func short(_ id: String?) -> String { id.map { String($0.prefix(8)) } ?? "?" }
        func name(_ r: OpRecord) -> String {
            "client \(r.client) op \(r.seq) \(r.isAPI ? "api " : "")\(r.kind.rawValue)\(r.reservation.map { " " + short($0) } ?? "")\(r.table.map { " " + $0 } ?? "")\(r.slot.map { " " + $0 } ?? "")"
        }
        func firstAnswer(_ r: OpRecord) -> String {
            [r.httpStatus.map(String.init), r.errorKind].compactMap { $0 }.joined(separator: " ")
        }
        // (A DELETE carries no key: cancelling twice is a no-op by itself.)
        func retried(_ r: OpRecord) -> String { r.idempotencyKey == nil ? "retried" : "retried with its Idempotency-Key" }

        // Operations that took effect, by reservation, in the order their client made them.
        var effective: [String: [(OpRecord, Snapshot.Audit?)]] = [:]
        var lostReservations = Set<String>()
        var claimed = Set<Int64>()
        var latencies: [Double] = []
        for r in records {
            report.ops += 1
            if r.isAPI { report.apiOps += 1 }
            latencies.append(r.latencyMs)
            if r.hung || r.latencyMs > hangBound * 1000 {
                report.hung += 1
                report.problems.append("hung: \(name(r)) took \(String(format: "%.1f", r.latencyMs / 1000)) s\(r.hung ? " and never answered" : "") (bound \(Int(hangBound)) s)")
            }
            // A booking by its tag (in the acting name, or in its notes through the API); an API client's
            // status change by its reservation, the action and the client's own actor: each happens at
            // most once in a reservation's life (the status machine has no way back), and only the client
            // that made the reservation acts on it.
            let applied: Snapshot.Audit?
            if r.isAPI && r.kind != .book {
                applied = r.reservation.flatMap { auditsByChange["\($0) \(r.kind.auditAction)"] }?
                    .first { r.actor == nil || $0.actor == r.actor }
            } else {
                applied = auditsByTag[r.tag]?.first { $0.action == r.kind.auditAction }
            }
            if let applied { claimed.insert(applied.id) }
            let reservation = r.reservation ?? applied?.reservation
            switch r.outcome {
            case .ok: report.ok += 1
            case .refused: report.refused += 1
            case .unknown:
                report.unknown += 1
                if applied != nil { report.unknownApplied += 1 } else { report.unknownAbsent += 1 }
            }
            let final = r.finalOutcome
            switch final {
            case .ok:
                report.acknowledged += 1
                if applied == nil {
                    report.lost += 1
                    report.acknowledgedLost += 1
                    if let reservation { lostReservations.insert(reservation) }
                    let when = r.outcome == .ok ? "was acknowledged at \(clock(r.ended))"
                        : "was acknowledged when \(retried(r)) (\(r.settledStatus.map(String.init) ?? "?") at \(clock(r.answered)), after \(firstAnswer(r)))"
                    report.problems.append("lost: \(name(r)) \(when) and the database has no trace of it")
                }
            case .refused:
                if applied != nil {
                    report.phantom += 1
                    let how = r.outcome == .refused ? "was refused (\(firstAnswer(r)))"
                        : "was refused when \(retried(r)) (\(r.settledStatus.map(String.init) ?? "?"), after \(firstAnswer(r)))"
                    report.problems.append("phantom: \(name(r)) \(how) but the database shows it")
                }
            case .unknown:
                // A core client's lost answer is for the checker to resolve; an API client must settle its
                // own, with the same request and key, and never did.
                if r.isAPI {
                    report.unresolved += 1
                    report.problems.append("unresolved: \(name(r)) answered \(firstAnswer(r)) at \(clock(r.ended)), then no definite answer in \(r.attempts ?? 1) tries, \(retried(r)) (last: \(r.lastError ?? "?")); the database shows it \(applied != nil ? "applied" : "absent")")
                }
            }
            if let reservation, final == .ok || applied != nil {
                effective[reservation, default: []].append((r, applied))
            }
        }
        latencies.sort()
        report.maxLatencyMs = latencies.last ?? 0
        report.p99LatencyMs = latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * 0.99))]

        // Writes that no operation of this round asked for.
        let known = Set(records.map(\.tag))
        for a in snapshot.audits where a.tag.map({ $0.hasPrefix("fo:\(round):") && !known.contains($0) }) ?? false {
            report.phantom += 1
            report.problems.append("phantom: audit row \(a.id) (\(a.action) \(short(a.reservation))) by \(a.tag!), an operation the clients never made")
        }
        // ... and untagged ones by the API clients' accounts (expiring a lapsed hold in a booking's way is
        // the core's own doing, whoever books).
        for a in snapshot.audits where a.tag == nil && apiActors.contains(a.actor) && !claimed.contains(a.id) && a.action != "expired" {
            report.phantom += 1
            report.problems.append("phantom: audit row \(a.id) (\(a.action) \(short(a.reservation))) by API client \(a.actor), a change none of its operations made")
        }

        // One booking operation, one reservation: a retry with the same Idempotency-Key must replay.
        var bookAudits: [String: Int] = [:]
        for a in snapshot.audits where a.action == "book" { if let t = a.tag { bookAudits[t, default: 0] += 1 } }
        let recordByTag = Dictionary(records.map { ($0.tag, $0) }, uniquingKeysWith: { a, _ in a })
        for tag in Set(bookAudits.keys).union(snapshot.reservationsByTag.keys).sorted() where tag.hasPrefix("fo:\(round):") {
            let n = max(bookAudits[tag] ?? 0, snapshot.reservationsByTag[tag] ?? 0)
            guard n > 1 else { continue }
            report.duplicates += n - 1
            let who = recordByTag[tag].map(name) ?? tag
            report.problems.append("duplicate: \(who) made \(n) reservations (one tag, one Idempotency-Key): a retry booked again")
        }

        // Each reservation's row must be where its applied history leads.
        for (reservation, ops) in effective {
            var status: String?
            var table: String?
            for (r, audit) in ops.sorted(by: { ($0.0.client, $0.0.seq) < ($1.0.client, $1.0.seq) }) {
                switch r.kind {
                case .book:
                    // Through the API a booking is a pending hold, as its answer (or its audit row) says.
                    status = r.status ?? audit?.status ?? "confirmed"
                    table = r.finalOutcome == .ok ? r.table : audit?.table
                case .move: table = r.table
                case .cancel: status = "cancelled"
                case .seat: status = "seated"
                case .complete: status = "completed"
                case .confirm: status = "confirmed"
                }
            }
            guard !lostReservations.contains(reservation) else { continue }  // already counted
            let row = snapshot.rows[reservation]
            // (Only what the history decides is compared: a history without its booking says nothing of the status.)
            if row == nil || (status != nil && row?.status != status) || (table != nil && row?.table != table) {
                report.lost += 1
                let seen = row.map { "\($0.status) at \($0.table)" } ?? "no row"
                report.problems.append("lost: reservation \(short(reservation)) should be \(status ?? "?") at \(table ?? "?") after its acknowledged operations; the database has \(seen)")
            }
        }

        // The outbox: rows written in the same transactions as what they announce.
        var mails: [String: [Snapshot.Mail]] = [:]
        for m in snapshot.mails { mails[m.reservation, default: []].append(m) }
        // (Writes by operations of the journal only: an untracked write is already reported as a phantom.)
        for a in snapshot.audits where (a.tag.map(known.contains) ?? false) || claimed.contains(a.id) {
            let have = Set((mails[a.reservation] ?? []).map(\.kind))
            var want: [MailKind] = []
            if a.action == AuditAction.book.rawValue {
                // A hold asks the guest to confirm; a confirmed booking is confirmed.
                want.append(a.status == "pending" ? .hold : .confirmation)
                if a.wantsReminder { want.append(.reminder) }
            }
            if a.action == AuditAction.confirmed.rawValue { want.append(.confirmation) }
            if a.action == AuditAction.cancelled.rawValue { want.append(.cancellation) }
            for kind in want where !have.contains(kind) {
                report.outboxLost += 1
                report.problems.append("outbox: no \(kind.rawValue) row for reservation \(short(a.reservation)) (\(a.action) by \(a.tag ?? a.actor))")
            }
        }
        for row in snapshot.rows.values where ["cancelled", "completed", "no_show", "expired"].contains(row.status) {
            for m in mails[row.id] ?? [] where ["scheduled", "retryable"].contains(m.status) && [MailKind.confirmation, .reminder, .hold].contains(m.kind) {
                report.outboxLost += 1
                report.problems.append("outbox: a \(m.kind.rawValue) for \(row.status) reservation \(short(row.id)) is still pending")
            }
        }

        if !events.windows.isEmpty {
            report.okDuringFault = records.filter { r in
                r.outcome == .ok && events.windows.contains { $0.contains(r.ended) }
                    && (events.stalledTable == nil || r.table != events.stalledTable)
            }.count
            if events.requireProgress && report.okDuringFault == 0 {
                report.problems.append("no progress: nothing on another table succeeded while the fault was in force")
            }
            // What an online guest sees when the round has API clients (the core clients do not notice an
            // API being killed); otherwise every client's writes.
            let gaps = writeGaps(report.apiOps > 0 ? records.filter(\.isAPI) : records, windows: events.windows, until: roundEnded)
            report.writeGaps = gaps.map(\.seconds)
            for (w, g) in zip(events.windows, gaps) where !g.recovered {
                report.notes.append("no acknowledged write started after the fault at \(clock(w.lowerBound)) (write gap at least \(String(format: "%.1f", g.seconds)) s)")
            }
        }
        if events.requireAPIProgress {
            let last = events.windows.map(\.upperBound).max() ?? 0
            report.apiOkAfterFault = records.filter { $0.isAPI && $0.finalOutcome == .ok && $0.answered > last }.count
            if report.apiOkAfterFault == 0 {
                let since = events.windows.isEmpty ? "" : " ended at \(clock(last))"
                report.problems.append("no recovery: no API client got a 2xx answer after the last fault\(since): the API did not recover by itself")
            }
        }
        return report
    }

    /// For each fault window: the longest time in which no write was acknowledged, from the fault's start
    /// until writes were acknowledged again after its end. With clients writing all the time, that is the time
    /// from the fault taking effect to the first write acknowledged after it, whatever the moment the
    /// injector wrote down (the event is written just before the fault lands, and writes already in flight
    /// may still be answered). `recovered` is false when no write was acknowledged after the start; the gap
    /// then runs to `until` (the round's end; by default the last answer of the round): a lower bound.
    public static func writeGaps(_ records: [OpRecord], windows: [ClosedRange<Double>], until: Double? = nil) -> [(seconds: Double, recovered: Bool)] {
        let acks = records.filter { $0.finalOutcome == .ok }.map(\.answered).sorted()
        let end = max(until ?? 0, records.map(\.answered).max() ?? 0)
        return windows.map { w in
            let after = acks.drop { $0 <= w.lowerBound }
            // The acknowledgements from the start to the first one at or after the window's end.
            guard let resumed = after.firstIndex(where: { $0 >= w.upperBound }) ?? after.indices.last else {
                return (max(0, end - w.lowerBound), false)
            }
            var previous = w.lowerBound, longest = 0.0
            for t in after[...resumed] {
                longest = max(longest, t - previous)
                previous = t
            }
            return (longest, true)
        }
    }

    /// Reads a run directory's round from disk and the database (`adminURL` names the scratch database).
    public static func check(_ dir: RunDirectory, round: String, adminURL: String) throws -> RoundReport {
        let meta = try dir.readMeta(round)
        let records = try dir.readOps(round)
        let db = try PGConnection(url: adminURL)
        let snapshot = try Snapshot.load(db, restaurantID: meta.restaurantID)
        var report = judge(round: round, records: records, snapshot: snapshot, events: dir.readEvents(round),
                           hangBound: meta.hangBoundSeconds, apiActors: Set(meta.apiActors ?? []), roundEnded: meta.ended)
        report.seconds = meta.seconds
        report.synchronousCommit = meta.synchronousCommit
        report.apiRestartsNeeded = dir.restartsNeeded(round)
        return report
    }

    static func clock(_ epoch: Double) -> String {
        guard epoch < 1e12 else { return "never" }
        let f = DateFormatter()
        f.dateFormat = "HH:mm:ss.SSS"
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: Date(timeIntervalSince1970: epoch)) + "Z"
    }

    /// The table: one line per round; a round that could not run is a failure, with its reason.
    public static func table(_ reports: [RoundReport], skipped: [(String, String)] = []) -> String {
        let header = ["round", "s", "ops", "api", "ok", "refused", "unknown (applied/absent)", "unresolved", "lost", "phantom", "dup",
                      "outbox lost", "overlaps", "hung", "max ms", "ok in fault", "gap s", "result"]
        var rows: [[String]] = reports.map { r in
            [r.round, String(Int(r.seconds)), String(r.ops), String(r.apiOps), String(r.ok), String(r.refused),
             "\(r.unknown) (\(r.unknownApplied)/\(r.unknownAbsent))", String(r.unresolved), String(r.lost), String(r.phantom),
             String(r.duplicates), String(r.outboxLost), String(r.overlaps), String(r.hung), String(Int(r.maxLatencyMs.rounded())),
             r.okDuringFault.map(String.init) ?? "-", r.writeGapMax.map { String(format: "%.1f", $0) } ?? "-", r.passed ? "pass" : "FAIL"]
        }
        for (round, reason) in skipped {
            rows.append([round] + Array(repeating: "-", count: header.count - 2) + ["FAIL (could not run: \(reason))"])
        }
        // The last column is free text; the others are padded to line up.
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() where i < header.count - 1 { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                i == cells.count - 1 ? c : (i == 0 ? c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                                              : String(repeating: " ", count: widths[i] - c.count) + c)
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}
