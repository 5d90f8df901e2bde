import Foundation

/// A seated party holds its table until it is completed or moved, however far past its turn it runs.
///
/// Its planned end (`ends_at`) is not moved as time passes. The booking's turn stays what was booked (the
/// screens measure the overrun against it, the audit log shows no changes nobody made), and the exclusion
/// constraint keeps judging planned ranges exactly as before: still the last line of defence against two
/// overlapping bookings, whatever a code path forgets. Pushing `ends_at` forward instead would collide with
/// the next booking of the table inside that very constraint (Garcia over into Ruiz's 21:00), so the
/// constraint would have to be weakened to allow it.
///
/// Instead, everything that looks for a free table treats a seated party as occupying until at least
/// `now + minimumRemaining` (`occupiedUntil`), and the transaction that puts a party on a table checks
/// for a seated party in its way again under the table's row lock, which every writer to that table takes
/// (booking, seating, moving, completing): so the check cannot race a concurrent seating or completion.
public enum SeatedOverrun {
    /// How long a seated party is assumed to stay at least, from now. Not longer than the availability
    /// step (15 minutes): a cached answer stays valid until its first slot starts, and with this bound the
    /// growing overrun reaches the next slot only after that first slot has begun.
    public static let minimumRemaining: TimeInterval = Double(AvailabilityEngine.stepMinutes) * 60

    /// A party seated longer ago than this was forgotten, not still eating: it no longer holds the table
    /// (it still shows as seated until a host completes it). Bounds the lookup to recent rows.
    public static let lookBack: TimeInterval = 24 * 3600

    /// Until when a seated party with planned end `end`, seated (or starting) at `start`, holds its table
    /// as seen at `now`.
    public static func occupiedUntil(start: Date, end: Date, now: Date) -> Date {
        guard start > now.addingTimeInterval(-lookBack) else { return end }
        return max(end, now.addingTimeInterval(minimumRemaining))
    }

    /// Whole minutes past the planned end at `now` (0 while within its turn).
    public static func minutesOver(end: Date, now: Date) -> Int {
        max(0, Int(now.timeIntervalSince(end) / 60))
    }
}
