import Foundation
import Testing
@testable import ReservationDomain

@Suite("Schedule windows")
struct ScheduleTests {
    func schedule(_ hours: [ServiceHours], closures: [Closure] = [], clock: ZonedClock = madrid) -> Schedule {
        Schedule(hours: hours, closures: closures, clock: clock)
    }

    @Test("services of the day, in order, as instants; other weekdays ignored")
    func ordinaryDay() {
        let wed = date("2026-05-13")
        let s = schedule([
            ServiceHours(weekday: 3, name: "dinner", opens: time(20), closes: time(23, 30)),
            ServiceHours(weekday: 3, name: "lunch", opens: time(13), closes: time(16)),
            ServiceHours(weekday: 4, name: "thursday", opens: time(9), closes: time(12)),
        ])
        #expect(s.windows(on: wed) == [
            ServiceWindow(name: "lunch", opens: utc("2026-05-13T11:00:00Z"), closes: utc("2026-05-13T14:00:00Z")),
            ServiceWindow(name: "dinner", opens: utc("2026-05-13T18:00:00Z"), closes: utc("2026-05-13T21:30:00Z")),
        ])
        #expect(s.windows(on: wed.adding(days: 1)).map(\.name) == ["thursday"])
        #expect(s.windows(on: wed.adding(days: 2)).isEmpty)
    }

    @Test("a service past midnight closes on the next day; closes == opens is a full day")
    func pastMidnight() {
        let fri = date("2026-05-15")
        let s = schedule([ServiceHours(weekday: 5, name: "night", opens: time(21), closes: time(3)),
                          ServiceHours(weekday: 6, name: "all day", opens: time(6), closes: time(6))])
        #expect(s.windows(on: fri) == [ServiceWindow(name: "night", opens: utc("2026-05-15T19:00:00Z"), closes: utc("2026-05-16T01:00:00Z"))])
        let sat = s.windows(on: fri.adding(days: 1))
        #expect(sat.first.map { $0.closes.timeIntervalSince($0.opens) } == TimeInterval(24 * 3600))
    }

    @Test("spring forward: a closing time in the gap moves to the end of the gap; the night is an hour shorter")
    func springNight() {
        let sat = date("2026-03-28")
        let s = schedule([ServiceHours(weekday: 6, name: "dinner", opens: time(20), closes: time(2, 30)),
                          ServiceHours(weekday: 7, name: "late", opens: time(2, 15), closes: time(5))])
        let w = s.windows(on: sat)
        #expect(w == [ServiceWindow(name: "dinner", opens: utc("2026-03-28T19:00:00Z"), closes: utc("2026-03-29T01:00:00Z"))])
        #expect(w.first.map { $0.closes.timeIntervalSince($0.opens) } == TimeInterval(6 * 3600))
        // Opening in the gap opens when the clocks show 03:00.
        #expect(s.windows(on: date("2026-03-29")).first?.opens == utc("2026-03-29T01:00:00Z"))
    }

    @Test("fall back: a night across the fold lasts an hour longer")
    func fallNight() {
        let s = schedule([ServiceHours(weekday: 6, name: "dinner", opens: time(20), closes: time(3))])
        let w = s.windows(on: date("2026-10-24"))
        #expect(w.first?.opens == utc("2026-10-24T18:00:00Z"))
        #expect(w.first?.closes == utc("2026-10-25T02:00:00Z"))
        #expect(w.first.map { $0.closes.timeIntervalSince($0.opens) } == TimeInterval(8 * 3600))  // 7 hours on the wall clock
    }

    @Test("closures cover their days inclusively")
    func closures() {
        let c = Closure(startsOn: date("2026-08-01"), endsOn: date("2026-08-15"), reason: "Holidays")
        let s = schedule((1...7).map { ServiceHours(weekday: $0, name: "lunch", opens: time(13), closes: time(16)) }, closures: [c])
        #expect(s.windows(on: date("2026-07-31")).count == 1)
        #expect(s.windows(on: date("2026-08-01")).isEmpty)
        #expect(s.windows(on: date("2026-08-15")).isEmpty)
        #expect(s.windows(on: date("2026-08-16")).count == 1)
        #expect(s.closure(on: date("2026-08-10"))?.reason == "Holidays")
    }

    @Test("ServiceWindow.contains is inclusive of both ends")
    func contains() {
        let w = ServiceWindow(name: "x", opens: utc("2026-05-13T11:00:00Z"), closes: utc("2026-05-13T14:00:00Z"))
        #expect(w.contains(start: utc("2026-05-13T11:00:00Z"), end: utc("2026-05-13T14:00:00Z")))
        #expect(!w.contains(start: utc("2026-05-13T10:59:00Z"), end: utc("2026-05-13T12:00:00Z")))
        #expect(!w.contains(start: utc("2026-05-13T13:00:00Z"), end: utc("2026-05-13T14:01:00Z")))
    }
}
