import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// One booking window for every place that takes a date: availability, booking and changes refuse the
/// same days (past, or beyond the venue's advance days) with the same words.
@Suite("The booking window")
struct DateWindowTests {
    @Test("availability, booking and changes refuse the same dates with the same message")
    func sameRuleEverywhere() throws {
        let t = try TestEnv()  // Wednesday 13 May 2026, 12:00; the venue books 60 days ahead
        let r = try t.venue()
        let existing = try t.book.book(Fixtures.request(r), actor: t.host).entry
        for (date, words) in [(Fixtures.wednesday.adding(days: 61), "more than 60 days ahead"), (LocalDate(iso: "9999-12-31")!, "more than 60 days ahead"),
                              (Fixtures.wednesday.adding(days: -1), "in the past")] {
            try t.expectNothingWritten {
                let offered = expectInvalid("date") { _ = try t.book.availability(restaurantID: r.id, date: date, party: 2) }
                let booked = expectInvalid("date") { _ = try t.book.book(Fixtures.request(r, table: nil, date: date, party: 2), actor: t.host) }
                let moved = expectInvalid("date") { _ = try t.book.change(existing.id, ReservationChange(date: date), actor: t.host) }
                #expect(offered?.contains(words) == true, "\(date): \(offered ?? "nil")")
                #expect(offered == booked)
                #expect(offered == moved)
            }
        }
        // The last day of the window is offered and bookable; today is too.
        let last = Fixtures.wednesday.adding(days: 60)
        #expect(!(try t.book.availability(restaurantID: r.id, date: last, party: 2).freeSlots.isEmpty))
        _ = try t.book.book(Fixtures.request(r, table: nil, date: last, party: 2), actor: t.host)
        #expect(!(try t.book.availability(restaurantID: r.id, date: Fixtures.wednesday, party: 2).freeSlots.isEmpty))
        // The pure rule, as the front ends may call it.
        var rules = BookingRules()
        rules.advanceDays = 0
        #expect(throws: Never.self) { try rules.checkBookable(Fixtures.wednesday, today: Fixtures.wednesday) }
        #expect(throws: ReservationError.self) { try rules.checkBookable(Fixtures.wednesday.adding(days: 1), today: Fixtures.wednesday) }
    }

    @Test("a booking 12 days ahead cannot be seated or marked no-show yet; on its day it can")
    func seatAndNoShowOnTheDay() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let day = Fixtures.wednesday.adding(days: 12)
        let entry = try t.book.book(Fixtures.request(r, table: "T3", date: day, time: Fixtures.time(20)), actor: t.host).entry
        let other = try t.book.book(Fixtures.request(r, table: "T4", date: day, time: Fixtures.time(20), name: "Nora", phone: "611 000 111"), actor: t.host).entry
        try t.expectNothingWritten {
            for action in [ReservationAction.seat, .noShow] {
                let message = expectInvalid("action") { _ = try t.book.apply(action, to: entry.id, actor: t.host) }
                #expect(message?.contains("\(day)") == true, "\(message ?? "nil")")
            }
        }
        #expect(try t.book.reservation(id: entry.id).reservation.status == .confirmed)
        // The evening before is still too early; the day itself is fine, an early arrival included.
        t.clock.set(day.adding(days: -1), 21, 0)
        _ = expectInvalid("action") { _ = try t.book.apply(.seat, to: entry.id, actor: t.host) }
        t.clock.set(day, 19, 30)
        #expect(try t.book.apply(.seat, to: entry.id, actor: t.host).reservation.status == .seated)
        t.clock.set(day, 21, 0)
        #expect(try t.book.apply(.complete, to: entry.id, actor: t.host).reservation.status == .completed)
        #expect(try t.book.apply(.noShow, to: other.id, actor: t.host).reservation.status == .noShow)
    }

    @Test("a booking just after midnight can be seated in the hours before it, on the day before")
    func afterMidnight() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 23, 0))
        let r = try t.venue(Fixtures.floor(hours: Fixtures.nightHours()))
        let entry = try t.book.book(Fixtures.request(r, table: "T3", date: Fixtures.friday.adding(days: 1), time: Fixtures.time(0, 30)), actor: t.host).entry
        #expect(try t.book.apply(.seat, to: entry.id, actor: t.host).reservation.status == .seated)
    }
}
