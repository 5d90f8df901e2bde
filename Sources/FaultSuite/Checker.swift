import Foundation
import ReservationCore
import ReservationDomain
import ReservationNative

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
            if let t = a.tag { auditsByTag[t, default: []].append(a) } else { auditsByChange["\(a.reservation) \(a.action.rawValue)", default: []].append(a) }
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
                applied = r.reservation.flatMap { auditsByChange["\($0) \(r.kind.auditAction.rawValue)"] }?
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
            report.problems.append("phantom: audit row \(a.id) (\(a.action.rawValue) \(short(a.reservation))) by \(a.tag!), an operation the clients never made")
        }
        // ... and untagged ones by the API clients' accounts (expiring a lapsed hold in a booking's way is
        // the core's own doing, whoever books).
        for a in snapshot.audits where a.tag == nil && apiActors.contains(a.actor) && !claimed.contains(a.id) && a.action != .expired {
            report.phantom += 1
            report.problems.append("phantom: audit row \(a.id) (\(a.action.rawValue) \(short(a.reservation))) by API client \(a.actor), a change none of its operations made")
        }

        // One booking operation, one reservation: a retry with the same Idempotency-Key must replay.
        var bookAudits: [String: Int] = [:]
        for a in snapshot.audits where a.action == .book { if let t = a.tag { bookAudits[t, default: 0] += 1 } }
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
            var status: ReservationStatus?
            var table: String?
            for (r, audit) in ops.sorted(by: { ($0.0.client, $0.0.seq) < ($1.0.client, $1.0.seq) }) {
                switch r.kind {
                case .book:
                    // Through the API a booking is a pending hold, as its answer (or its audit row) says.
                    // (An answer's status the domain does not know is reported, not guessed.)
                    let answered = r.status.map { ReservationStatus(rawValue: $0) }
                    if case .some(nil) = answered {
                        report.problems.append("answer: \(name(r)) reported status \"\(r.status ?? "")\", which is no reservation status")
                    }
                    status = answered.flatMap { $0 } ?? audit?.status ?? .confirmed
                    table = r.finalOutcome == .ok ? r.table : audit?.table
                case .move: table = r.table
                case .cancel: status = .cancelled
                case .seat: status = .seated
                case .complete: status = .completed
                case .confirm: status = .confirmed
                }
            }
            guard !lostReservations.contains(reservation) else { continue }  // already counted
            let row = snapshot.rows[reservation]
            // (Only what the history decides is compared: a history without its booking says nothing of the status.)
            if row == nil || (status != nil && row?.status != status) || (table != nil && row?.table != table) {
                report.lost += 1
                let seen = row.map { "\($0.status.rawValue) at \($0.table)" } ?? "no row"
                report.problems.append("lost: reservation \(short(reservation)) should be \(status?.rawValue ?? "?") at \(table ?? "?") after its acknowledged operations; the database has \(seen)")
            }
        }

        // The outbox: rows written in the same transactions as what they announce.
        var mails: [String: [Snapshot.Mail]] = [:]
        for m in snapshot.mails { mails[m.reservation, default: []].append(m) }
        // (Writes by operations of the journal only: an untracked write is already reported as a phantom.)
        for a in snapshot.audits where (a.tag.map(known.contains) ?? false) || claimed.contains(a.id) {
            let have = Set((mails[a.reservation] ?? []).map(\.kind))
            var want: [MailKind] = []
            if a.action == .book {
                // A hold asks the guest to confirm (once their address is verified); a confirmed booking is confirmed.
                if a.status != .pending { want.append(.confirmation) } else if !a.holdAwaitsVerification { want.append(.hold) }
                if a.wantsReminder { want.append(.reminder) }
            }
            if a.action == .confirmed { want.append(.confirmation) }
            if a.action == .cancelled { want.append(.cancellation) }
            for kind in want where !have.contains(kind) {
                report.outboxLost += 1
                report.problems.append("outbox: no \(kind.rawValue) row for reservation \(short(a.reservation)) (\(a.action.rawValue) by \(a.tag ?? a.actor))")
            }
        }
        for row in snapshot.rows.values where [ReservationStatus.cancelled, .completed, .noShow, .expired].contains(row.status) {
            for m in mails[row.id] ?? [] where [OutboxStatus.scheduled, .retryable].contains(m.status) && [MailKind.confirmation, .reminder, .hold].contains(m.kind) {
                report.outboxLost += 1
                report.problems.append("outbox: a \(m.kind.rawValue) for \(row.status.rawValue) reservation \(short(row.id)) is still pending")
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
