import Foundation
import ReservaFlowUI
import ReservationDomain

/// What the worker does with an effect that failed because the database did not answer, as a value so the
/// rule is tested without a database or a clock.
///
/// Reconnecting is the `BookExecutor`'s (its own jittered backoff, at most 0.5 s; a job inside it fails at
/// once). This only paces the worker's retries of what must not be dropped: the day's sheet, a booking the
/// form is waiting on, and the read-back of a booking whose save was cut off. Without a delay such a retry
/// would fail at once inside the executor's backoff and go round again; the delay also spaces the Redis
/// check that goes with each "database down" report, and, never shorter than the executor's backoff, lets
/// whatever runs next meet a book it will try to open. The wait is a timer's (`RetryTimer`), not a sleep on
/// the book's thread; the worker's queue waits with it (`EffectQueue`).
public struct OutageRetry: Sendable, Equatable {
    public static let firstDelay: TimeInterval = 0.5
    public static let maximumDelay: TimeInterval = 8
    /// How long a booking sent while the database did not answer is sent again before the form is told
    /// it was not booked.
    public static let bookingPatience: TimeInterval = 30

    public private(set) var lost = false
    public private(set) var delay = Self.firstDelay
    /// Bookings sent while the database did not answer, by when they were first sent.
    private var waitingSince: [BookingRequest: Date] = [:]

    public enum Decision: Sendable, Equatable {
        /// Send the effect again after `after` seconds, and then report the failure (a day load: the banner
        /// says why) or not (a booking's read-back: the form says it is checking).
        case resend(after: TimeInterval, reportingFailure: Bool)
        /// Send the booking again after `after` seconds; the form is told it waits for the database.
        case resendBooking(after: TimeInterval)
        /// Report this failure and drop the effect.
        case fail(ReservationError)
    }

    public init() {}

    /// The database did not answer `effect` at `now`: whether and when to send it again.
    public mutating func databaseUnavailable(_ effect: Effect, error: ReservationError, at now: Date) -> Decision {
        let wait = delay
        lost = true
        delay = min(delay * 2, Self.maximumDelay)
        switch effect {
        case .book(let request):
            // Nothing was written (no COMMIT was sent: that would be an unknown outcome), so sending it again
            // cannot book twice; the form waits meanwhile and cannot send another.
            let first = waitingSince[request] ?? now
            if now.timeIntervalSince(first) < Self.bookingPatience {
                waitingSince[request] = first
                return .resendBooking(after: wait)
            }
            waitingSince[request] = nil
            return .fail(.databaseUnavailable(detail: "no answer for \(Int(Self.bookingPatience)) s; not booked, press Enter to try again"))
        case .settleBooking:
            // The form waits for the answer rather than guess.
            return .resend(after: wait, reportingFailure: false)
        case .loadDay:
            return .resend(after: wait, reportingFailure: true)
        default:
            return .fail(error)
        }
    }

    /// The booking was answered (booked or refused for a reason of its own): a later identical request
    /// starts its patience afresh.
    public mutating func answered(_ request: BookingRequest) { waitingSince[request] = nil }

    /// A book was opened. Returns whether the database had been lost (the banner is cleared at once).
    public mutating func reopened() -> Bool {
        defer {
            lost = false
            delay = Self.firstDelay
        }
        return lost
    }
}
