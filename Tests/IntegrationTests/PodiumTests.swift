import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Issue 8, "the podium, right every time", in the core: the waitlist's order and "told ready" time,
/// arrival marks beside the status, and the day's shift notes (managers only).
@Suite("Podium: waitlist order, told ready, arrivals, shift notes")
struct PodiumTests {
    /// Friday 20:00, four walk-ins filling the two-tops so parties of two wait.
    func busyDinner() throws -> (TestEnv, Restaurant) {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 20, 0))
        let r = try t.venue()
        for _ in 0..<4 { _ = try t.book.walkIn(restaurantID: r.id, party: 2, actor: t.host) }
        return (t, r)
    }

    func order(_ t: TestEnv, _ r: Restaurant) throws -> [String] {
        try t.book.daySheet(restaurantID: r.id, date: Fixtures.friday).waitlist.map(\.name)
    }

    @Test("entries move up and down the list, stored and audited, and the ends refuse with a sentence")
    func reorder() throws {
        let (t, r) = try busyDinner()
        let a = try t.book.addToWaitlist(restaurantID: r.id, name: "Marta", phone: "611 22 33 44", party: 2, actor: t.host)
        let b = try t.book.addToWaitlist(restaurantID: r.id, name: "Pau", phone: nil, party: 2, actor: t.host)
        let c = try t.book.addToWaitlist(restaurantID: r.id, name: "Lola", phone: nil, party: 2, actor: t.host)
        #expect(a.position < b.position && b.position < c.position, "a new entry goes last")
        #expect(try order(t, r) == ["Marta", "Pau", "Lola"])
        _ = try t.book.moveWaitlistEntry(c.id, .up, actor: t.host)
        #expect(try order(t, r) == ["Marta", "Lola", "Pau"])
        _ = try t.book.moveWaitlistEntry(c.id, .up, actor: t.host)
        #expect(try order(t, r) == ["Lola", "Marta", "Pau"])
        _ = try t.book.moveWaitlistEntry(a.id, .down, actor: t.host)
        #expect(try order(t, r) == ["Lola", "Pau", "Marta"])
        // Another book (another terminal) reads the same order.
        #expect(try t.anotherBook().daySheet(restaurantID: r.id, date: Fixtures.friday).waitlist.map(\.name) == ["Lola", "Pau", "Marta"])
        try t.expectNothingWritten {
            #expect(expectInvalid("waitlist") { _ = try t.book.moveWaitlistEntry(c.id, .up, actor: t.host) } == "Lola is already first on the waitlist.")
            #expect(expectInvalid("waitlist") { _ = try t.book.moveWaitlistEntry(a.id, .down, actor: t.host) } == "Marta is already last on the waitlist.")
        }
        let moves = try t.sql.query("""
            SELECT entity_id, actor, before->>'place' AS b, after->>'place' AS a FROM audit_log WHERE action = 'waitlist_move' AND event ORDER BY id
            """).map { "\(try $0.string("entity_id")) \(try $0.string("actor")) \(try $0.string("b"))→\(try $0.string("a"))" }
        #expect(moves == ["\(c.id) Ana 3→2", "\(c.id) Ana 2→1", "\(a.id) Ana 2→3"])
        // Seated or removed: no longer in the list to move.
        _ = try t.book.updateWaitlist(entryID: b.id, to: .removed, actor: t.host)
        #expect(expectInvalid("waitlist") { _ = try t.book.moveWaitlistEntry(b.id, .up, actor: t.host) }?.contains("no longer waiting") == true)
        #expect(try order(t, r) == ["Lola", "Marta"])
    }

    @Test("telling a party its table is ready records when, audited; telling again restarts it; nothing is queued for a party with no address")
    func toldReady() throws {
        let (t, r) = try busyDinner()
        let w = try t.book.addToWaitlist(restaurantID: r.id, name: "Marta", phone: "611 22 33 44", party: 2, actor: t.host)
        #expect(w.notifiedAt == nil)
        t.clock.set(Fixtures.friday, 20, 12)
        let told = try t.book.updateWaitlist(entryID: w.id, to: .notified, actor: t.host)
        #expect(told.status == .notified)
        #expect(told.notifiedAt == Fixtures.instant(Fixtures.friday, 20, 12))
        #expect(try t.count("notifications") == 0, "no e-mail or SMS the daemon cannot send")
        #expect(try t.count("audit_log", where: "action = 'waitlist_notified' AND entity_id = $1", [String(w.id)]) == 1)
        t.clock.set(Fixtures.friday, 20, 20)
        #expect(try t.book.updateWaitlist(entryID: w.id, to: .notified, actor: t.host).notifiedAt == Fixtures.instant(Fixtures.friday, 20, 20))
        let listed = try #require(try t.book.daySheet(restaurantID: r.id, date: Fixtures.friday).waitlist.first)
        #expect(listed.notifiedAt == Fixtures.instant(Fixtures.friday, 20, 20))
        // The database keeps a told party's time: a notified row without one is refused.
        #expect(throws: (any Error).self) { try t.sql.query("UPDATE waitlist SET notified_at = NULL WHERE id = $1", [w.id]) }
    }

    @Test("seating from the waitlist at the table the host chose")
    func seatAtChosenTable() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 20, 0))
        let r = try t.venue()
        let w = try t.book.addToWaitlist(restaurantID: r.id, name: "Marta", phone: nil, party: 2, actor: t.host)
        let seated = try t.book.seatFromWaitlist(entryID: w.id, tableLabel: "P1", actor: t.host)
        #expect(seated.tableLabel == "P1", "the host's choice, not the best fit (T1)")
        #expect(seated.reservation.status == .seated)
    }

    @Test("arrival marks: partly, all, back; beside the status, audited, undone by undo; refused once seated")
    func arrivals() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 12, 0))
        let r = try t.venue()
        let e = try t.book.book(Fixtures.request(r, time: Fixtures.time(21)), actor: t.host).entry
        #expect(e.reservation.arrival == .none)
        t.clock.set(Fixtures.friday, 21, 5)
        let partly = try t.book.setArrival(e.id, .partial, actor: t.host)
        #expect(partly.reservation.arrival == .partial && partly.reservation.status == .confirmed)
        #expect(try t.book.daySheet(restaurantID: r.id, date: Fixtures.friday).entries.first { $0.id == e.id }?.reservation.arrival == .partial)
        let audit = try #require(try t.sql.queryOne("""
            SELECT action, actor, before->>'arrival' AS b, after->>'arrival' AS a FROM audit_log
            WHERE entity = 'reservation' AND entity_id = $1 ORDER BY id DESC LIMIT 1
            """, [e.id.lowercasedString]))
        #expect(try audit.string("action") == "arrival" && audit.string("actor") == "Ana")
        #expect(try audit.string("b") == "none" && audit.string("a") == "partial")
        // The same mark again writes nothing.
        try t.expectNothingWritten { _ = try t.book.setArrival(e.id, .partial, actor: t.host) }
        #expect(try t.book.setArrival(e.id, .arrived, actor: t.host).reservation.arrival == .arrived)
        // u takes the last mark back (arrived → partly), audited as an undo.
        t.clock.advance(minutes: 2)
        #expect(try t.book.undo(e.id, actor: t.host).reservation.arrival == .partial)
        #expect(try t.count("audit_log", where: "action = 'undo' AND entity_id = $1", [e.id.lowercasedString]) == 1)
        // Seated: the party is in; marking is refused and writes nothing. Undoing the seating keeps the mark.
        _ = try t.book.apply(.seat, to: e.id, actor: t.host)
        try t.expectNothingWritten {
            #expect(expectInvalid("arrival") { _ = try t.book.setArrival(e.id, .arrived, actor: t.host) }?.contains("already seated") == true)
        }
        #expect(try t.book.undo(e.id, actor: t.host).reservation.status == .confirmed)
        // The database refuses a value the program does not know.
        #expect(throws: (any Error).self) { try t.sql.query("UPDATE reservations SET arrival = 'maybe' WHERE id = $1", [e.id]) }
        // Cancelled: past arriving.
        _ = try t.book.apply(.cancel, to: e.id, actor: t.host)
        #expect(expectInvalid("arrival") { _ = try t.book.setArrival(e.id, .partial, actor: t.host) }?.contains("is cancelled") == true)
    }

    @Test("shift notes: per venue and day, one line, managers only (a host is told why), audited, removed when emptied")
    func shiftNotes() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 12, 0))
        let r = try t.venue()
        let manager = Actor(staffID: nil, name: "Lola", role: .manager)
        #expect(try t.book.shiftNote(restaurantID: r.id, date: Fixtures.friday) == nil)
        // A host is refused with the sentence the podium shows, and nothing is written.
        try t.expectNothingWritten {
            let refused = reservationError { _ = try t.book.setShiftNote(restaurantID: r.id, date: Fixtures.friday, text: "Cake", actor: t.host) }
            #expect(refused?.description == "A host cannot change the shift notes. Ask a manager.")
        }
        let saved = try #require(try t.book.setShiftNote(restaurantID: r.id, date: Fixtures.friday,
                                                         text: "VIP Ruiz at T4\n21:30 \u{1B}[31mcake", actor: manager))
        #expect(saved.text == "VIP Ruiz at T4 21:30 cake", "one line, control sequences removed")
        #expect(saved.updatedBy == "Lola")
        #expect(try t.book.daySheet(restaurantID: r.id, date: Fixtures.friday).shiftNote?.text == saved.text)
        #expect(try t.book.daySheet(restaurantID: r.id, date: Fixtures.friday.adding(days: 1)).shiftNote == nil, "per day")
        // Too long: refused before the database's CHECK.
        try t.expectNothingWritten {
            #expect(expectInvalid("notes") { _ = try t.book.setShiftNote(restaurantID: r.id, date: Fixtures.friday,
                                                                             text: String(repeating: "a", count: 301), actor: manager) } != nil)
        }
        _ = try t.book.setShiftNote(restaurantID: r.id, date: Fixtures.friday, text: "Terrace closed", actor: manager)
        let audits = try t.sql.query("""
            SELECT actor, before->>'body' AS b, after->>'body' AS a FROM audit_log WHERE action = 'shift_note' ORDER BY id
            """).map { "\(try $0.string("actor")): \(try $0.optionalString("b") ?? "-") → \(try $0.optionalString("a") ?? "-")" }
        #expect(audits == ["Lola: - → VIP Ruiz at T4 21:30 cake", "Lola: VIP Ruiz at T4 21:30 cake → Terrace closed"])
        // Emptied: gone.
        #expect(try t.book.setShiftNote(restaurantID: r.id, date: Fixtures.friday, text: "  ", actor: manager) == nil)
        #expect(try t.book.shiftNote(restaurantID: r.id, date: Fixtures.friday) == nil)
        // A manager of another venue may not write this one's.
        let elsewhere = Actor(staffID: nil, name: "Pep", role: .manager, venues: [r.id + 1000])
        #expect(reservationError { _ = try t.book.setShiftNote(restaurantID: r.id, date: Fixtures.friday, text: "x", actor: elsewhere) }?.httpStatus == 403)
    }
}
