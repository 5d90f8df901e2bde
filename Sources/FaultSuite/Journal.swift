import Foundation

/// What a fault-suite client asked for.
public enum OpKind: String, Codable, Sendable, CaseIterable {
    case book, move, cancel, seat, complete

    /// The `audit_log.action` the operation writes in its own transaction when it is applied.
    public var auditAction: String {
        switch self {
        case .book: "book"
        case .move: "change"
        case .cancel: "cancelled"
        case .seat: "seated"
        case .complete: "completed"
        }
    }
}

/// How the answer came back.
public enum OpOutcome: String, Codable, Sendable {
    /// Acknowledged: the database must show it (or a later acknowledged change) from now on.
    case ok
    /// Refused with a typed answer (taken, locked, illegal move ...): the database must not show it.
    case refused
    /// No usable answer (connection lost, transport error, still running at the end): applied or not,
    /// the checker finds out which.
    case unknown
}

/// One operation a client made, as it saw it.
public struct OpRecord: Codable, Sendable, Equatable {
    public var round: String
    public var client: Int
    public var seq: Int
    public var kind: OpKind
    /// `fo:<round>:<client>:<seq>`. It is the acting name of the operation, so the audit row written in the
    /// operation's own transaction carries it; a booking also carries it in its notes. This is how the
    /// checker finds an operation in the database without trusting the client's answer.
    public var tag: String
    /// The reservation acted on; for a booking, known only once acknowledged (or looked up later).
    public var reservation: String?
    /// The table involved: asked for (book; nil = best fit), given (acknowledged book), moved to (move),
    /// or the one the reservation was at (status changes).
    public var table: String?
    /// Booking only: local date, time and party, e.g. "2026-05-13 19:30 x2".
    public var slot: String?
    public var outcome: OpOutcome
    /// The error's kind (`tableTaken`, `databaseUnavailable`, `hung` ...) and message, when not ok.
    public var errorKind: String?
    public var error: String?
    /// Wall-clock start (epoch seconds), to line operations up with the fault's own timestamps.
    public var started: Double
    /// Measured on the monotonic clock.
    public var latencyMs: Double
    /// Still running when the round ended and the hang bound had passed: the client was stuck.
    public var hung: Bool
    /// Booked without Redis (the courtesy lease could not be taken).
    public var degraded: Bool

    public init(round: String, client: Int, seq: Int, kind: OpKind, tag: String, reservation: String? = nil,
                table: String? = nil, slot: String? = nil, outcome: OpOutcome = .unknown, errorKind: String? = nil,
                error: String? = nil, started: Double = 0, latencyMs: Double = 0, hung: Bool = false, degraded: Bool = false) {
        self.round = round
        self.client = client
        self.seq = seq
        self.kind = kind
        self.tag = tag
        self.reservation = reservation
        self.table = table
        self.slot = slot
        self.outcome = outcome
        self.errorKind = errorKind
        self.error = error
        self.started = started
        self.latencyMs = latencyMs
        self.hung = hung
        self.degraded = degraded
    }

    public var ended: Double { started + latencyMs / 1000 }

    public static func tag(round: String, client: Int, seq: Int) -> String { "fo:\(round):\(client):\(seq)" }

    /// The operation tag inside an audit actor or a note, wherever the program puts it.
    public static func extractTag(_ text: String) -> String? {
        guard let r = text.range(of: "fo:[a-z0-9-]+:[0-9]+:[0-9]+", options: .regularExpression) else { return nil }
        return String(text[r])
    }
}

/// What the load program records about a round besides its operations.
public struct RoundMeta: Codable, Sendable {
    public var round: String
    public var slug: String
    public var restaurantID: Int64
    public var clients: Int
    public var seconds: Double
    /// An operation taking longer than this counts as a hung client.
    public var hangBoundSeconds: Double
    public var started: Double
    public var ended: Double
    /// `SHOW synchronous_commit` as the clients' sessions see it.
    public var synchronousCommit: String
    public var tables: [String]
    public var slots: [String]

    public init(round: String, slug: String, restaurantID: Int64, clients: Int, seconds: Double, hangBoundSeconds: Double,
                started: Double, ended: Double, synchronousCommit: String, tables: [String], slots: [String]) {
        self.round = round
        self.slug = slug
        self.restaurantID = restaurantID
        self.clients = clients
        self.seconds = seconds
        self.hangBoundSeconds = hangBoundSeconds
        self.started = started
        self.ended = ended
        self.synchronousCommit = synchronousCommit
        self.tables = tables
        self.slots = slots
    }
}

/// What the fault injector (scripts/faults.sh) wrote down: when each fault was in force, and what to expect.
///
/// Text, one fact a line, so a shell script can append to it:
///   fault_start <epoch>      fault_end <epoch>      (pairs; several per round)
///   stalled_table <label>    the table a stopped client holds (its operations are not counted as progress)
///   require_progress         the round fails unless operations on other tables succeed during the fault
///   note <text>              printed under the table
public struct RoundEvents: Sendable, Equatable {
    public var windows: [ClosedRange<Double>] = []
    public var stalledTable: String?
    public var requireProgress = false
    public var notes: [String] = []

    public init(windows: [ClosedRange<Double>] = [], stalledTable: String? = nil, requireProgress: Bool = false, notes: [String] = []) {
        self.windows = windows
        self.stalledTable = stalledTable
        self.requireProgress = requireProgress
        self.notes = notes
    }

    public static func parse(_ text: String) -> RoundEvents {
        var e = RoundEvents()
        var open: Double?
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            guard let key = parts.first else { continue }
            let value = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
            switch key {
            case "fault_start": open = Double(value)
            case "fault_end":
                if let s = open, let end = Double(value), end >= s { e.windows.append(s...end) }
                open = nil
            case "stalled_table": e.stalledTable = value
            case "require_progress": e.requireProgress = true
            case "note": e.notes.append(value)
            default: break
            }
        }
        // A fault still in force when the file ends (the injector died) lasts to the end of time.
        if let s = open { e.windows.append(s...Double.greatestFiniteMagnitude) }
        return e
    }
}

/// Files of one run, in one directory: `<round>.ops.jsonl`, `<round>.meta.json`, `<round>.events`,
/// `<round>.skipped` (a round that cannot run yet, with the reason).
public struct RunDirectory: Sendable {
    public var path: String
    public init(_ path: String) { self.path = path }

    public func ops(_ round: String) -> String { "\(path)/\(round).ops.jsonl" }
    public func meta(_ round: String) -> String { "\(path)/\(round).meta.json" }
    public func events(_ round: String) -> String { "\(path)/\(round).events" }
    public func skipped(_ round: String) -> String { "\(path)/\(round).skipped" }
    public func ready(_ round: String) -> String { "\(path)/\(round).ready" }

    /// Rounds in the order the injector listed them (`rounds`, one a line), else those that ran by start
    /// time, then skipped ones by name.
    public func rounds() -> [String] {
        if let listed = try? String(contentsOfFile: "\(path)/rounds", encoding: .utf8) {
            return listed.split(separator: "\n").map(String.init).filter {
                FileManager.default.fileExists(atPath: meta($0)) || FileManager.default.fileExists(atPath: skipped($0))
            }
        }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        let ran = files.filter { $0.hasSuffix(".meta.json") }.map { String($0.dropLast(".meta.json".count)) }
            .sorted { (try? readMeta($0).started) ?? 0 < (try? readMeta($1).started) ?? 0 }
        let skippedRounds = files.filter { $0.hasSuffix(".skipped") }.map { String($0.dropLast(".skipped".count)) }.sorted()
        return ran + skippedRounds.filter { !ran.contains($0) }
    }

    public func writeOps(_ records: [OpRecord], round: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var out = Data()
        for r in records {
            out.append(try encoder.encode(r))
            out.append(0x0A)
        }
        try out.write(to: URL(fileURLWithPath: ops(round)), options: .atomic)
    }

    public func readOps(_ round: String) throws -> [OpRecord] {
        let text = try String(contentsOfFile: ops(round), encoding: .utf8)
        let decoder = JSONDecoder()
        return try text.split(separator: "\n").map { try decoder.decode(OpRecord.self, from: Data($0.utf8)) }
    }

    public func writeMeta(_ meta: RoundMeta) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try encoder.encode(meta).write(to: URL(fileURLWithPath: self.meta(meta.round)), options: .atomic)
    }

    public func readMeta(_ round: String) throws -> RoundMeta {
        try JSONDecoder().decode(RoundMeta.self, from: Data(contentsOf: URL(fileURLWithPath: meta(round))))
    }

    public func readEvents(_ round: String) -> RoundEvents {
        RoundEvents.parse((try? String(contentsOfFile: events(round), encoding: .utf8)) ?? "")
    }

    public func skipReason(_ round: String) -> String? {
        (try? String(contentsOfFile: skipped(round), encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
