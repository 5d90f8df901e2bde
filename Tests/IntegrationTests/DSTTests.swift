import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// The nights the clocks change, with a venue open across them (20:00-05:00).
@Suite("Daylight saving days")
struct DSTTests {
    struct Night: Sendable, CustomTestStringConvertible {
        var zone: String
        var countryCode: String
        var now: LocalDate        // the Wednesday before
        var springDay: LocalDate  // 02:00-03:00 does not exist
        var testDescription: String { zone }
    }

    static let nights = [
        Night(zone: Fixtures.madrid, countryCode: "34", now: Fixtures.date("2026-03-25"), springDay: Fixtures.date("2026-03-29")),
        Night(zone: Fixtures.newYork, countryCode: "1", now: Fixtures.date("2026-03-04"), springDay: Fixtures.date("2026-03-08")),
    ]

    @Test("a 02:30 booking on the spring-forward night is refused; a turn across the gap lasts its real minutes", arguments: nights)
    func springForward(night: Night) throws {
        let t = try TestEnv(now: Fixtures.instant(night.now, 12, 0, zone: night.zone))
        let r = try t.venue(Fixtures.floor(zone: night.zone, countryCode: night.countryCode, hours: Fixtures.nightHours()))
        let phone = night.countryCode == "1" ? "212 555 0100" : "600 12 34 56"

        try t.expectNothingWritten {
            let message = expectInvalid("time") {
                _ = try t.book.book(Fixtures.request(r, date: night.springDay, time: Fixtures.time(2, 30), party: 2, phone: phone), actor: t.host)
            }
            #expect(message == "02:30 does not exist on \(night.springDay): the clocks go forward that night. Pick a later time.")
        }

        // 01:30 + 90 real minutes = 04:00 on the wall clock.
        let across = try t.book.book(Fixtures.request(r, table: "T1", date: night.springDay, time: Fixtures.time(1, 30), party: 2, phone: phone), actor: t.host)
        let res = across.entry.reservation
        #expect(res.endsAt.timeIntervalSince(res.startsAt) == 90 * 60)
        #expect(r.clock.hhmm(res.startsAt) == "01:30")
        #expect(r.clock.hhmm(res.endsAt) == "04:00")
        let stored = try #require(try t.sql.queryOne("SELECT extract(epoch FROM ends_at - starts_at)::int AS d FROM reservations WHERE id = $1", [res.id]))
        #expect(try stored.int("d") == 90 * 60)

        // Starting the evening before (in the night service of the day before) works the same.
        let evening = try t.book.book(Fixtures.request(r, table: "T4", date: night.springDay.adding(days: -1), time: Fixtures.time(23, 30),
                                                       party: 6, name: "Six", phone: Fixtures.phone(6)), actor: t.host)
        #expect(evening.entry.reservation.endsAt.timeIntervalSince(evening.entry.reservation.startsAt) == 150 * 60)
        #expect(r.clock.hhmm(evening.entry.reservation.endsAt) == "03:00")

        // Availability of that night skips the missing hour: 01:45 is followed by 03:00.
        let avail = try t.book.availability(restaurantID: r.id, date: night.springDay.adding(days: -1), party: 2)
        let times = avail.slots.map(\.time.description)
        let i = try #require(times.firstIndex(of: "01:45"))
        #expect(times[i + 1] == "03:00")
        #expect(!times.contains { $0.hasPrefix("02:") })
        #expect(times.last == "03:30")  // 03:30 + 90 min = 05:00 closing
        // Consecutive slots are 15 real minutes apart throughout.
        #expect(zip(avail.slots, avail.slots.dropFirst()).allSatisfy { $1.start.timeIntervalSince($0.start) == 15 * 60 })
    }

    @Test("autumn fold in Madrid: 02:30 means the first 02:30, and turns last their real minutes")
    func fallBack() throws {
        let day = Fixtures.date("2026-10-25")
        let t = try TestEnv(now: Fixtures.instant(Fixtures.date("2026-10-21"), 12, 0))
        let r = try t.venue(Fixtures.floor(hours: Fixtures.nightHours()))
        let first = try t.book.book(Fixtures.request(r, table: "T3", date: day, time: Fixtures.time(2, 30), party: 4), actor: t.host)
        let res = first.entry.reservation
        // The first 02:30 is CEST (00:30 UTC); two real hours later the wall clock shows 03:30 CET.
        #expect(res.startsAt == Date(timeIntervalSince1970: 1_792_888_200))  // 2026-10-25T00:30:00Z
        #expect(res.endsAt.timeIntervalSince(res.startsAt) == 120 * 60)
        #expect(r.clock.hhmm(res.endsAt) == "03:30")

        // 01:30 + 120 real minutes ends at the second 02:30, overlapping the booking above.
        #expect(throws: ReservationError.tableTaken(table: "T3", from: "02:30", to: "03:30", guest: "Lucía Garrido")) {
            try t.book.book(Fixtures.request(r, table: "T3", date: day, time: Fixtures.time(1, 30), party: 4, name: "Other", phone: "611 000 111"), actor: t.host)
        }
        let other = try t.book.book(Fixtures.request(r, table: "P1", date: day, time: Fixtures.time(1, 30), party: 4, name: "Other", phone: "611 000 111"), actor: t.host)
        #expect(other.entry.reservation.endsAt.timeIntervalSince(other.entry.reservation.startsAt) == 120 * 60)
        #expect(r.clock.hhmm(other.entry.reservation.endsAt) == "02:30")
    }
}
