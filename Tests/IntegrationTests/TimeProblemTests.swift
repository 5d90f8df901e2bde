import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Issue 8, item 15: the booking form asks the core why a time cannot be booked at all, and gets the very
/// words `book` would refuse it with.
@Suite("Why a time cannot be booked")
struct TimeProblemTests {
    @Test("passed, outside the services for the party, a closed day; nil when only the tables decide")
    func reasons() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 20, 0))
        let r = try t.venue()
        func problem(_ date: LocalDate, _ h: Int, _ m: Int = 0, party: Int = 2) throws -> String? {
            try t.book.timeProblem(restaurantID: r.id, date: date, time: Fixtures.time(h, m), party: party)
        }
        #expect(try problem(Fixtures.friday, 19, 30)?.contains("has already passed") == true)
        let late = try problem(Fixtures.friday, 23, party: 4)
        #expect(late?.contains("outside opening hours for a party this size") == true && late?.contains("last seating") == true, "\(late ?? "nil")")
        #expect(try problem(Fixtures.holiday, 20)?.contains("Private event") == true)
        #expect(try problem(Fixtures.friday, 21) == nil)
        // The same words as the refusal of the booking itself: one rule.
        let refused = expectInvalid("time") { _ = try t.book.book(Fixtures.request(r, time: Fixtures.time(19, 30)), actor: t.host) }
        #expect(refused == (try problem(Fixtures.friday, 19, 30, party: 4)))
    }
}
