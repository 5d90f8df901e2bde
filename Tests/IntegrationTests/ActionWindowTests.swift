import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Issue 8, item 4: seat and no-show only around the booking's own time, decided in the core.
@Suite("Seating and no-shows around the booking's time")
struct ActionWindowTests {
    @Test("seating waits until two hours before the booking and ends with its turn")
    func seatingWindow() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 12, 0))
        let r = try t.venue()
        let dinner = try t.book.book(Fixtures.request(r, table: "T3", time: Fixtures.time(19, 45)), actor: t.host).entry
        let lunch = try t.book.book(Fixtures.request(r, table: "T1", time: Fixtures.time(13), party: 2, name: "Tarde", phone: "611 000 555"), actor: t.host).entry
        // A party arriving after its whole turn is a walk-in, not its booking.
        t.clock.set(Fixtures.friday, 14, 30)
        let late = expectInvalid("action") { _ = try t.book.apply(.seat, to: lunch.id, actor: t.host) }
        #expect(late?.contains("turn ended at 14:30") == true, "\(late ?? "nil")")
        t.clock.set(Fixtures.friday, 17, 30)  // the issue's case: a 19:45 booking seated at 17:30
        try t.expectNothingWritten {
            let message = expectInvalid("action") { _ = try t.book.apply(.seat, to: dinner.id, actor: t.host) }
            #expect(message?.contains("seated from 17:45") == true, "\(message ?? "nil")")
        }
        t.clock.set(Fixtures.friday, 17, 45)
        #expect(try t.book.apply(.seat, to: dinner.id, actor: t.host).reservation.status == .seated)
    }

    @Test("a no-show only once the booking is fifteen minutes late")
    func noShowGrace() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 17, 24))
        let r = try t.venue()
        let entry = try t.book.book(Fixtures.request(r, table: "T3", time: Fixtures.time(19)), actor: t.host).entry
        for (h, m) in [(17, 24), (19, 0), (19, 14)] {  // the issue's 17:24, on time, and a few minutes late
            t.clock.set(Fixtures.friday, h, m)
            try t.expectNothingWritten {
                let message = expectInvalid("action") { _ = try t.book.apply(.noShow, to: entry.id, actor: t.host) }
                #expect(message?.contains("no-show from 19:15") == true, "\(message ?? "nil")")
            }
        }
        t.clock.set(Fixtures.friday, 19, 15)
        #expect(try t.book.apply(.noShow, to: entry.id, actor: t.host).reservation.status == .noShow)
    }

    @Test("the pure rule the front ends can ask before offering an action")
    func pureRule() {
        let clock = ZonedClock(identifier: Fixtures.madrid)!
        let start = Fixtures.instant(Fixtures.friday, 21), end = Fixtures.instant(Fixtures.friday, 23)
        #expect(ActionWindows.refusal(.seat, start: start, end: end, now: start.addingTimeInterval(-120 * 60), clock: clock) == nil)
        #expect(ActionWindows.refusal(.seat, start: start, end: end, now: start.addingTimeInterval(-121 * 60), clock: clock) != nil)
        #expect(ActionWindows.refusal(.noShow, start: start, end: end, now: start.addingTimeInterval(15 * 60), clock: clock) == nil)
        #expect(ActionWindows.refusal(.complete, start: start, end: end, now: start.addingTimeInterval(-86_400), clock: clock) == nil)
        #expect(ActionWindows.refusal(.cancel, start: start, end: end, now: start.addingTimeInterval(-86_400), clock: clock) == nil)
    }
}
