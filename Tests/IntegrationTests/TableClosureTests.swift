import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

/// Issue 21: a table out of service for a range of days (new chairs from the 24th to the 26th), beside "out of
/// service now". Offered to nobody on those days (availability, the cache, a booking's free seats, a walk-in),
/// refused by the database to any program, raw SQL included, and back the moment it is put back.
@Suite("A table out of service for some days")
struct TableClosureTests {
    static let monday = Fixtures.friday.adding(days: 10)
    static func manager(_ r: Restaurant) -> Actor { Actor(staffID: nil, name: "Mia", role: .manager, venues: [r.id]) }

    private func offers(_ t: TestEnv, _ r: Restaurant, _ label: String, on date: LocalDate) throws -> Bool {
        try t.book.availability(restaurantID: r.id, date: date, party: 4).slots.contains { $0.tables.contains { $0.label == label } }
    }

    @Test("offered to nobody on its days, refused by name, back at once when put back; audited")
    func offeredToNobody() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 12, 0))
        let r = try t.venue()
        #expect(try offers(t, r, "T3", on: Self.monday), "T3 is offered before (and this answer is cached)")

        let done = try t.book.addTableClosure(restaurantID: r.id, label: "t3", from: Self.monday, to: Self.monday.adding(days: 1),
                                              reason: "New chairs", actor: Self.manager(r))
        #expect(done.closure.label == "T3" && done.stranded.isEmpty)
        #expect(try !offers(t, r, "T3", on: Self.monday), "the cached answer is not served once the table is out")
        #expect(try !offers(t, r, "T3", on: Self.monday.adding(days: 1)))
        #expect(try offers(t, r, "T3", on: Self.monday.adding(days: 2)), "the day after the range")
        #expect(try offers(t, r, "T4", on: Self.monday), "only that table")

        let refused = expectInvalid("table") {
            _ = try t.book.book(Fixtures.request(r, table: "T3", date: Self.monday, time: Fixtures.time(20)), actor: t.host)
        }
        #expect(refused == "Table T3 is out of service from \(Self.monday) to \(Self.monday.adding(days: 1)) (New chairs).", "\(refused ?? "")")
        let anywhere = try t.book.book(Fixtures.request(r, table: nil, date: Self.monday, time: Fixtures.time(20), phone: "611 000 111"), actor: t.host)
        #expect(anywhere.entry.seatLabel != "T3")

        let sheet = try t.book.daySheet(restaurantID: r.id, date: Self.monday)
        let t3 = try t.tableID(r.id, "T3")
        #expect(sheet.tablesClosed[t3]?.days.reason == "New chairs")
        #expect(sheet.table(labeled: "T3").map(sheet.isOpen) == false && sheet.table(labeled: "T3")?.active == true,
                "out for the day, not out of service now")
        #expect(try t.book.daySheet(restaurantID: r.id, date: Self.monday.adding(days: 2)).tablesClosed.isEmpty)
        #expect(try t.count("audit_log", where: "action = 'table_out_of_service' AND entity = 'table_closure'") == 1)

        let back = try t.book.removeTableClosure(restaurantID: r.id, label: "T3", startingOn: Self.monday, actor: Self.manager(r))
        #expect(back.days.endsOn == Self.monday.adding(days: 1))
        #expect(try offers(t, r, "T3", on: Self.monday))
        let booked = try t.book.book(Fixtures.request(r, table: "T3", date: Self.monday, time: Fixtures.time(20), phone: "611 000 222"), actor: t.host)
        #expect(booked.entry.seatLabel == "T3")
        #expect(try t.count("audit_log", where: "action = 'table_in_service' AND entity = 'table_closure'") == 1)
    }

    @Test("over live bookings it names them and writes nothing; taken out anyway, they stay and can still be cancelled or moved")
    func strandedBookings() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 12, 0))
        let r = try t.venue()
        let nora = try t.book.book(Fixtures.request(r, table: "T3", date: Self.monday, time: Fixtures.time(20), name: "Nora Vidal"), actor: t.host).entry
        let refused = expectInvalid("closure") {
            _ = try t.book.addTableClosure(restaurantID: r.id, label: "T3", from: Self.monday, to: Self.monday, reason: "", actor: Self.manager(r))
        }
        #expect(refused?.contains("1 live booking on T3 on those days: Nora Vidal ×4") == true, "\(refused ?? "")")
        #expect(try t.book.schedule(for: r).tableClosures.isEmpty, "nothing written")

        let done = try t.book.addTableClosure(restaurantID: r.id, label: "T3", from: Self.monday, to: Self.monday, reason: "Leak",
                                              strandingBookings: true, actor: Self.manager(r))
        #expect(done.stranded.map(\.id) == [nora.id])
        #expect(try t.book.reservation(id: nora.id).reservation.status == .confirmed, "left for the manager to move")
        // A booking already there moves off it, and changes on it that stay inside its range are allowed.
        let moved = try t.book.change(nora.id, ReservationChange(tableLabel: "T4"), actor: t.host)
        #expect(moved.seatLabel == "T4")
        let back = expectInvalid("table") { _ = try t.book.change(nora.id, ReservationChange(tableLabel: "T3"), actor: t.host) }
        #expect(back == "Table T3 is out of service on \(Self.monday) (Leak).", "\(back ?? "")")
        _ = try t.book.apply(.cancel, to: nora.id, actor: t.host)
    }

    @Test("the database refuses a live booking there to every program's role, raw SQL included")
    func theDatabaseKeepsIt() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 12, 0))
        let r = try t.venue()
        let guest = try t.book.book(Fixtures.request(r, table: "T4", date: Self.monday, time: Fixtures.time(20)), actor: t.host).entry
        try t.book.addTableClosure(restaurantID: r.id, label: "T3", from: Self.monday, to: Self.monday, reason: "Leak", actor: Self.manager(r))
        let t3 = try t.tableID(r.id, "T3")
        let runtime = try PGConnection(url: t.databaseURL)
        let moved = #expect(throws: PGError.self) {
            try runtime.query("UPDATE reservations SET table_id = $1 WHERE id = $2", [t3, guest.id])
        }
        #expect(moved?.sqlState == PGError.tableOutOfService && moved?.message.contains("Table T3 is out of service on") == true,
                "\(String(describing: moved))")
        let inserted = #expect(throws: PGError.self) {
            try runtime.query("""
                INSERT INTO reservations (restaurant_id, table_id, customer_id, party_size, starts_at, ends_at, status, source, created_by)
                VALUES ($1, $2, $3, 2, to_timestamp($4::float8), to_timestamp($4::float8) + interval '1 hour', 'confirmed', 'phone', 'raw')
                """, [r.id, t3, guest.customer.id, Fixtures.instant(Self.monday, 13, 0)])
        }
        #expect(inserted?.sqlState == PGError.tableOutOfService)
        // The online channel's role (the API) is refused in the core's words.
        let online = expectInvalid("table") {
            _ = try t.book(as: .api).book(Fixtures.request(r, table: "T3", date: Self.monday, time: Fixtures.time(21), phone: "611 000 333"), actor: t.host)
        }
        #expect(online?.contains("out of service") == true, "\(online ?? "")")
        // Instants come from the venue's days, whatever a raw INSERT says they are.
        try t.sql.query("INSERT INTO table_closures (restaurant_id, table_id, starts_on, ends_on, starts_at, ends_at) VALUES ($1, $2, $3::date, $3::date, now(), now() + interval '1 second')",
                        [r.id, try t.tableID(r.id, "T1"), Self.monday.adding(days: 3).description])
        let span = try #require(try t.sql.queryOne("SELECT extract(epoch FROM starts_at) AS s, extract(epoch FROM ends_at) AS e FROM table_closures WHERE starts_on = $1::date",
                                                   [Self.monday.adding(days: 3).description]))
        #expect(try span.date("s") == r.clock.startOfDay(Self.monday.adding(days: 3)))
        #expect(try span.date("e") == r.clock.startOfDay(Self.monday.adding(days: 4)))
    }

    @Test("overlapping or past ranges and unknown tables are refused; a host may not plan them")
    func refusals() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 12, 0))
        let r = try t.venue()
        try t.book.addTableClosure(restaurantID: r.id, label: "T3", from: Self.monday, to: Self.monday.adding(days: 2), reason: "Works", actor: t.admin)
        #expect(expectInvalid("from") {
            _ = try t.book.addTableClosure(restaurantID: r.id, label: "T3", from: Self.monday.adding(days: 2), to: Self.monday.adding(days: 4), reason: "", actor: t.admin)
        }?.contains("T3 out") == true)
        // Another table on the same days is its own range.
        try t.book.addTableClosure(restaurantID: r.id, label: "T4", from: Self.monday, to: Self.monday, reason: "", actor: t.admin)
        #expect(expectInvalid("to") {
            _ = try t.book.addTableClosure(restaurantID: r.id, label: "T1", from: Fixtures.friday.adding(days: -3), to: Fixtures.friday.adding(days: -1), reason: "", actor: t.admin)
        } != nil)
        #expect(expectInvalid("table") {
            _ = try t.book.addTableClosure(restaurantID: r.id, label: "T99", from: Self.monday, to: Self.monday, reason: "", actor: t.admin)
        } != nil)
        #expect(throws: ReservationError.forbidden(role: .host, action: "change the floor plan")) {
            try t.book.addTableClosure(restaurantID: r.id, label: "T1", from: Self.monday, to: Self.monday, reason: "", actor: t.host)
        }
        #expect(expectInvalid("from") {
            _ = try t.book.removeTableClosure(restaurantID: r.id, label: "T3", startingOn: Self.monday.adding(days: 1), actor: t.admin)
        } != nil)
    }

    @Test("a walk-in is not offered the table on its days")
    func walkIns() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 20, 0))
        let r = try t.venue()
        for label in ["T3", "T4", "P1"] {
            try t.book.addTableClosure(restaurantID: r.id, label: label, from: Fixtures.friday, to: Fixtures.friday, reason: "", actor: t.admin)
        }
        // Only T3, T4 and P1 take four: all out today, so a walk-in of four is told to wait, and seated tomorrow.
        let today = try t.book.walkIn(restaurantID: r.id, party: 4, actor: t.host)
        guard case .noTable = today else { Issue.record("expected no table, got \(today)"); return }
        t.clock.set(Fixtures.friday.adding(days: 1), 20)
        let tomorrow = try t.book.walkIn(restaurantID: r.id, party: 4, actor: t.host)
        guard case .seated(let entry) = tomorrow else { Issue.record("expected a table tomorrow, got \(tomorrow)"); return }
        #expect(["T3", "T4", "P1"].contains(entry.seatLabel))
    }

    @Test("the command line: --table takes one table out for some days, lists it, and puts it back")
    func commandLine() throws {
        let t = try TestEnv(now: Date())
        let r = try t.venue()
        let day = r.clock.localDate(of: Date()).adding(days: 3)
        _ = try t.book.book(Fixtures.request(r, table: "T3", date: day, time: Fixtures.time(20), name: "Nora Vidal"), actor: t.host)
        let refused = try CLITests.run(["closure", "add", "--restaurant", "casa", "--table", "T3", "--from", day.description, "--reason", "Chairs"],
                                       database: t.databaseURL)
        #expect(refused.status == 2 && refused.stderr.contains("Nora Vidal") && refused.stderr.contains("--even-with-bookings closes anyway"), "\(refused.stderr)")
        let added = try CLITests.run(["closure", "add", "--restaurant", "casa", "--table", "T3", "--from", day.description, "--to", day.adding(days: 1).description,
                                      "--reason", "Chairs", "--even-with-bookings", "--json"], database: t.databaseURL)
        #expect(added.status == 0, "\(added.stderr)")
        #expect((added.object["closure"] as? [String: Any])?["table"] as? String == "T3")
        #expect((added.object["still_booked"] as? [[String: Any]])?.count == 1)
        let list = try CLITests.run(["closure", "--restaurant", "casa"], database: t.databaseURL)
        #expect(list.stdout.contains("table T3") && list.stdout.contains("Chairs"), "\(list.stdout)")
        let removed = try CLITests.run(["closure", "remove", "--restaurant", "casa", "--table", "T3", "--from", day.description], database: t.databaseURL)
        #expect(removed.status == 0 && removed.stdout.contains("Table T3 is back in service"), "\(removed.stdout) \(removed.stderr)")
        #expect(try t.book.schedule(for: r).tableClosures.isEmpty)
    }
}
