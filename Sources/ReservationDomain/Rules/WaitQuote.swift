import Foundation

/// The walk-in wait quote: one rule for the core (what the waitlist stores, what `walk-in` answers) and the
/// podium (what the walk-in form shows before Enter), so the host never quotes one wait and the list
/// another. The screen feeds it from the loaded day, the core from the database; the rule is here.
///
/// - Who holds a table: live bookings; a seated party until it leaves (`SeatedOverrun`, never less than
///   a quarter of an hour from now); a lapsed hold never; a table another terminal is booking (its lease).
/// - Who is ahead: waiting and notified parties, first come first, from the last `staleAfter` hours (an
///   entry nobody closed last night is not ahead of tonight's walk-ins).
/// - Until when: the close of the service walk-ins are taken in now (`WalkInHours`); closed, no quote. The
///   quoted table must hold the party's whole turn before the close (the last seating, as for bookings):
///   "about 300 min" for a 150-minute turn and a midnight close promised a table nobody could give.
public enum WaitQuote {
    public static let staleAfter: TimeInterval = 6 * 3600

    /// Minutes to wait, rounded up to 5; nil when no table could take the party before the close.
    /// `combinations`: the venue's joinable tables, for a party no single table seats (see `joined`).
    public static func minutes(party: Int, rules: BookingRules, tables: [DiningTable], occupancy: [Occupancy],
                               waitlist: [WaitlistEntry], windows: [ServiceWindow], now: Date,
                               combinations: [TableCombination] = []) -> Int? {
        guard case .open(let window) = WalkInHours.at(now, windows: windows) else { return nil }
        let (seats, held) = joined(party: party, tables: tables.filter(\.active), occupancy: occupancy, combinations: combinations)
        return WaitEstimator.quote(party: party, turnMinutes: rules.turnMinutes(forParty: party), tables: seats,
                                   occupancy: held, partiesAhead: partiesAhead(waitlist, now: now), now: now,
                                   horizon: window.closes)
    }

    /// What the host is told instead of a quote while walk-ins are taken (closed: `WalkInHours.closedMessage`).
    public static func noQuote(party: Int, rules: BookingRules, windows: [ServiceWindow], now: Date, clock: ZonedClock) -> String {
        guard case .open(let window) = WalkInHours.at(now, windows: windows) else { return "No table can take a party of \(party) now." }
        let turn = rules.turnMinutes(forParty: party)
        let last = window.closes.addingTimeInterval(-Double(turn) * 60)
        return "No table frees up for \(party) in time: a \(turn)-min turn must start by \(clock.hhmm(last)) to end by the \(clock.hhmm(window.closes)) close."
    }

    /// For a party no single table seats, each combination that does is quoted as one table (a negative
    /// id, never a real table's) held whenever any of its tables is. Single tables come first, as when
    /// seating, so a party a table seats is quoted on tables alone. (A party ahead placed on one member
    /// table by the estimate does not hold the combination: the quote may then be early.)
    static func joined(party: Int, tables: [DiningTable], occupancy: [Occupancy],
                       combinations: [TableCombination]) -> ([DiningTable], [Occupancy]) {
        guard !tables.contains(where: { $0.fits(party: party) }) else { return (tables, occupancy) }
        let fitting = AvailabilityEngine.bestFit(combinations, tables: tables, party: party)
        guard !fitting.isEmpty else { return (tables, occupancy) }
        var seats = tables, held = occupancy
        for c in fitting {
            let id = -c.id - 1
            seats.append(DiningTable(id: id, areaID: 0, label: c.label, minCovers: c.minCovers, maxCovers: c.maxCovers))
            held += occupancy.filter { c.tableIDs.contains($0.tableID) }.map { Occupancy(tableID: id, start: $0.start, end: $0.end) }
        }
        return (seats, held)
    }

    /// Sizes of the parties ahead, first come first.
    public static func partiesAhead(_ waitlist: [WaitlistEntry], now: Date) -> [Int] {
        waitlist.filter { ($0.status == .waiting || $0.status == .notified) && $0.createdAt > now.addingTimeInterval(-staleAfter) }
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
            .map(\.partySize)
    }

    /// Who holds which table as seen at `now`, from the day's bookings and the leases of other terminals
    /// (the core reads the same from SQL that applies `SeatedOverrun` alike).
    public static func occupancy(_ reservations: [Reservation], leases: [LeaseInfo], now: Date) -> [Occupancy] {
        // A combination's booking holds each of its tables.
        reservations.filter { $0.blocksTable(at: now) }.flatMap { r in
            r.tableIDs.map { Occupancy(tableID: $0, start: r.startsAt, end: heldUntil(r, now: now)) }
        } + leaseOccupancy(leases, now: now)
    }

    /// Until when a booking that blocks its table holds it: its planned end, or for a seated party at least
    /// `SeatedOverrun`'s bound.
    public static func heldUntil(_ r: Reservation, now: Date) -> Date {
        r.status == .seated ? SeatedOverrun.occupiedUntil(start: r.startsAt, end: r.endsAt, now: now) : r.endsAt
    }

    public static func leaseOccupancy(_ leases: [LeaseInfo], now: Date) -> [Occupancy] {
        leases.filter { $0.expiresAt > now }.map { Occupancy(tableID: $0.tableID, start: $0.start, end: $0.end) }
    }
}
