import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

/// Issue 22: every figure from `ReportHistory`'s week, whose answers are worked out by hand; one test per
/// definition in docs/reports.md.
@Suite("Reports", .serialized)
struct ReportTests {
    func history() throws -> ReportHistory {
        let h = try ReportHistory()
        try h.write()
        return h
    }

    /// A fresh venue with one booking of two on Friday at 20:00, made on Wednesday.
    func oneBooking(_ table: String) throws -> (TestEnv, Restaurant, Reservation) {
        let t = try TestEnv()
        let r = try t.venue()
        return (t, r, try t.book.book(Fixtures.request(r, table: table, time: Fixtures.time(20), party: 2), actor: t.host).entry.reservation)
    }

    func friday(_ kind: ReportKind, _ t: TestEnv, _ r: Restaurant) throws -> Report {
        try t.book.report(kind, restaurantID: r.id, range: try ReportRange(from: Fixtures.friday, to: Fixtures.friday), actor: t.admin)
    }

    func figure(_ report: Report, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> ReportValue? {
        let f = report.figure(name)
        #expect(f != nil, "no figure \(name)", sourceLocation: sourceLocation)
        return f?.current
    }

    @Test("covers count parties that came: a cancelled booking and a no-show are bookings, not covers; walk-ins apart")
    func covers() throws {
        let report = try history().report(.covers)
        #expect(figure(report, "covers") == .int(19))
        #expect(figure(report, "walk_in_covers") == .int(7))
        #expect(figure(report, "walk_in_parties") == .int(3))
        #expect(figure(report, "reservation_covers") == .int(12))
        // Eleven bookings: the lapsed hold is none, walk-ins are none, cancelled and no-shows are.
        #expect(figure(report, "bookings") == .int(11))
        #expect(report.figure("covers")?.previous == .int(4))
        let day = try #require(report.table("by-day"))
        #expect(day.rows.count == 7)
        #expect(day.value(row: "2026-05-15", column: "bookings") == .int(4))
        #expect(day.value(row: "2026-05-15", column: "covers") == .int(7), "2 + 2 + the walk-in's 3; the cancelled 4 and the no-show's 4 are not covers")
        #expect(day.value(row: "2026-05-11", column: "covers") == .int(0))
        let service = try #require(report.table("by-service"))
        #expect(service.rows.map { $0[0] } == [.text("lunch"), .text("dinner")])
        #expect(service.value(row: "lunch", column: "covers") == .int(11))
        #expect(service.value(row: "dinner", column: "covers") == .int(8))
        #expect(service.value(row: "dinner", column: "previous_covers") == .int(4))
        #expect(try #require(report.table("by-hour")).value(row: "21:00", column: "covers") == .int(6))
    }

    @Test("no-show rate is no-shows over bookings that were due; cancellations by notice; a guest who missed twice is listed")
    func noShows() throws {
        let report = try history().report(.noShows)
        #expect(figure(report, "due") == .int(9), "not the two cancelled, not the lapsed hold, not walk-ins")
        #expect(figure(report, "no_shows") == .int(2))
        #expect(figure(report, "no_show_rate") == .number(0.222))
        #expect(figure(report, "unmarked") == .int(1))
        #expect(figure(report, "cancellations") == .int(2))
        #expect(figure(report, "cancellation_rate") == .number(0.182))
        #expect(figure(report, "late_cancellations") == .int(1))
        let notice = try #require(report.table("cancellation-notice"))
        #expect(notice.value(row: "under 2 h", column: "cancellations") == .int(1))
        #expect(notice.value(row: "1-7 days", column: "cancellations") == .int(1))
        #expect(notice.value(row: "over 7 days", column: "cancellations") == .int(0))
        let repeat_ = try #require(report.table("repeat-guests"))
        #expect(repeat_.rows == [[.text("Nora Falta"), .int(2), .int(2), .text("2026-05-16")]])
        #expect(try #require(report.table("by-weekday")).value(row: "Saturday", column: "no_show_rate") == .number(0.25))
    }

    @Test("a no-show counts once, however often it was marked and undone")
    func noShowCountsOnce() throws {
        let (t, r, b) = try oneBooking("T3")
        t.clock.set(Fixtures.friday, 20, 40)
        _ = try t.book.apply(.noShow, to: b.id, actor: t.host)
        _ = try t.book.undo(b.id, actor: t.host)
        _ = try t.book.apply(.noShow, to: b.id, actor: t.host)
        let report = try friday(.noShows, t, r)
        #expect(figure(report, "no_shows") == .int(1))
        #expect(figure(report, "due") == .int(1))
        #expect(figure(report, "no_show_rate") == .number(1))
    }

    @Test("turns run seated to finished, so a party seated early counts its real turn; the advice says what to change")
    func turns() throws {
        let report = try history().report(.turns)
        let party = try #require(report.table("by-party"))
        #expect(party.rows.map { $0[0] } == [.text("1-2"), .text("3-4"), .text("5-6"), .text("7+")])
        // 60, 70, 70, 70, 70, 70, 75, 90: the early party's 70 (12:50-14:00), not 60.
        #expect(party.value(row: "1-2", column: "parties") == .int(8))
        #expect(party.value(row: "1-2", column: "median") == .number(70))
        #expect(party.value(row: "1-2", column: "p90") == .number(79.5))
        #expect(party.value(row: "1-2", column: "seated_early") == .int(1))
        #expect(party.value(row: "3-4", column: "parties") == .int(1))
        #expect(party.value(row: "3-4", column: "previous_median") == .number(120))
        #expect(report.advice == ["Parties of 1-2 finish in 70 min against 90: the turn could be shorter."])
    }

    @Test("a party seated early through the book counts from its seating")
    func seatedEarlyThroughTheBook() throws {
        let (t, r, b) = try oneBooking("T1")
        t.clock.set(Fixtures.friday, 19, 45)
        _ = try t.book.apply(.seat, to: b.id, actor: t.host)
        t.clock.set(Fixtures.friday, 21, 5)
        _ = try t.book.apply(.complete, to: b.id, actor: t.host)
        let report = try friday(.turns, t, r)
        #expect(report.table("by-party")?.value(row: "1-2", column: "median") == .number(80))
        #expect(report.table("by-party")?.value(row: "1-2", column: "seated_early") == .int(1))
    }

    @Test("utilisation: seated minutes over open minutes per table and area; seats used over seats offered")
    func utilisation() throws {
        let report = try history().report(.utilisation)
        // Seven open days of 180 + 270 minutes; five tables.
        #expect(figure(report, "open_minutes") == .number(3150))
        #expect(figure(report, "table_utilisation") == .number(0.042), "665 of 15,750 table-minutes")
        #expect(figure(report, "seat_utilisation") == .number(0.025), "1,420 of 56,700 seat-minutes")
        let table = try #require(report.table("by-table"))
        #expect(table.value(row: "T1", column: "seated_minutes") == .number(210))
        #expect(table.value(row: "T1", column: "utilisation") == .number(0.067))
        #expect(table.value(row: "T4", column: "seated_minutes") == .number(0))
        #expect(table.value(row: "T3", column: "previous_utilisation") == .number(0.038))
        #expect(try #require(report.table("by-area")).value(row: "Terraza", column: "seated_minutes") == .number(180))
    }

    @Test("channels: every party by source; lead time for bookings only, since a walk-in has none")
    func channels() throws {
        let report = try history().report(.channels)
        let channel = try #require(report.table("by-channel"))
        #expect(channel.value(row: "podium (phone)", column: "parties") == .int(8))
        #expect(channel.value(row: "online (API)", column: "parties") == .int(2), "the lapsed hold is not counted")
        #expect(channel.value(row: "staff over the API", column: "parties") == .int(1))
        #expect(channel.value(row: "walk-in", column: "parties") == .int(3))
        #expect(channel.value(row: "walk-in", column: "median_lead_hours") == ReportValue.none)
        #expect(figure(report, "online_share") == .number(0.143))
        let lead = try #require(report.table("lead-time"))
        #expect(lead.column("bookings") == [.int(2), .int(1), .int(5), .int(3), .int(0)])
    }

    @Test("waitlist quotes are judged against the seating's time, not the entry's last change")
    func waitlist() throws {
        let report = try history().report(.waitlist)
        #expect(figure(report, "entries") == .int(3))
        #expect(figure(report, "seated") == .int(2))
        #expect(figure(report, "left") == .int(1))
        // Waited 20 against 30 (beaten by 10) and 20 against 15 (5 over).
        #expect(figure(report, "median_error") == .number(-2.5))
        #expect(figure(report, "beaten_share") == .number(0.5))
        #expect(try #require(report.table("by-hour")).value(row: "13:00", column: "median_actual") == .number(20))
        #expect(try #require(report.table("by-party")).value(row: "2", column: "seated") == .int(2))
    }

    @Test("pacing: covers per slot against the limit, and the manager's overrides")
    func pacing() throws {
        let report = try history().report(.pacing)
        #expect(figure(report, "limit") == .int(8))
        #expect(figure(report, "busiest_slot") == .int(10), "Saturday 21:00: 2 + 2 + 4 + the override's 2; the cancelled 6 is not counted")
        #expect(figure(report, "slots_over_limit") == .int(1))
        #expect(figure(report, "overrides") == .int(1))
        let slot = try #require(report.table("by-slot"))
        #expect(slot.value(row: "21:00", column: "busiest_date") == .text("2026-05-16"))
        #expect(slot.value(row: "13:15", column: "covers") == .int(4), "a booking at 13:15 and a walk-in at 13:20")
        #expect(try #require(report.table("overrides")).rows == [[.text("2026-05-16"), .text("21:00"), .int(2), .text("completed")]])
    }
}
