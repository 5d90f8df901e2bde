import Foundation

/// A time range a table is already spoken for.
public struct Occupancy: Hashable, Sendable {
    public var tableID: TableID
    public var start: Date
    public var end: Date
    public init(tableID: TableID, start: Date, end: Date) {
        self.tableID = tableID
        self.start = start
        self.end = end
    }
    public func overlaps(_ s: Date, _ e: Date) -> Bool { start < e && s < end }
}

public struct Slot: Hashable, Sendable {
    public var time: TimeOfDay
    public var start: Date
    public var service: String
    /// Tables that fit the party with the whole turn free, best fit first.
    public var tables: [DiningTable]
    /// Combinations free for the whole turn, best fit first: only when no single table is (`tables` empty).
    public var combinations: [TableCombination]

    public init(time: TimeOfDay, start: Date, service: String, tables: [DiningTable], combinations: [TableCombination] = []) {
        self.time = time
        self.start = start
        self.service = service
        self.tables = tables
        self.combinations = combinations
    }

    /// Something can take the party: a single table, or else a combination.
    public var isFree: Bool { !tables.isEmpty || !combinations.isEmpty }
}

public struct AvailabilityResult: Hashable, Sendable {
    public var date: LocalDate
    public var partySize: Int
    public var turnMinutes: Int
    /// Every bookable slot of the day (empty `tables` where nothing is free).
    public var slots: [Slot]

    public var freeSlots: [Slot] { slots.filter(\.isFree) }

    /// Up to `limit` free times closest to `time`, earlier or later, in time order; `usable` drops slots a
    /// front end knows more about (the podium's form: every table of it booked or held since this answer).
    public func nearest(to time: TimeOfDay, limit: Int = 4, where usable: (Slot) -> Bool = { _ in true }) -> [TimeOfDay] {
        let byDistance = freeSlots.filter { $0.time != time }
            .sorted { (abs($0.time.minutes - time.minutes), $0.time.minutes) < (abs($1.time.minutes - time.minutes), $1.time.minutes) }
        var found: [TimeOfDay] = []
        for slot in byDistance where found.count < limit && usable(slot) { found.append(slot.time) }
        return found.sorted()
    }

    public func slot(at time: TimeOfDay) -> Slot? { slots.first { $0.time == time } }

    public init(date: LocalDate, partySize: Int, turnMinutes: Int, slots: [Slot]) {
        self.date = date
        self.partySize = partySize
        self.turnMinutes = turnMinutes
        self.slots = slots
    }
}

/// Pure availability: which tables can take a party for a whole turn, per step of the day.
public enum AvailabilityEngine {
    public static let stepMinutes = 15

    /// Orders tables so the smallest that fits comes first (keeps big tables for big parties).
    public static func bestFit(_ tables: [DiningTable], party: Int) -> [DiningTable] {
        tables.filter { $0.fits(party: party) }.sorted {
            ($0.maxCovers, $0.minCovers, $0.label.count, $0.label) < ($1.maxCovers, $1.minCovers, $1.label.count, $1.label)
        }
    }

    public static func freeTables(_ tables: [DiningTable], occupancy: [Occupancy], party: Int,
                                  start: Date, end: Date) -> [DiningTable] {
        let busy = Set(occupancy.filter { $0.overlaps(start, end) }.map(\.tableID))
        return bestFit(tables, party: party).filter { !busy.contains($0.id) }
    }

    /// The combinations that can take `party`, every member in service, best fit first: fewest seats
    /// wasted, then fewest tables joined, then by label.
    public static func bestFit(_ combinations: [TableCombination], tables: [DiningTable], party: Int) -> [TableCombination] {
        let inService = Set(tables.filter(\.active).map(\.id))
        return combinations.filter { $0.fits(party: party) && $0.tableIDs.allSatisfy(inService.contains) }.sorted {
            ($0.wasted(party: party), $0.tableIDs.count, $0.label) < ($1.wasted(party: party), $1.tableIDs.count, $1.label)
        }
    }

    /// Of `fitting` (best-fit order), those with no member table busy in `start..<end`.
    public static func freeCombinations(_ fitting: [TableCombination], occupancy: [Occupancy],
                                        start: Date, end: Date) -> [TableCombination] {
        guard !fitting.isEmpty else { return [] }
        let busy = Set(occupancy.filter { $0.overlaps(start, end) }.map(\.tableID))
        return fitting.filter { !$0.tableIDs.contains(where: busy.contains) }
    }

    /// `fitting`: `bestFit(tables, party: party)` when the caller already has it. `combinations`: the
    /// venue's, offered at a slot only where no single table is free (single tables first).
    public static func compute(date: LocalDate, party: Int, rules: BookingRules, windows: [ServiceWindow],
                               tables: [DiningTable], occupancy: [Occupancy], clock: ZonedClock, now: Date,
                               fitting: [DiningTable]? = nil, combinations: [TableCombination] = []) -> AvailabilityResult {
        let joinable = bestFit(combinations, tables: tables, party: party)
        let turn = rules.turnMinutes(forParty: party)
        // Sorted once for the day (what `freeTables` does per slot), and only the occupancy of those tables kept.
        let fitting = fitting ?? bestFit(tables, party: party)
        // Each fitting table's busy ranges, by its place in `fitting`: a slot then checks a few ranges per
        // table instead of building a set of busy tables (hashing was a fifth of an uncached answer).
        let place = Dictionary(fitting.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        var busy = [[(start: Date, end: Date)]](repeating: [], count: fitting.count)
        for o in occupancy { if let i = place[o.tableID] { busy[i].append((o.start, o.end)) } }
        var slots: [Slot] = []
        for window in windows {
            var start = window.opens
            while start.addingTimeInterval(Double(turn) * 60) <= window.closes {
                if start >= now {
                    let end = start.addingTimeInterval(Double(turn) * 60)
                    var free: [DiningTable] = []
                    var anyBusy = false
                    for i in fitting.indices {
                        // Occupancy.overlaps: start < end of the other, and the other's start < end.
                        if busy[i].contains(where: { $0.start < end && start < $0.end }) {
                            if !anyBusy {
                                anyBusy = true
                                free.reserveCapacity(fitting.count)
                                free.append(contentsOf: fitting[..<i])
                            }
                        } else if anyBusy {
                            free.append(fitting[i])
                        }
                    }
                    let singles = anyBusy ? free : fitting
                    let joined = singles.isEmpty ? freeCombinations(joinable, occupancy: occupancy, start: start, end: end) : []
                    slots.append(Slot(time: clock.timeOfDay(of: start), start: start, service: window.name,
                                      tables: singles, combinations: joined))
                }
                start = start.addingTimeInterval(Double(stepMinutes) * 60)
            }
        }
        return AvailabilityResult(date: date, partySize: party, turnMinutes: turn, slots: slots)
    }
}
