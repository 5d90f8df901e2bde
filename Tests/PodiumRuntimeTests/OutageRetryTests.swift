import Foundation
import PodiumRuntime
import ReservaFlowUI
import ReservationDomain
import Testing

/// The worker's rule for effects the database did not answer (issue 23, item 9): which are sent again,
/// after how long, and when a waiting booking gives up.
@Suite struct OutageRetryTests {
    static let down = ReservationError.databaseUnavailable(detail: "gone")
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let request = BookingRequest(restaurantID: 1, date: LocalDate(year: 2027, month: 3, day: 1)!, time: TimeOfDay(hour: 20, minute: 0)!,
                                        partySize: 2, guest: .new(name: "Xavi Ruiz", phone: "+34611666001", email: nil))

    @Test func aDayLoadIsSentAgainWithAGrowingWaitAndTheFailureSaid() {
        var retry = OutageRetry()
        let waits = (0..<7).map { _ -> TimeInterval? in
            let decision = retry.databaseUnavailable(.loadDay(1, Self.request.date), error: Self.down, at: Self.t0)
            guard case .resend(let wait, reportingFailure: true) = decision else { return nil }
            return wait
        }
        #expect(waits == [0.5, 1, 2, 4, 8, 8, 8])
        #expect(retry.lost)
    }

    @Test func anOpenedBookEndsTheOutageAndTheWaitStartsAgain() {
        var retry = OutageRetry()
        _ = retry.databaseUnavailable(.checkHealth, error: Self.down, at: Self.t0)
        _ = retry.databaseUnavailable(.checkHealth, error: Self.down, at: Self.t0)
        let first = retry.reopened()
        #expect(first)
        let again = retry.reopened()
        #expect(!again, "said once")
        let settle = retry.databaseUnavailable(.settleBooking(UUID()), error: Self.down, at: Self.t0)
        #expect(settle == .resend(after: 0.5, reportingFailure: false))
    }

    @Test func otherEffectsFailAsTheyCame() {
        var retry = OutageRetry()
        let search = retry.databaseUnavailable(.searchCustomers(1, fragment: "ru"), error: Self.down, at: Self.t0)
        #expect(search == .fail(Self.down))
    }

    @Test func aBookingWaitsThirtySecondsFromWhenItWasFirstSent() {
        var retry = OutageRetry()
        let sent = retry.databaseUnavailable(.book(Self.request), error: Self.down, at: Self.t0)
        #expect(sent == .resendBooking(after: 0.5))
        let stillDown = retry.databaseUnavailable(.book(Self.request), error: Self.down, at: Self.t0 + 29)
        #expect(stillDown == .resendBooking(after: 1))
        let late = retry.databaseUnavailable(.book(Self.request), error: Self.down, at: Self.t0 + 30)
        guard case .fail(.databaseUnavailable(let detail)) = late else { Issue.record("still waiting after 30 s"); return }
        #expect(detail.contains("not booked"))
        // Sent again by the host (Enter): a patience of its own; the wait keeps growing while the outage lasts.
        let resent = retry.databaseUnavailable(.book(Self.request), error: Self.down, at: Self.t0 + 31)
        #expect(resent == .resendBooking(after: 4))
    }

    @Test func anAnsweredBookingStartsItsPatienceAfresh() {
        var retry = OutageRetry()
        _ = retry.databaseUnavailable(.book(Self.request), error: Self.down, at: Self.t0)
        retry.answered(Self.request)
        let later = retry.databaseUnavailable(.book(Self.request), error: Self.down, at: Self.t0 + 40)
        #expect(later == .resendBooking(after: 1))
    }
}
