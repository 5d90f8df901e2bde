import Foundation

/// Quotes a wait for a walk-in when nothing is free: when will a fitting table have a whole turn free,
/// after the parties already waiting ahead have taken theirs? A quote is a promise of a whole turn, so the
/// turn must end by `horizon` (the close): a 150-minute party is never quoted past the last seating.
public enum WaitEstimator {
    /// - Parameters:
    ///   - occupancy: live reservations (seated ones with their expected end, overruns pushed to `now`).
    ///   - partiesAhead: sizes of parties already waiting, in order.
    /// - Returns: minutes to wait, rounded up to 5; nil if no table has a whole turn free before `horizon`.
    public static func quote(party: Int, turnMinutes: Int, tables: [DiningTable], occupancy: [Occupancy],
                             partiesAhead: [Int], now: Date, horizon: Date) -> Int? {
        var taken = occupancy
        var lastStart: Date? = nil
        for (index, size) in (partiesAhead + [party]).enumerated() {
            guard let (table, start) = earliestStart(party: size, turnMinutes: turnMinutes, tables: tables,
                                                     occupancy: taken, now: now, horizon: horizon) else {
                // Our party (the last) cannot be seated today: no quote, whoever was placed ahead of it.
                if index == partiesAhead.count { return nil }
                continue
            }
            taken.append(Occupancy(tableID: table, start: start, end: start.addingTimeInterval(Double(turnMinutes) * 60)))
            lastStart = start
        }
        guard let start = lastStart else { return nil }
        let minutes = Int((start.timeIntervalSince(now) / 60).rounded(.up))
        return max(5, ((minutes + 4) / 5) * 5)
    }

    static func earliestStart(party: Int, turnMinutes: Int, tables: [DiningTable], occupancy: [Occupancy],
                              now: Date, horizon: Date) -> (TableID, Date)? {
        var best: (TableID, Date)? = nil
        for table in AvailabilityEngine.bestFit(tables, party: party) {
            // Candidate starts: now, and the end of each block on this table.
            let blocks = occupancy.filter { $0.tableID == table.id }
            let candidates = ([now] + blocks.map(\.end).filter { $0 > now }).sorted()
            for start in candidates {
                let end = start.addingTimeInterval(Double(turnMinutes) * 60)
                guard end <= horizon else { break }
                if !blocks.contains(where: { $0.overlaps(start, end) }) {
                    if best == nil || start < best!.1 { best = (table.id, start) }
                    break
                }
            }
        }
        return best
    }
}
