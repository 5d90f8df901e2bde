import Foundation
import Testing
@testable import ReservationDomain

@Suite("ZonedClock: wall clock and instants")
struct ZonedClockTests {
    @Test("Madrid spring forward: 02:00-02:59 on 29 March 2026 does not exist")
    func madridSpring() {
        let day = date("2026-03-29")
        #expect(madrid.resolve(day, time(2, 30)) == .skipped)
        #expect(madrid.resolve(day, time(2, 0)) == .skipped)
        #expect(madrid.resolve(day, time(2, 59)) == .skipped)
        #expect(madrid.resolve(day, time(1, 59)) == .exact(utc("2026-03-29T00:59:00Z")))
        #expect(madrid.resolve(day, time(3, 0)) == .exact(utc("2026-03-29T01:00:00Z")))
        let skipped = (0..<1440).filter { madrid.resolve(day, TimeOfDay(minutesSinceMidnight: $0)!) == .skipped }
        #expect(skipped == Array(120..<180))
    }

    @Test("Madrid fall back: 02:30 on 25 October 2026 happens twice; the first is chosen")
    func madridFold() {
        let day = date("2026-10-25")
        #expect(madrid.resolve(day, time(2, 30)) == .exact(utc("2026-10-25T00:30:00Z")))  // CEST, not 01:30Z
        #expect(madrid.resolve(day, time(1, 59)) == .exact(utc("2026-10-24T23:59:00Z")))
        #expect(madrid.resolve(day, time(3, 0)) == .exact(utc("2026-10-25T02:00:00Z")))
        // Both instants show 02:30.
        #expect(madrid.localParts(of: utc("2026-10-25T00:30:00Z")) == (day, time(2, 30)))
        #expect(madrid.localParts(of: utc("2026-10-25T01:30:00Z")) == (day, time(2, 30)))
    }

    @Test("New York: 8 March 2026 02:30 is skipped; 1 November 01:30 is in the fold")
    func newYorkDST() {
        #expect(newYork.resolve(date("2026-03-08"), time(2, 30)) == .skipped)
        #expect(newYork.resolve(date("2026-03-08"), time(1, 59)) == .exact(utc("2026-03-08T06:59:00Z")))
        #expect(newYork.resolve(date("2026-03-08"), time(3, 0)) == .exact(utc("2026-03-08T07:00:00Z")))
        #expect(newYork.resolve(date("2026-11-01"), time(1, 30)) == .exact(utc("2026-11-01T05:30:00Z")))  // EDT, not 06:30Z
        #expect(newYork.localParts(of: utc("2026-11-01T06:30:00Z")) == (date("2026-11-01"), time(1, 30)))
    }

    @Test("every minute of ordinary and DST days round-trips", arguments: ["2026-05-13", "2026-03-29", "2026-10-25", "2026-03-08", "2026-11-01"])
    func roundTrip(day: String) {
        let d = date(day)
        for clock in [madrid, newYork] {
            var instants: [Date] = []
            for m in 0..<1440 {
                let t = TimeOfDay(minutesSinceMidnight: m)!
                guard let i = clock.resolve(d, t).instant else { continue }
                #expect(clock.localParts(of: i) == (d, t), "\(clock.zone.identifier) \(d) \(t)")
                instants.append(i)
            }
            #expect(instants == instants.sorted(), "instants follow wall-clock order")
        }
    }

    @Test("start of day, local date and hh:mm")
    func helpers() {
        #expect(madrid.startOfDay(date("2026-05-13")) == utc("2026-05-12T22:00:00Z"))
        #expect(madrid.startOfDay(date("2026-03-29")) == utc("2026-03-28T23:00:00Z"))
        #expect(newYork.startOfDay(date("2026-11-01")) == utc("2026-11-01T04:00:00Z"))
        #expect(madrid.localDate(of: utc("2026-05-12T22:30:00Z")) == date("2026-05-13"))
        #expect(newYork.localDate(of: utc("2026-05-13T02:00:00Z")) == date("2026-05-12"))
        #expect(madrid.hhmm(utc("2026-03-29T01:00:00Z")) == "03:00")
        #expect(ZonedClock(identifier: "Mars/Olympus_Mons") == nil)
    }
}
