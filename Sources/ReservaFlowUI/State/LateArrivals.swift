import Foundation
import ReservationDomain

/// A party past its booking time that is not seated yet: the host calls them, or marks a no-show once
/// the core allows it (15 min after the booked time).
public struct LateArrival: Sendable, Hashable {
    public var entry: BookEntry
    public var minutesLate: Int

    /// Whole minutes `r` is late at `now`: nil when it is not waiting to be seated or not yet a minute late,
    /// and nil for a party all here (marked arrived): it waits for its table, nobody needs calling. A party
    /// partly here is still late (the list says "partly arrived").
    public static func minutesLate(_ r: Reservation, now: Date) -> Int? {
        guard r.status == .confirmed || r.status == .pending, r.arrival != .arrived else { return nil }
        let m = Int(now.timeIntervalSince(r.startsAt) / 60)
        return m >= 1 ? m : nil
    }
}

extension DayIndex {
    /// The day's late parties, most late first (then by table, so the order is stable between frames).
    public func lateArrivals(now: Date) -> [LateArrival] {
        tables.flatMap { entries(for: $0.id) }
            .compactMap { e in LateArrival.minutesLate(e.reservation, now: now).map { LateArrival(entry: e, minutesLate: $0) } }
            .sorted { ($1.minutesLate, $0.entry.tableLabel) < ($0.minutesLate, $1.entry.tableLabel) }
    }
}
