import Foundation
import ReservationCore
import ReservationDomain
import ReservationNative

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
