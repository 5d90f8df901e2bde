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
        public var tag: String?
        public var action: String
        public var reservation: String
        /// Status and table label after the change.
        public var status: String?
        public var table: String?
        /// A booking whose start was more than the venue's reminder hours away when it was made: it must
        /// have queued a reminder.
        public var wantsReminder: Bool

        public init(id: Int64, tag: String?, action: String, reservation: String, status: String?, table: String?, wantsReminder: Bool = false) {
            self.id = id
            self.tag = tag
            self.action = action
            self.reservation = reservation
            self.status = status
            self.table = table
            self.wantsReminder = wantsReminder
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
        public var kind: String
        public var status: String
        public init(reservation: String, kind: String, status: String) {
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

    public init(audits: [Audit], rows: [String: Row], mails: [Mail], overlaps: Int) {
        self.audits = audits
        self.rows = rows
        self.mails = mails
        self.overlaps = overlaps
    }

    /// Reads the venue's reservations, their audit history, the outbox and the overlap count.
    public static func load(_ db: PGConnection, restaurantID: Int64) throws -> Snapshot {
        let audits = try db.query("""
            SELECT a.id, a.actor, a.action, a.entity_id, a.after->>'status' AS status, t.label,
                   coalesce(a.action = 'book' AND r.reminder_hours > 0 AND (a.after->>'status') = 'confirmed'
                            AND (a.after->>'starts_at')::timestamptz - make_interval(hours => r.reminder_hours)
                                > (a.after->>'created_at')::timestamptz, false) AS wants_reminder
            FROM audit_log a
            JOIN restaurants r ON r.id = a.restaurant_id
            LEFT JOIN dining_tables t ON t.restaurant_id = a.restaurant_id AND t.id = (a.after->>'table_id')::bigint
            WHERE a.restaurant_id = $1 AND a.entity = 'reservation'
            ORDER BY a.id
            """, [restaurantID]).map { row in
            Audit(id: try row.int64("id"), tag: OpRecord.extractTag(try row.string("actor")), action: try row.string("action"),
                  reservation: try row.string("entity_id"), status: try row.optionalString("status"), table: try row.optionalString("label"),
                  wantsReminder: try row.bool("wants_reminder"))
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
            """, [restaurantID]).map { Mail(reservation: try $0.string("reservation_id"), kind: try $0.string("kind"), status: try $0.string("status")) }
        // Every table a live booking holds, its first and its joined ones, read from `reservations` itself,
        // not from the claim rows whose constraint is the very thing being checked.
        let overlaps = try db.queryOne("""
            WITH held AS (
                SELECT r.id, r.period, t AS table_id FROM reservations r, unnest(r.table_id || r.joined_table_ids) AS t
                WHERE r.restaurant_id = $1 AND r.status IN ('pending', 'confirmed', 'seated'))
            SELECT count(*) AS n FROM held a JOIN held b ON a.table_id = b.table_id AND a.id < b.id AND a.period && b.period
            """, [restaurantID])?.int("n") ?? -1
        return Snapshot(audits: audits, rows: rows, mails: mails, overlaps: overlaps)
    }
}

/// The verdict on one round.
public struct RoundReport: Codable, Sendable, Equatable {
    public var round: String
    public var seconds: Double = 0
    public var ops = 0
    public var ok = 0
    public var refused = 0
    public var unknown = 0
    /// Unknown answers, resolved from the database: the operation is there, or it is not.
    public var unknownApplied = 0
    public var unknownAbsent = 0
    /// Acknowledged operations the database does not show (or a reservation whose row contradicts its
    /// acknowledged history).
    public var lost = 0
    /// Refused operations the database shows anyway, and writes by no operation of the round.
    public var phantom = 0
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
    public var synchronousCommit = ""
    public var problems: [String] = []
    public var notes: [String] = []

    public init(round: String) { self.round = round }

    public var passed: Bool {
        lost == 0 && phantom == 0 && outboxLost == 0 && overlaps == 0 && hung == 0
            && (!requireProgress || (okDuringFault ?? 0) > 0)
    }
}

public enum Checker {
    /// Judges a round from its journal and what the database holds. Pure: the tests feed it both.
    public static func judge(round: String, records: [OpRecord], snapshot: Snapshot, events: RoundEvents,
                             hangBound: Double) -> RoundReport {
        var report = RoundReport(round: round)
        report.hangBoundSeconds = hangBound
        report.requireProgress = events.requireProgress
        report.notes = events.notes
        report.overlaps = snapshot.overlaps
        if snapshot.overlaps > 0 { report.problems.append("\(snapshot.overlaps) pair(s) of overlapping live reservations") }

        var auditsByTag: [String: [Snapshot.Audit]] = [:]
        for a in snapshot.audits { if let t = a.tag { auditsByTag[t, default: []].append(a) } }
        func short(_ id: String?) -> String { id.map { String($0.prefix(8)) } ?? "?" }
        func name(_ r: OpRecord) -> String {
            "client \(r.client) op \(r.seq) \(r.kind.rawValue)\(r.reservation.map { " " + short($0) } ?? "")\(r.table.map { " " + $0 } ?? "")\(r.slot.map { " " + $0 } ?? "")"
        }

        // Operations that took effect, by reservation, in the order their client made them.
        var effective: [String: [(OpRecord, Snapshot.Audit?)]] = [:]
        var lostReservations = Set<String>()
        var latencies: [Double] = []
        for r in records {
            report.ops += 1
            latencies.append(r.latencyMs)
            if r.hung || r.latencyMs > hangBound * 1000 {
                report.hung += 1
                report.problems.append("hung: \(name(r)) took \(String(format: "%.1f", r.latencyMs / 1000)) s\(r.hung ? " and never answered" : "") (bound \(Int(hangBound)) s)")
            }
            let applied = auditsByTag[r.tag]?.first { $0.action == r.kind.auditAction }
            let reservation = r.reservation ?? applied?.reservation
            switch r.outcome {
            case .ok:
                report.ok += 1
                if applied == nil {
                    report.lost += 1
                    if let reservation { lostReservations.insert(reservation) }
                    report.problems.append("lost: \(name(r)) was acknowledged at \(clock(r.ended)) and the database has no trace of it")
                }
            case .refused:
                report.refused += 1
                if applied != nil {
                    report.phantom += 1
                    report.problems.append("phantom: \(name(r)) was refused (\(r.errorKind ?? "?")) but the database shows it")
                }
            case .unknown:
                report.unknown += 1
                if applied != nil { report.unknownApplied += 1 } else { report.unknownAbsent += 1 }
            }
            if let reservation, r.outcome == .ok || applied != nil {
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

        // Each reservation's row must be where its applied history leads.
        for (reservation, ops) in effective {
            var status: String?
            var table: String?
            for (r, audit) in ops.sorted(by: { ($0.0.client, $0.0.seq) < ($1.0.client, $1.0.seq) }) {
                switch r.kind {
                case .book:
                    status = "confirmed"
                    table = r.outcome == .ok ? r.table : audit?.table
                case .move: table = r.table
                case .cancel: status = "cancelled"
                case .seat: status = "seated"
                case .complete: status = "completed"
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
        for a in snapshot.audits where a.tag.map(known.contains) ?? false {
            let have = Set((mails[a.reservation] ?? []).map(\.kind))
            var want: [String] = []
            if a.action == "book" {
                want.append("confirmation")
                if a.wantsReminder { want.append("reminder") }
            }
            if a.action == "cancelled" { want.append("cancellation") }
            for kind in want where !have.contains(kind) {
                report.outboxLost += 1
                report.problems.append("outbox: no \(kind) row for reservation \(short(a.reservation)) (\(a.action) by \(a.tag!))")
            }
        }
        for row in snapshot.rows.values where ["cancelled", "completed", "no_show", "expired"].contains(row.status) {
            for m in mails[row.id] ?? [] where ["scheduled", "retryable"].contains(m.status) && (m.kind == "confirmation" || m.kind == "reminder") {
                report.outboxLost += 1
                report.problems.append("outbox: a \(m.kind) for \(row.status) reservation \(short(row.id)) is still pending")
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
        }
        return report
    }

    /// Reads a run directory's round from disk and the database (`adminURL` names the scratch database).
    public static func check(_ dir: RunDirectory, round: String, adminURL: String) throws -> RoundReport {
        let meta = try dir.readMeta(round)
        let records = try dir.readOps(round)
        let db = try PGConnection(url: adminURL)
        let snapshot = try Snapshot.load(db, restaurantID: meta.restaurantID)
        var report = judge(round: round, records: records, snapshot: snapshot, events: dir.readEvents(round),
                           hangBound: meta.hangBoundSeconds)
        report.seconds = meta.seconds
        report.synchronousCommit = meta.synchronousCommit
        return report
    }

    static func clock(_ epoch: Double) -> String {
        let f = DateFormatter()
        f.dateFormat = "HH:mm:ss.SSS"
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: Date(timeIntervalSince1970: epoch)) + "Z"
    }

    /// The table: one line per round, skipped rounds with their reason.
    public static func table(_ reports: [RoundReport], skipped: [(String, String)] = []) -> String {
        let header = ["round", "s", "ops", "ok", "refused", "unknown (applied/absent)", "lost", "phantom", "outbox lost",
                      "overlaps", "hung", "max ms", "ok in fault", "result"]
        var rows: [[String]] = reports.map { r in
            [r.round, String(Int(r.seconds)), String(r.ops), String(r.ok), String(r.refused),
             "\(r.unknown) (\(r.unknownApplied)/\(r.unknownAbsent))", String(r.lost), String(r.phantom), String(r.outboxLost),
             String(r.overlaps), String(r.hung), String(Int(r.maxLatencyMs.rounded())),
             r.okDuringFault.map(String.init) ?? "-", r.passed ? "pass" : "FAIL"]
        }
        for (round, reason) in skipped {
            rows.append([round, "-", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-", "skipped: \(reason)"])
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
