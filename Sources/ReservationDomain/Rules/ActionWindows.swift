import Foundation

/// When a host may seat a booking or mark it a no-show, around the booking's own time. Enforced in the
/// core (`ReservationBook.apply`), so the CLI, the TUI and the API all get the same answer; the TUI
/// also asks before seating earlier than `seatWithoutAskingMinutes`.
///
/// Completing needs a seated party (the status machine), so it is bounded by seating.
public enum ActionWindows {
    /// A party may be seated at most this long before its booked time (an early arrival at a table
    /// that is free). Longer before, the booking is another service's, not this one's.
    public static let seatEarlyMinutes = 120
    /// Earlier than this before the booked time the TUI asks "seat early?" first: the floor shows a
    /// booking as arriving from 30 minutes before (`TableStatus.soonMinutes`), and seating those is routine.
    public static let seatWithoutAskingMinutes = 30
    /// A booking is a no-show only once it is this late: before that the guests may still arrive.
    public static let noShowGraceMinutes = 15
    /// A status change can be undone this long after it (`ReservationBook.undo`): long enough to notice a
    /// wrong key, short enough that nobody has acted on the change yet.
    public static let undoMinutes = 5

    /// nil when `action` is allowed at `now` for a booking from `start` to `end`; otherwise why not,
    /// with what the host can do. `clock` writes the times in the venue's zone.
    public static func refusal(_ action: ReservationAction, start: Date, end: Date, now: Date, clock: ZonedClock) -> String? {
        let day = clock.localDate(of: start)
        let booked = "This reservation is for \(day.weekdayName) \(day) at \(clock.hhmm(start))"
        switch action {
        case .seat:
            let earliest = start.addingTimeInterval(-Double(seatEarlyMinutes) * 60)
            if now < earliest {
                return "\(booked): it can be seated from \(clock.hhmm(earliest)) on that day (\(seatEarlyMinutes / 60) h before), not before."
            }
            if now >= end {
                return "\(booked) and its turn ended at \(clock.hhmm(end)): seat the party as a walk-in instead."
            }
            return nil
        case .noShow:
            let from = start.addingTimeInterval(Double(noShowGraceMinutes) * 60)
            if now < from {
                return "\(booked): it can be marked no-show from \(clock.hhmm(from)) on that day, once it is \(noShowGraceMinutes) min late; the guests may still arrive."
            }
            return nil
        default:
            return nil
        }
    }
}
