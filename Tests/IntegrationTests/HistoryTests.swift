import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain
import ReservationNative

/// Issue 21: a booking's history was in the audit log and readable only with psql. It reads as a manager
/// asks: who, when in the venue's time, and what changed ("T4 → T7", "20:00 → 20:30", "confirmed → cancelled").
@Suite("A booking's history")
struct HistoryTests {
    @Test("every change in order, who made it, and what it changed, raw SQL included")
    func history() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 12, 0))
        let r = try t.venue()
        let e = try t.book.book(Fixtures.request(r, table: "T4", time: Fixtures.time(20)), actor: t.host).entry
        _ = try t.book.change(e.id, ReservationChange(tableLabel: "T3"), actor: t.host)
        _ = try t.book.change(e.id, ReservationChange(time: Fixtures.time(20, 30)), actor: t.host)
        _ = try t.book.apply(.cancel, to: e.id, actor: t.host)
        try t.sql.query("UPDATE reservations SET notes = 'window please' WHERE id = $1", [e.id])
        let events = try t.book.history(e.id, actor: t.host)
        #expect(events.map(\.action) == ["book", "change", "change", "cancelled", "sql_update"], "\(events)")
        #expect(events[0].actor == "Ana")
        #expect(events[0].changes == ["T4 · \(DateInput.short(Fixtures.friday)) 20:00-22:00 · ×4 · confirmed"], "\(events[0].changes)")
        #expect(events[1].changes == ["T4 → T3"])
        #expect(events[2].changes == ["20:00-22:00 → 20:30-22:30"])
        #expect(events[3].changes == ["confirmed → cancelled"])
        #expect(events[4].actor.hasPrefix("sql:") && events[4].changes == ["notes: \"window please\""], "\(events[4])")
        #expect(events.map(\.at) == events.map(\.at).sorted())
    }

    @Test("the readable diff, from rows alone")
    func diff() throws {
        let clock = ZonedClock(identifier: "Europe/Madrid")!
        func row(_ json: String) throws -> BookingHistory.Row {
            guard case .object(let o) = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8)) else { throw ReservationError.internalError("not an object") }
            return o
        }
        let a = try row(#"{"status": "confirmed", "table_id": 4, "joined_table_ids": [], "party_size": 2, "starts_at": "2026-12-18T19:00:00+00:00", "ends_at": "2026-12-18T20:30:00+00:00", "arrival": "none"}"#)
        let b = try row(#"{"status": "seated", "table_id": 4, "joined_table_ids": [5], "party_size": 6, "starts_at": "2026-12-19T19:00:00.123+00:00", "ends_at": "2026-12-19T21:00:00+00:00", "arrival": "none"}"#)
        #expect(BookingHistory.changes(before: a, after: b, tables: [4: "T4", 5: "T5"], clock: clock)
                == ["confirmed → seated", "T4 → T4+T5", "Fri 18 Dec 20:00-21:30 → Sat 19 Dec 20:00-22:00", "×2 → ×6"])
        #expect(BookingHistory.changes(before: a, after: nil, tables: [:], clock: clock) == ["withdrawn (the seating was taken back)"])
        #expect(BookingHistory.changes(before: a, after: a, tables: [:], clock: clock).isEmpty)
    }

    @Test("a guest's profile history: the profile's changes in order, not the visit counts a booking keeps; the CLI reads it")
    func guestHistory() throws {
        let t = try TestEnv(now: Date())  // the command line runs on the real clock
        let r = try t.venue()
        let day = r.clock.localDate(of: Date()).adding(days: 2)
        let e = try t.book.book(Fixtures.request(r, table: "T4", date: day, time: Fixtures.time(20)), actor: t.host).entry
        var u = GuestUpdate(allergies: "sesame")
        u.setAllergens([.milk], current: e.customer.tags)
        _ = try t.book.updateGuest(e.customer.id, u, actor: t.host)
        _ = try t.book.book(Fixtures.request(r, table: "T3", date: day, time: Fixtures.time(13)), actor: t.host)  // bookkeeping only
        _ = try t.book.updateGuest(e.customer.id, GuestUpdate(email: "lucia.g@example.com"), actor: t.admin)
        let events = try t.book.guestHistory(e.customer.id, actor: t.host)
        #expect(events.map(\.action) == ["book", "guest_edit", "guest_edit"], "\(events)")
        #expect(events[1].actor == "Ana" && events[1].changes.contains("allergies: \"\" → \"sesame\"") && events[1].changes.contains { $0.hasPrefix("tags:") && $0.contains("allergen:milk") },
                "\(events[1].changes)")
        #expect(events[2].changes == ["email: \"lucia@example.com\" → \"lucia.g@example.com\""], "\(events[2].changes)")
        let cli = try CLITests.run(["history", "--guest", String(e.customer.id), "--json"], database: t.databaseURL)
        #expect(cli.status == 0 && (cli.json as? [Any])?.count == 3, "\(cli.stdout)\(cli.stderr)")
        let neither = try CLITests.run(["history"], database: t.databaseURL)
        #expect(neither.status != 0 && neither.stderr.contains("--guest"))
    }
}
