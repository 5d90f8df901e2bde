import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Issue 21: a venue's rules changed only by re-importing its whole floor file. A manager changes one value
/// at a time (`:venue`, `reservaflow venue set`), checked as the floor file checks it, audited, honoured by
/// the booking rules at once; a change that would leave live bookings outside the rules names them first.
@Suite("Changing a venue's details and rules")
struct VenueEditTests {
    static func manager(_ r: Restaurant) -> Actor { Actor(staffID: nil, name: "Mia", role: .manager, venues: [r.id]) }

    @Test("a value is saved and honoured at once, audited as venue_edit on the row it changed; the rest of the venue is untouched")
    func settingSaved() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.wednesday, 12, 0))
        let r = try t.venue()
        let tablesBefore = try t.book.tables(restaurantID: r.id)
        let done = try t.book.changeVenue(restaurantID: r.id, [.setting(.maxParty, "6"), .setting(.phone, "600 999 111")], actor: Self.manager(r))
        #expect(done.restaurant.rules.maxParty == 6 && done.restaurant.phone == "600 999 111", "\(done.restaurant)")
        #expect(done.summary == "Saved: Largest party: 6; Phone: 600 999 111.")
        #expect(try t.book.tables(restaurantID: r.id) == tablesBefore)
        #expect(try t.count("audit_log", where: "action = 'venue_edit' AND entity = 'restaurant'") == 1)
        #expect(try t.count("audit_log", where: "action = 'venue_edit'") == 1, "only the venue row changed")
        let refused = expectInvalid("party") {
            _ = try t.book.book(Fixtures.request(r, table: "T4", party: 7), actor: t.host)
        }
        #expect(refused != nil)
    }

    @Test("a bad value is refused in the screen's words and nothing is written; a host may not")
    func refusals() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.wednesday, 12, 0))
        let r = try t.venue()
        let m = Self.manager(r)
        #expect(expectInvalid("venue") { _ = try t.book.changeVenue(restaurantID: r.id, [.setting(.holdMinutes, "2000")], actor: m) }
                == "Hold minutes: 2000 is out of range: a hold is 1 to 1440")
        #expect(expectInvalid("hold_minutes") { _ = try t.book.changeVenue(restaurantID: r.id, [.setting(.holdMinutes, "soon")], actor: m) }?
                    .hasPrefix("Hold minutes: type a whole number") == true)
        #expect(expectInvalid("venue") { _ = try t.book.changeVenue(restaurantID: r.id, [.setting(.pacing, "4")], actor: m) }?
                    .hasPrefix("Pacing (covers per 15 min): 4 is below max_party (12)") == true)
        #expect(expectInvalid("venue") { _ = try t.book.changeVenue(restaurantID: r.id, [.setting(.email, "nope")], actor: m) }?
                    .hasPrefix("E-mail: ") == true)
        #expect(throws: ReservationError.forbidden(role: .host, action: "change the floor plan")) {
            try t.book.changeVenue(restaurantID: r.id, [.setting(.holdMinutes, "20")], actor: t.host)
        }
        #expect(try t.book.restaurant(id: r.id).rules.holdMinutes == 15)
        #expect(try t.count("audit_log", where: "action = 'venue_edit'") == 0)
    }

    @Test("services and turns: added for several days at once, changed, removed; the last turn stays")
    func hoursAndTurns() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.wednesday, 12, 0))
        let r = try t.venue()
        let m = Self.manager(r)
        let brunch = try VenueInput.hours("sat-sun Brunch 10:00-12:30")
        try t.book.changeVenue(restaurantID: r.id, brunch.map { .hours(replacing: nil, with: $0) }, actor: m)
        var hours = try t.book.schedule(for: try t.book.restaurant(id: r.id)).hours
        #expect(hours.filter { $0.name == "Brunch" }.map(\.weekday).sorted() == [6, 7])
        let saturday = try #require(hours.first { $0.name == "Brunch" && $0.weekday == 6 })
        try t.book.changeVenue(restaurantID: r.id, [.hours(replacing: saturday, with: ServiceHours(weekday: 6, name: "Brunch", opens: Fixtures.time(10, 30), closes: Fixtures.time(13)))], actor: m)
        hours = try t.book.schedule(for: try t.book.restaurant(id: r.id)).hours
        #expect(hours.contains(ServiceHours(weekday: 6, name: "Brunch", opens: Fixtures.time(10, 30), closes: Fixtures.time(13))))
        #expect(hours.contains(ServiceHours(weekday: 7, name: "Brunch", opens: Fixtures.time(10), closes: Fixtures.time(12, 30))))

        try t.book.changeVenue(restaurantID: r.id, [.turnTime(upToParty: 8, minutes: 160), .turnTime(upToParty: 2, minutes: 75)], actor: m)
        let turns = try t.book.restaurant(id: r.id).rules.turnTimes
        #expect(turns.contains(TurnTime(upToParty: 8, minutes: 160)) && turns.contains(TurnTime(upToParty: 2, minutes: 75)))
        let b = try t.book.book(Fixtures.request(r, table: "T1", time: Fixtures.time(20), party: 2), actor: t.host)
        #expect(b.entry.reservation.endsAt.timeIntervalSince(b.entry.reservation.startsAt) == 75 * 60, "the new turn holds at once")
        for turn in turns.dropLast() { try t.book.changeVenue(restaurantID: r.id, [.turnTime(upToParty: turn.upToParty, minutes: nil)], actor: m) }
        #expect(expectInvalid("venue") {
            _ = try t.book.changeVenue(restaurantID: r.id, [.turnTime(upToParty: turns.last!.upToParty, minutes: nil)], actor: m)
        }?.contains("the last one cannot go") == true)
    }

    @Test("taking out a service with live bookings names them and writes nothing; saved anyway they stay, and it is closed to new ones")
    func strandedBookings() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.wednesday, 12, 0))
        let r = try t.venue()
        let m = Self.manager(r)
        let e = try t.book.book(Fixtures.request(r, table: "T4", date: Fixtures.friday, time: Fixtures.time(14), name: "Nora Vidal"), actor: t.host)
        let lunch = try #require(try t.book.schedule(for: r).hours.first { $0.weekday == Fixtures.friday.isoWeekday && $0.name == "lunch" })
        let refused = expectInvalid("bookings") { _ = try t.book.changeVenue(restaurantID: r.id, [.hours(replacing: lunch, with: nil)], actor: m) }
        #expect(refused?.hasPrefix("1 live booking would fall outside the new rules: Nora Vidal ×4") == true, "\(refused ?? "")")
        #expect(try t.book.schedule(for: r).hours.contains(lunch))
        // A change that strands nobody goes through at once, whatever was booked elsewhere.
        try t.book.changeVenue(restaurantID: r.id, [.setting(.holdMinutes, "20")], actor: m)

        let done = try t.book.changeVenue(restaurantID: r.id, [.hours(replacing: lunch, with: nil)], strandingBookings: true, actor: m)
        #expect(done.stranded.map(\.id) == [e.entry.id])
        #expect(done.summary.hasSuffix("1 live booking is now outside the rules: call them."))
        #expect(try t.book.reservation(id: e.entry.id).reservation.status == .confirmed)
        let closed = reservationError {
            _ = try t.book.book(Fixtures.request(r, table: "T3", date: Fixtures.friday, time: Fixtures.time(14), phone: "611 000 999"), actor: t.host)
        }
        #expect(closed != nil, "no lunch on Fridays any more")
    }

    @Test("the command line: show, set with a refusal that names the flag, hours and turns; --json for scripts")
    func commandLine() throws {
        let t = try TestEnv(now: Date())  // the command line runs on the real clock
        let r = try t.venue()
        let day = r.clock.localDate(of: Date()).adding(days: 3)
        _ = try t.book.book(Fixtures.request(r, date: day, time: Fixtures.time(14), name: "Nora Vidal"), actor: t.host)
        let shown = try CLITests.run(["venue", "--restaurant", "casa"], database: t.databaseURL)
        #expect(shown.status == 0 && shown.stdout.contains("hold_minutes") && shown.stdout.contains("lunch"), "\(shown.stdout)")
        let set = try CLITests.run(["venue", "set", "--restaurant", "casa", "hold_minutes", "25"], database: t.databaseURL)
        #expect(set.status == 0 && set.stdout.contains("Saved: Hold minutes: 25."), "\(set.stdout)\(set.stderr)")
        let bad = try CLITests.run(["venue", "set", "--restaurant", "casa", "hold_minutes", "0"], database: t.databaseURL)
        #expect(bad.status != 0 && bad.stderr.contains("Hold minutes: 0 is out of range"), "\(bad.stderr)")
        let weekday = String(DateInput.weekdays[day.isoWeekday - 1].prefix(3))
        let refused = try CLITests.run(["venue", "hours", "--restaurant", "casa", "remove", "\(weekday) lunch 13:00-16:00"], database: t.databaseURL)
        #expect(refused.status != 0 && refused.stderr.contains("Nora Vidal") && refused.stderr.contains("--even-with-bookings"), "\(refused.stderr)")
        let anyway = try CLITests.run(["venue", "hours", "--restaurant", "casa", "remove", "\(weekday) lunch 13:00-16:00", "--even-with-bookings", "--json"],
                                      database: t.databaseURL)
        #expect(anyway.status == 0 && (anyway.object["still_booked"] as? [[String: Any]])?.count == 1, "\(anyway.stdout)\(anyway.stderr)")
        let turn = try CLITests.run(["venue", "turn", "--restaurant", "casa", "8", "160", "--json"], database: t.databaseURL)
        #expect(turn.status == 0 && (turn.object["saved"] as? [String]) == ["Turn for parties up to 8: 160 min"], "\(turn.status) \(turn.stdout)\(turn.stderr)")
        let moved = try CLITests.run(["venue", "table", "--restaurant", "casa", "move", "T1", "-1", "0"], database: t.databaseURL)
        #expect(moved.status != 0 && moved.stderr.contains("Table T1: x -1 is out of range"), "\(moved.stderr)")
        let added = try CLITests.run(["venue", "table", "--restaurant", "casa", "add", "B1 Barra 1-2"], database: t.databaseURL)
        #expect(added.status == 0 && added.stdout.contains("Table B1 added in Barra, 1-2 covers"), "\(added.stdout)\(added.stderr)")
        let json = try CLITests.run(["venue", "show", "--restaurant", "casa", "--json"], database: t.databaseURL)
        #expect((json.object["settings"] as? [String: String])?["hold_minutes"] == "25", "\(json.stdout)")
        #expect(try t.count("audit_log", where: "action = 'venue_edit'") >= 3)
    }

    @Test("tables: added below the plan, covers, moved and widened; renamed with its bookings; a party larger than the new covers is named first")
    func tables() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.wednesday, 12, 0))
        let r = try t.venue()
        let m = Self.manager(r)
        try t.book.changeVenue(restaurantID: r.id, [.table(.add(label: "B1", area: "Barra", minCovers: 1, maxCovers: 2))], actor: m)
        var b1 = try #require(try t.book.tables(restaurantID: r.id).first { $0.label == "B1" })
        #expect(try t.book.areas(restaurantID: r.id).contains { $0.id == b1.areaID && $0.name == "Barra" })
        let others = try t.book.tables(restaurantID: r.id).filter { $0.label != "B1" }
        #expect(others.allSatisfy { $0.y + $0.height <= b1.y }, "a new table goes below the plan, on top of none")
        try t.book.changeVenue(restaurantID: r.id, [.table(.move(label: "B1", dx: 2, dy: -1)), .table(.resize(label: "B1", dw: 1, dh: 0)),
                                                    .table(.covers(label: "B1", min: 1, max: 3))], actor: m)
        let moved = try #require(try t.book.tables(restaurantID: r.id).first { $0.label == "B1" })
        #expect(moved.id == b1.id && moved.x == b1.x + 2 && moved.y == b1.y - 1 && moved.width == b1.width + 1 && moved.maxCovers == 3)
        b1 = moved
        #expect(expectInvalid("venue") { _ = try t.book.changeVenue(restaurantID: r.id, [.table(.move(label: "B1", dx: -5, dy: 0))], actor: m) }?
                    .hasPrefix("Table B1: x ") == true, "off the plan's left edge")

        let e = try t.book.book(Fixtures.request(r, table: "T4", party: 6, name: "Nora Vidal"), actor: t.host).entry
        let shrunk = expectInvalid("bookings") { _ = try t.book.changeVenue(restaurantID: r.id, [.table(.covers(label: "T4", min: 2, max: 4))], actor: m) }
        #expect(shrunk?.contains("Nora Vidal ×6") == true, "\(shrunk ?? "")")
        let renamed = try t.book.changeVenue(restaurantID: r.id, [.table(.rename(label: "T4", to: "T40"))], actor: m)
        #expect(renamed.summary == "Saved: Table T4 is now T40.")
        #expect(try t.book.reservation(id: e.id).seatLabel == "T40", "the booking keeps its table")
        #expect(expectInvalid("venue") { _ = try t.book.changeVenue(restaurantID: r.id, [.table(.rename(label: "T40", to: "t3"))], actor: m) }?
                    .contains("already a table T3") == true)
        #expect(expectInvalid("venue") { _ = try t.book.changeVenue(restaurantID: r.id, [.table(.rename(label: "T40", to: "far too long"))], actor: m) } != nil)
        // The new table and its area, the three changes at once as one row change, the rename: each audited.
        let audited = try t.sql.query("SELECT entity, count(*) AS n FROM audit_log WHERE action = 'venue_edit' GROUP BY entity ORDER BY entity")
            .map { "\(try $0.string("entity")):\(try $0.int("n"))" }
        #expect(audited == ["area:1", "table:3"])
    }
}
