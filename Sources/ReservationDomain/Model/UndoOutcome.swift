import Foundation

/// What `u` (or `reservaflow undo`) did.
public enum UndoOutcome: Hashable, Sendable {
    /// The booking is back as it was before its last change (a status change or an arrival mark).
    case restored(BookEntry)
    /// A walk-in or waitlist seating taken back: the booking is gone (shown as it was), its table free,
    /// and the waitlist entry it came from (if any) waiting again.
    case withdrawn(BookEntry, waitlist: WaitlistEntry?)

    public var entry: BookEntry {
        switch self {
        case .restored(let e), .withdrawn(let e, _): return e
        }
    }

    /// The booking as restored, or as it was when withdrawn.
    public var reservation: Reservation { entry.reservation }
}
