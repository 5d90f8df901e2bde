import Foundation

/// The walk-in wait quote: one rule for the core (what the waitlist stores, what `walk-in` answers) and the
/// podium (what the walk-in form shows before Enter), so the host never quotes one wait and the list
/// another. The screen feeds it from the loaded day, the core from the database; the rule is here.
///
/// - Who holds a table: live bookings; a seated party until it leaves (`SeatedOverrun`, never less than
///   a quarter of an hour from now); a lapsed hold never; a table another terminal is booking (its lease).
/// - Who is ahead: waiting and notified parties, first come first, from the last `staleAfter` hours (an
///   entry nobody closed last night is not ahead of tonight's walk-ins).
/// - Until when: the close of the service walk-ins are taken in now (`WalkInHours`); closed, no quote.
public enum WaitQuote {
    public static let staleAfter: TimeInterval = 6 * 3600

    /// Minutes to wait, rounded up to 5; nil when no table could take the party before the close.
    public static func minutes(party: Int, rules: BookingRules, tables: [DiningTable], occupancy: [Occupancy],
                               waitlist: [WaitlistEntry], windows: [ServiceWindow], now: Date) -> Int? {
        guard case .open(let window) = WalkInHours.at(now, windows: windows) else { return nil }
        return WaitEstimator.quote(party: party, turnMinutes: rules.turnMinutes(forParty: party), tables: tables.filter(\.active),
                                   occupancy: occupancy, partiesAhead: partiesAhead(waitlist, now: now), now: now,
                                   horizon: window.closes)
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
        reservations.filter { $0.blocksTable(at: now) }.map { r in
            Occupancy(tableID: r.tableID, start: r.startsAt, end: heldUntil(r, now: now))
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
