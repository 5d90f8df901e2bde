import Foundation
import Testing
@testable import ReservationDomain

@Suite("AvailabilityEngine")
struct AvailabilityEngineTests {
    let tables = [table(1, "T10", 2, 4), table(2, "T2", 1, 2), table(3, "T1", 1, 2), table(4, "B1", 2, 4),
                  table(5, "T9", 4, 8), table(6, "X1", 1, 2, active: false)]
    /// Dinner 19:00-23:00 on Wednesday 13 May 2026 in Madrid (17:00-21:00 UTC).
    let dinner = ServiceWindow(name: "dinner", opens: utc("2026-05-13T17:00:00Z"), closes: utc("2026-05-13T21:00:00Z"))
    let day = date("2026-05-13")
    let morning = utc("2026-05-13T08:00:00Z")

    func rules(turn: Int) -> BookingRules {
        var r = BookingRules()
        r.turnTimes = [TurnTime(upToParty: 99, minutes: turn)]
        return r
    }

    @Test("best fit: smallest capacity first, then minimum, then label (T2 before T10); inactive and unfit tables out")
    func bestFit() {
        #expect(AvailabilityEngine.bestFit(tables, party: 2).map(\.label) == ["T1", "T2", "B1", "T10"])
        #expect(AvailabilityEngine.bestFit(tables, party: 1).map(\.label) == ["T1", "T2"])
        #expect(AvailabilityEngine.bestFit(tables, party: 4).map(\.label) == ["B1", "T10", "T9"])
        #expect(AvailabilityEngine.bestFit(tables, party: 9).isEmpty)
    }

    @Test("turn times by party size; the last entry covers larger parties")
    func turnTimes() {
        let r = BookingRules()
        #expect([1, 2, 3, 4, 5, 6, 7, 40].map(r.turnMinutes(forParty:)) == [90, 90, 120, 120, 150, 150, 180, 180])
        var few = BookingRules()
        few.turnTimes = [TurnTime(upToParty: 4, minutes: 100), TurnTime(upToParty: 2, minutes: 60)]
        #expect([2, 3, 6].map(few.turnMinutes(forParty:)) == [60, 100, 100])
    }

    @Test("slots every 15 minutes while the whole turn fits before closing")
    func wholeTurn() {
        let result = AvailabilityEngine.compute(date: day, party: 2, rules: rules(turn: 120), windows: [dinner], tables: tables,
                                                occupancy: [], clock: madrid, now: morning)
        #expect(result.turnMinutes == 120)
        #expect(result.slots.map(\.time.description) == ["19:00", "19:15", "19:30", "19:45", "20:00", "20:15", "20:30", "20:45", "21:00"])
        #expect(result.slots.allSatisfy { $0.service == "dinner" && $0.tables.map(\.label) == ["T1", "T2", "B1", "T10"] })
    }

    @Test("a table is free only if the whole turn is; touching blocks do not count")
    func occupancy() {
        let occ = [Occupancy(tableID: 3, start: utc("2026-05-13T18:00:00Z"), end: utc("2026-05-13T19:00:00Z")),  // T1 20:00-21:00
                   Occupancy(tableID: 2, start: utc("2026-05-13T15:00:00Z"), end: utc("2026-05-13T17:00:00Z"))]  // T2 until 19:00
        let result = AvailabilityEngine.compute(date: day, party: 1, rules: rules(turn: 60), windows: [dinner], tables: tables,
                                                occupancy: occ, clock: madrid, now: morning)
        func free(_ t: String) -> [String]? { result.slot(at: TimeOfDay(hour: Int(t.prefix(2))!, minute: Int(t.suffix(2))!)!)?.tables.map(\.label) }
        #expect(free("19:00") == ["T1", "T2"])  // T1 until 20:00 is free; T2 just became free
        #expect(free("19:15") == ["T2"])        // T1's turn would run into 20:00
        #expect(free("20:00") == ["T2"])
        #expect(free("20:45") == ["T2"])
        #expect(free("21:00") == ["T1", "T2"])
        #expect(Occupancy(tableID: 1, start: morning, end: morning.addingTimeInterval(60)).overlaps(morning.addingTimeInterval(60), morning.addingTimeInterval(120)) == false)
    }

    @Test("slots already started are not offered; one starting now is")
    func past() {
        let now = utc("2026-05-13T18:00:00Z")  // 20:00
        let result = AvailabilityEngine.compute(date: day, party: 2, rules: rules(turn: 60), windows: [dinner], tables: tables,
                                                occupancy: [], clock: madrid, now: now)
        #expect(result.slots.first?.time == time(20, 0))
        let later = AvailabilityEngine.compute(date: day, party: 2, rules: rules(turn: 60), windows: [dinner], tables: tables,
                                               occupancy: [], clock: madrid, now: now.addingTimeInterval(1))
        #expect(later.slots.first?.time == time(20, 15))
    }

    @Test("nearest free times: closest first, earlier wins a tie, returned in time order")
    func nearest() {
        func slot(_ h: Int, _ m: Int, free: Bool) -> Slot {
            Slot(time: time(h, m), start: morning, service: "x", tables: free ? [table(1, "T1", 1, 2)] : [])
        }
        let result = AvailabilityResult(date: day, partySize: 2, turnMinutes: 90, slots: [
            slot(19, 0, free: true), slot(19, 15, free: false), slot(19, 30, free: false), slot(19, 45, free: true),
            slot(20, 0, free: false), slot(20, 15, free: true), slot(20, 30, free: true), slot(21, 0, free: true), slot(22, 0, free: true),
        ])
        #expect(result.nearest(to: time(19, 30), limit: 3) == [time(19, 0), time(19, 45), time(20, 15)])
        #expect(result.nearest(to: time(20, 0), limit: 2) == [time(19, 45), time(20, 15)])  // 15 min each way: both
        #expect(result.nearest(to: time(20, 0), limit: 1) == [time(19, 45)])                // a tie goes to the earlier
        #expect(result.nearest(to: time(19, 0)) == [time(19, 45), time(20, 15), time(20, 30), time(21, 0)])  // not itself
        #expect(result.freeSlots.count == 6)
    }
}

@Suite("WaitEstimator")
struct WaitEstimatorTests {
    let now = utc("2026-05-13T18:00:00Z")
    var horizon: Date { now.addingTimeInterval(6 * 3600) }
    let tables = [table(1, "T1", 1, 2), table(2, "T2", 1, 2), table(3, "T3", 2, 4)]

    func busy(_ id: TableID, untilMinutes m: Double) -> Occupancy {
        Occupancy(tableID: id, start: now.addingTimeInterval(-3600), end: now.addingTimeInterval(m * 60))
    }

    @Test("quotes when the first fitting table has a whole turn free, rounded up to 5 minutes")
    func basic() {
        let occ = [busy(1, untilMinutes: 22), busy(2, untilMinutes: 41), busy(3, untilMinutes: 61)]
        #expect(WaitEstimator.quote(party: 2, turnMinutes: 90, tables: tables, occupancy: occ, partiesAhead: [], now: now, horizon: horizon) == 25)
        #expect(WaitEstimator.quote(party: 3, turnMinutes: 90, tables: tables, occupancy: occ, partiesAhead: [], now: now, horizon: horizon) == 65)
        // A free table still quotes the minimum of 5 (the walk-in path seats directly when it can).
        #expect(WaitEstimator.quote(party: 2, turnMinutes: 90, tables: tables, occupancy: [], partiesAhead: [], now: now, horizon: horizon) == 5)
    }

    @Test("parties ahead take their tables first")
    func partiesAhead() {
        let occ = [busy(1, untilMinutes: 20), busy(2, untilMinutes: 40), busy(3, untilMinutes: 60)]
        #expect(WaitEstimator.quote(party: 2, turnMinutes: 90, tables: tables, occupancy: occ, partiesAhead: [2], now: now, horizon: horizon) == 40)
        #expect(WaitEstimator.quote(party: 2, turnMinutes: 90, tables: tables, occupancy: occ, partiesAhead: [2, 2], now: now, horizon: horizon) == 60)
        #expect(WaitEstimator.quote(party: 2, turnMinutes: 90, tables: tables, occupancy: occ, partiesAhead: [2, 2, 2], now: now, horizon: horizon) == 110)
    }

    @Test("a booking later on a table leaves room only if a whole turn fits before it")
    func futureBlocks() {
        let later = Occupancy(tableID: 3, start: now.addingTimeInterval(60 * 60), end: now.addingTimeInterval(180 * 60))
        #expect(WaitEstimator.quote(party: 3, turnMinutes: 60, tables: tables, occupancy: [later], partiesAhead: [], now: now, horizon: horizon) == 5)
        #expect(WaitEstimator.quote(party: 3, turnMinutes: 90, tables: tables, occupancy: [later], partiesAhead: [], now: now, horizon: horizon) == 180)
    }

    @Test("no quote when no table could ever take the party, whoever is waiting ahead")
    func never() {
        #expect(WaitEstimator.quote(party: 6, turnMinutes: 90, tables: tables, occupancy: [], partiesAhead: [], now: now, horizon: horizon) == nil)
        // Parties ahead who can be seated must not lend their times to a party that cannot.
        #expect(WaitEstimator.quote(party: 6, turnMinutes: 90, tables: tables, occupancy: [], partiesAhead: [2], now: now, horizon: horizon) == nil)
        #expect(WaitEstimator.quote(party: 6, turnMinutes: 90, tables: tables, occupancy: [], partiesAhead: [2, 4, 6], now: now, horizon: horizon) == nil)
        // Beyond the horizon counts as never.
        let allEvening = [busy(1, untilMinutes: 400), busy(2, untilMinutes: 400), busy(3, untilMinutes: 400)]
        #expect(WaitEstimator.quote(party: 2, turnMinutes: 90, tables: tables, occupancy: allEvening, partiesAhead: [], now: now, horizon: horizon) == nil)
    }
}

@Suite("LoginThrottle")
struct LoginThrottleTests {
    @Test("five free tries, then 30 s doubling, never more than 15 minutes")
    func schedule() {
        #expect((0...4).map(LoginThrottle.lockSeconds(afterFailures:)) == [0, 0, 0, 0, 0])
        #expect((5...11).map(LoginThrottle.lockSeconds(afterFailures:)) == [30, 60, 120, 240, 480, 900, 900])
        for n in [20, 100, 10_000, Int.max] { #expect(LoginThrottle.lockSeconds(afterFailures: n) == 900) }
    }
}
