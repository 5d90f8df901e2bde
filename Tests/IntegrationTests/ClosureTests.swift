import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Closures belong to the service's day: a late service that runs past midnight keeps its early hours
/// when the next day is closed, and a closed day's own late service is gone past midnight too.
@Suite("Closures and services past midnight")
struct ClosureTests {
    @Test func theEarlyHoursBelongToThePreviousEveningsService() throws {
        let t = try TestEnv()
        let r = try t.venue(Fixtures.floor(hours: Fixtures.nightHours()))  // 20:00-05:00 every day; closed on `holiday`
        // 00:30 on the holiday is Tuesday night's service, which is open.
        let early = try t.book.book(Fixtures.request(r, date: Fixtures.holiday, time: Fixtures.time(0, 30), party: 2), actor: t.host)
        #expect(early.entry.reservation.status == .confirmed)
        // The holiday's own evening is closed ...
        let evening = expectInvalid("date") { _ = try t.book.book(Fixtures.request(r, date: Fixtures.holiday, time: Fixtures.time(21), party: 2,
                                                                                   name: "B", phone: Fixtures.phone(1)), actor: t.host) }
        #expect(evening?.contains("closed") == true && evening?.contains("Private event") == true)
        // ... and so are its early hours on the next calendar day.
        let next = Fixtures.holiday.adding(days: 1)
        #expect(expectInvalid("time") { _ = try t.book.book(Fixtures.request(r, date: next, time: Fixtures.time(1), party: 2,
                                                                              name: "C", phone: Fixtures.phone(2)), actor: t.host) } != nil)
        // That next day's own evening is open again.
        #expect(try t.book.book(Fixtures.request(r, date: next, time: Fixtures.time(21), party: 2, name: "D", phone: Fixtures.phone(3)),
                                actor: t.host).entry.reservation.status == .confirmed)
    }
}
