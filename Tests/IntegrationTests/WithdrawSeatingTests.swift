import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain
import ReservationNative

/// Issue 20, item 10: a walk-in or a waitlist seating entered by mistake (the wrong party, Enter twice, the
/// wrong list entry) could not be taken back: `u` knew only status changes, and cancelling would count a
/// cancellation for a guest who never booked. It is withdrawn, within the undo window, and the database
/// lets no role do that except through its function, declared as an undo.
@Suite("Withdrawing a seating")
struct WithdrawSeatingTests {
    func walkIn(_ t: TestEnv, _ r: Restaurant, party: Int = 2, name: String? = "Nora", phone: String? = "611 000 222",
                table: String? = nil) throws -> BookEntry {
        guard case .seated(let e) = try t.book.walkIn(restaurantID: r.id, party: party, name: name, phone: phone, tableLabel: table, actor: t.host) else {
            Issue.record("not seated")
            throw ReservationError.internalError("not seated")
        }
        return e
    }

    @Test("a walk-in undone is gone: its table free, no visit and no cancellation counted, the history kept")
    func walkInWithdrawn() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 20, 0))
        let r = try t.venue()
        let e = try walkIn(t, r, party: 4, table: "T4")
        #expect(try t.sql.queryOne("SELECT visits FROM customers WHERE id = $1", [e.customer.id])?.int("visits") == 1)
        t.clock.advance(minutes: 3)
        guard case .withdrawn(let was, let waiting) = try t.book.undo(e.id, actor: t.host) else {
            Issue.record("not withdrawn"); return
        }
        #expect(was.id == e.id && waiting == nil)
        #expect(try t.count("reservations", where: "id = $1", [e.id]) == 0)
        let guest = try #require(try t.sql.queryOne("SELECT visits, cancellations FROM customers WHERE id = $1", [e.customer.id]))
        #expect(try guest.int("visits") == 0 && guest.int("cancellations") == 0)
        // The history shows it came and went, the withdrawal as an undo by the host.
        let rows = try t.sql.query("SELECT action, actor, before->>'status' AS b, after IS NULL AS gone FROM audit_log WHERE entity = 'reservation' AND entity_id = $1 ORDER BY id",
                                   [e.id.lowercasedString])
        #expect(try rows.last?.string("action") == "undo" && rows.last?.string("actor") == "Ana")
        #expect(try rows.last?.string("b") == "seated" && rows.last?.bool("gone") == true)
        // T4 takes the next party at once.
        #expect(try walkIn(t, r, party: 4, name: "Next", phone: nil, table: "T4").tableLabel == "T4")
        // And there is nothing left to undo for the withdrawn one.
        #expect(throws: ReservationError.self) { _ = try t.book.undo(e.id, actor: t.host) }
    }

    @Test("a waitlist seating undone puts the party back on the list as it was (told stays told)")
    func waitlistSeatingWithdrawn() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 20, 0))
        let r = try t.venue()
        let w = try t.book.addToWaitlist(restaurantID: r.id, name: "Marta", phone: nil, party: 2, actor: t.host)
        _ = try t.book.updateWaitlist(entryID: w.id, to: .notified, actor: t.host)
        t.clock.advance(minutes: 1)
        let seated = try t.book.seatFromWaitlist(entryID: w.id, tableLabel: "P1", actor: t.host)
        t.clock.advance(minutes: 1)
        guard case .withdrawn(_, let waiting?) = try t.book.undo(seated.id, actor: t.host) else {
            Issue.record("not withdrawn with its waitlist entry"); return
        }
        #expect(waiting.id == w.id && waiting.status == .notified)
        #expect(try t.count("reservations", where: "id = $1", [seated.id]) == 0)
        #expect(try t.count("waitlist", where: "id = $1 AND reservation_id IS NULL", [w.id]) == 1)
        // Seated again from the list, now for real.
        #expect(try t.book.seatFromWaitlist(entryID: w.id, actor: t.host).reservation.status == .seated)
    }

    @Test("refused after the window, and once anything else changed the seating")
    func onlyFreshAndUntouched() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 20, 0))
        let r = try t.venue()
        let late = try walkIn(t, r)
        t.clock.advance(minutes: Double(ActionWindows.undoMinutes + 1))
        let message = expectInvalid("reservation") { _ = try t.book.undo(late.id, actor: t.host) }
        #expect(message?.contains("Too late to undo") == true, "\(message ?? "")")
        #expect(try t.count("reservations", where: "id = $1", [late.id]) == 1)

        let finished = try walkIn(t, r, name: "Pau", phone: nil)
        t.clock.advance(minutes: 1)
        _ = try t.book.apply(.complete, to: finished.id, actor: t.host)
        // `u` takes back the finish (the last change), not the seating.
        guard case .restored(let back) = try t.book.undo(finished.id, actor: t.host) else { Issue.record("not restored"); return }
        #expect(back.reservation.status == .seated)
        #expect(expectInvalid("reservation") { _ = try t.book.undo(finished.id, actor: t.host) }?.contains("Nothing to undo") == true)
        #expect(try t.count("reservations", where: "id = $1", [finished.id]) == 1)
    }

    @Test("the database withdraws only a fresh walk-in seating, declared as an undo, for the podium's role")
    func theDatabaseKeepsTheRule() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 12, 0))
        let r = try t.venue()
        let booked = try t.book.book(Fixtures.request(r, time: Fixtures.time(20)), actor: t.host).entry
        t.clock.set(Fixtures.friday, 20, 0)
        _ = try t.book.apply(.seat, to: booked.id, actor: t.host)
        let fresh = try walkIn(t, r)
        let app = try PGConnection(url: TestStack.url(t.databaseURL, as: .tools))
        func withdraw(_ id: UUID, declared: Bool) throws {
            try app.transaction {
                if declared { _ = try app.query("SELECT reservaflow_declare(NULL, 'someone', NULL, 'undo', NULL)") }
                _ = try app.query("SELECT reservaflow_withdraw_seating($1, $2)", [r.id, id])
            }
        }
        #expect(throws: PGError.self) { try withdraw(fresh.id, declared: false) }      // not declared
        #expect(throws: PGError.self) { try withdraw(booked.id, declared: true) }      // a booking seated, not a walk-in
        #expect(throws: PGError.self) { try app.query("DELETE FROM reservations WHERE id = $1", [fresh.id]) }
        for role in [TestStack.ProgramRole.api, .daemon] {
            let other = try PGConnection(url: TestStack.url(t.databaseURL, as: role))
            #expect(throws: PGError.self) { try other.query("SELECT reservaflow_withdraw_seating($1, $2)", [r.id, fresh.id]) }
        }
        // A walk-in made long ago by the server's clock is refused whatever the program's clock says.
        // (The log is append-only even for its owner; the test turns that off for one backdating UPDATE.)
        try t.sql.transaction {
            try t.sql.query("ALTER TABLE audit_log DISABLE TRIGGER USER")
            try t.sql.query("UPDATE audit_log SET at = at - interval '11 minutes' WHERE entity = 'reservation' AND entity_id = $1",
                            [fresh.id.lowercasedString])
            try t.sql.query("ALTER TABLE audit_log ENABLE TRIGGER USER")
        }
        #expect(throws: PGError.self) { try withdraw(fresh.id, declared: true) }
        #expect(try t.count("reservations", where: "id IN ($1, $2)", [fresh.id, booked.id]) == 2)
    }
}
