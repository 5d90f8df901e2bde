import Foundation
import ReservationDomain

/// What a fault-suite client asked for.
public enum OpKind: String, Codable, Sendable, CaseIterable {
    case book, move, cancel, seat, complete
    /// A pending hold confirmed (API clients only: their bookings are holds).
    case confirm

    /// The `audit_log.action` the operation writes in its own transaction when it is applied.
    public var auditAction: AuditAction {
        switch self {
        case .book: .book
        case .move: .change
        case .cancel: .cancelled
        case .seat: .seated
        case .complete: .completed
        case .confirm: .confirmed
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

    // MARK: API clients (nil for the core clients; optional so older journals still read)

    /// "api" for an operation made through reservaflow-api over HTTP.
    public var channel: String?
    /// The audit actor the API writes for this client (a staff member's display name, or `guest:<id>`).
    /// An API operation's audit row does not carry its tag (the actor is the signed-in account): a booking
    /// is found by the tag in its notes, any other change by reservation, action and this actor.
    public var actor: String?
    /// The Idempotency-Key sent with the request and with every retry of it (the tag itself).
    public var idempotencyKey: String?
    /// The HTTP status of the first answer (nil: none came).
    public var httpStatus: Int?
    /// Status of the reservation as the (final) answer reported it: "pending" for a hold.
    public var status: String?
    /// An unknown first answer settled by the client itself: the same request, with the same key, sent
    /// again until a definite answer (2xx ok, 4xx refused). nil when never settled (then unresolved).
    public var settled: OpOutcome?
    public var settledStatus: Int?
    /// Wall-clock time (epoch seconds) the settling answer came.
    public var settledAt: Double?
    /// Requests sent for this operation, the first included.
    public var attempts: Int?
    /// The last answer while settling, when it never settled.
    public var lastError: String?

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

    public var isAPI: Bool { channel == "api" }

    /// The answer the client was finally left with: the first one, or for an unknown first answer the one
    /// its retries settled on (still unknown when they never did).
    public var finalOutcome: OpOutcome { outcome == .unknown ? (settled ?? .unknown) : outcome }

    /// When the client learned the final answer.
    public var answered: Double { outcome == .unknown ? (settledAt ?? ended) : ended }

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
    /// API clients (besides `clients`), the API's URL, and the audit actors the API writes for them.
    public var apiClients: Int?
    public var apiURL: String?
    public var apiActors: [String]?

    public init(round: String, slug: String, restaurantID: Int64, clients: Int, seconds: Double, hangBoundSeconds: Double,
                started: Double, ended: Double, synchronousCommit: String, tables: [String], slots: [String],
                apiClients: Int? = nil, apiURL: String? = nil, apiActors: [String]? = nil) {
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
        self.apiClients = apiClients
        self.apiURL = apiURL
        self.apiActors = apiActors
    }
}

/// What the fault injector (scripts/faults.sh) wrote down: when each fault was in force, and what to expect.
///
/// Text, one fact a line, so a shell script can append to it:
///   fault_start <epoch>      fault_end <epoch>      (pairs; several per round)
///   stalled_table <label>    the table a stopped client holds (its operations are not counted as progress)
///   require_progress         the round fails unless operations on other tables succeed during the fault
///   require_api_progress     the round fails unless API clients get 2xx answers after the last fault_end
///   fail <text>              the injector saw the round fail (an API restarted, /health/ not 200 ...)
///   note <text>              printed under the table
public struct RoundEvents: Sendable, Equatable {
    public var windows: [ClosedRange<Double>] = []
    public var stalledTable: String?
    public var requireProgress = false
    public var requireAPIProgress = false
    public var failures: [String] = []
    public var notes: [String] = []

    public init(windows: [ClosedRange<Double>] = [], stalledTable: String? = nil, requireProgress: Bool = false,
                requireAPIProgress: Bool = false, failures: [String] = [], notes: [String] = []) {
        self.windows = windows
        self.stalledTable = stalledTable
        self.requireProgress = requireProgress
        self.requireAPIProgress = requireAPIProgress
        self.failures = failures
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
            case "require_api_progress": e.requireAPIProgress = true
            case "fail": e.failures.append(value)
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
/// `<round>.skipped` (a round that could not run, with the reason: a failure), `<round>.restarts` (how
/// many times something outside the round had to restart the API, a number; written by scripts/ha-run.sh).
public struct RunDirectory: Sendable {
    public var path: String
    public init(_ path: String) { self.path = path }

    public func ops(_ round: String) -> String { "\(path)/\(round).ops.jsonl" }
    public func meta(_ round: String) -> String { "\(path)/\(round).meta.json" }
    public func events(_ round: String) -> String { "\(path)/\(round).events" }
    public func skipped(_ round: String) -> String { "\(path)/\(round).skipped" }
    public func ready(_ round: String) -> String { "\(path)/\(round).ready" }
    public func restarts(_ round: String) -> String { "\(path)/\(round).restarts" }

    /// The number in `<round>.restarts`, or 0 when there is no such file.
    public func restartsNeeded(_ round: String) -> Int {
        guard let text = try? String(contentsOfFile: restarts(round), encoding: .utf8) else { return 0 }
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

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
