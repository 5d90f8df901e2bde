import Foundation
import ReservationDomain

/// Tables the booking form must not offer for the typed time: booked since its availability answer came,
/// or being booked at another terminal (a lease), as the loaded day shows them. The day follows the change
/// feed, so this follows other terminals live. The core still refuses on Enter whatever this says; this
/// only keeps the form from offering, first, a table it would refuse.
enum TakenElsewhere {
    /// Table → why, for the period `start..<end` as seen at `now`; `ownLease` is this form's own hold.
    static func tables(in sheet: DaySheet, start: Date, end: Date, now: Date, ownLease: String?,
                       clock: ZonedClock) -> [TableID: String] {
        var out: [TableID: String] = [:]
        for l in sheet.leases where !l.belongs(to: ownLease) && l.expiresAt > now && l.start < end && start < l.end {
            out[l.tableID] = "\(l.holder) is booking it at another terminal"
        }
        for e in sheet.entries where e.reservation.blocksTable(at: now) {
            let r = e.reservation
            guard r.startsAt < end, start < WaitQuote.heldUntil(r, now: now) else { continue }
            // A joined booking takes each of its tables.
            for t in r.tableIDs where out[t] == nil {
                out[t] = "booked: \(e.customer.name) \(clock.hhmm(r.startsAt))-\(clock.hhmm(r.endsAt))"
            }
        }
        return out
    }
}
