import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Issue 8, item 1: a seated party holds its table until it is completed or moved, even past its turn.
@Suite("A seated party over its turn keeps its table")
struct SeatedOverrunTests {
    /// Friday 20:00: Garcia (2) walks in and is seated at T1, planned until 21:30; the clock then runs
    /// to 21:45, fifteen minutes past that, with Garcia still at the table.
    func overrunAtT1() throws -> (TestEnv, Restaurant, BookEntry) {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 20, 0))
        let r = try t.venue()
        guard case .seated(let garcia) = try t.book.walkIn(restaurantID: r.id, party: 2, name: "Garcia", actor: t.host) else {
            throw TestStackError("Garcia was not seated")
        }
        #expect(garcia.tableLabel == "T1")
        t.clock.set(Fixtures.friday, 21, 45)
        return (t, r, garcia)
    }

    @Test("walk-ins and availability pass over the table; naming it is refused with who is there")
    func walkInsAndBookings() throws {
        let (t, r, garcia) = try overrunAtT1()
        guard case .seated(let next) = try t.book.walkIn(restaurantID: r.id, party: 2, actor: t.host) else {
            Issue.record("the second walk-in was not seated")
            return
        }
        #expect(next.tableLabel == "T2")
        let now = try #require(try t.book.availability(restaurantID: r.id, date: Fixtures.friday, party: 2).slot(at: Fixtures.time(21, 45)))
        #expect(!now.tables.map(\.label).contains("T1"))
        try t.expectNothingWritten {
            #expect(throws: ReservationError.tableStillSeated(table: "T1", guest: "Garcia", minutesOver: 15)) {
                try t.book.book(Fixtures.request(r, table: "T1", time: Fixtures.time(21, 50), party: 2), actor: t.host)
            }
        }
        // The planned end is left as booked: the overrun is measured against it, and the constraint
        // still judges planned ranges (a booking from 22:00, when Garcia is assumed gone, is taken).
        #expect(try t.book.reservation(id: garcia.id).reservation.endsAt == Fixtures.instant(Fixtures.friday, 21, 30))
        let ruiz = try t.book.book(Fixtures.request(r, table: "T1", time: Fixtures.time(22), party: 2, name: "Ruiz", phone: "611 000 333"), actor: t.host)
        #expect(ruiz.entry.tableLabel == "T1")
        #expect(ReservationError.tableStillSeated(table: "T1", guest: "Garcia", minutesOver: 15).exitCode == 3)
    }

    @Test("the waitlist does not seat a party there, and neither does seating the next booking")
    func waitlistAndSeating() throws {
        let (t, r, garcia) = try overrunAtT1()
        let marta = try t.book.addToWaitlist(restaurantID: r.id, name: "Marta", phone: nil, party: 2, actor: t.host)
        #expect(throws: ReservationError.tableStillSeated(table: "T1", guest: "Garcia", minutesOver: 15)) {
            try t.book.seatFromWaitlist(entryID: marta.id, tableLabel: "T1", actor: t.host)
        }
        #expect(try t.book.seatFromWaitlist(entryID: marta.id, actor: t.host).tableLabel != "T1")

        let ruiz = try t.book.book(Fixtures.request(r, table: "T1", time: Fixtures.time(22), party: 2, name: "Ruiz", phone: "611 000 333"), actor: t.host).entry
        t.clock.set(Fixtures.friday, 21, 55)
        try t.expectNothingWritten {
            #expect(throws: ReservationError.tableStillSeated(table: "T1", guest: "Garcia", minutesOver: 25)) {
                try t.book.apply(.seat, to: ruiz.id, actor: t.host)
            }
        }
        // Moving a booking onto the table is refused too (T3's 21:50 party onto T1).
        let other = try t.book.book(Fixtures.request(r, table: "T3", time: Fixtures.time(21, 55), party: 2, name: "Vera", phone: "611 000 444"), actor: t.host).entry
        #expect(throws: ReservationError.tableStillSeated(table: "T1", guest: "Garcia", minutesOver: 25)) {
            try t.book.change(other.id, ReservationChange(tableLabel: "T1"), actor: t.host)
        }
        // Once Garcia is finished, Ruiz sits down.
        _ = try t.book.apply(.complete, to: garcia.id, actor: t.host)
        #expect(try t.book.apply(.seat, to: ruiz.id, actor: t.host).reservation.status == .seated)
    }

    @Test("racing walk-ins and bookings of the table, each on its own connection: none lands on it")
    func racing() throws {
        let (t, r, _) = try overrunAtT1()
        let host = t.host
        let results = race(6, configuration: t.configuration(), clock: t.clock) { i, book in
            if i % 2 == 0 {
                guard case .seated(let e) = try book.walkIn(restaurantID: r.id, party: 2, actor: host) else {
                    throw TestStackError("walk-in \(i) found nothing free")
                }
                return BookingOutcome(entry: e, degraded: false)
            }
            return try book.book(Fixtures.request(r, table: "T1", time: Fixtures.time(21, 50), party: 2, name: "Racer \(i)",
                                                  phone: Fixtures.phone(i), email: nil), actor: host)
        }
        let all = try #require(results, "the race hung")
        var walkInTables: [String] = []
        for (i, result) in all.enumerated() {
            switch (i % 2 == 0, result) {
            case (true, .success(let o)): walkInTables.append(o.entry.tableLabel)
            case (false, .failure(let e as ReservationError)):
                #expect(e == .tableStillSeated(table: "T1", guest: "Garcia", minutesOver: 15), "booking \(i): \(e)")
            default: Issue.record("racer \(i): \(result)")
            }
        }
        #expect(!walkInTables.contains("T1") && Set(walkInTables).count == walkInTables.count, "\(walkInTables)")
        #expect(try t.count("reservations", where: "table_id = $1 AND status = 'seated'", [try t.tableID(r.id, "T1")]) == 1)
    }

    @Test("the rule itself: at least a few minutes from now, never shorter than planned, forgotten after a day")
    func rule() {
        let start = Fixtures.instant(Fixtures.friday, 20, 0), end = Fixtures.instant(Fixtures.friday, 21, 30)
        #expect(SeatedOverrun.occupiedUntil(start: start, end: end, now: start) == end)
        let late = Fixtures.instant(Fixtures.friday, 21, 45)
        #expect(SeatedOverrun.occupiedUntil(start: start, end: end, now: late) == late.addingTimeInterval(15 * 60))
        #expect(SeatedOverrun.minutesOver(end: end, now: late) == 15)
        let nextDay = start.addingTimeInterval(25 * 3600)
        #expect(SeatedOverrun.occupiedUntil(start: start, end: end, now: nextDay) == end)
    }
}
