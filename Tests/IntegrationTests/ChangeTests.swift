import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

@Suite("Changing a reservation")
struct ChangeTests {
    @Test("move table, change time, change party size")
    func changes() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let entry = try t.book.book(Fixtures.request(r), actor: t.host).entry

        let moved = try t.book.change(entry.id, ReservationChange(tableLabel: "P1"), actor: t.host)
        #expect(moved.tableLabel == "P1")
        #expect(moved.reservation.startsAt == entry.reservation.startsAt)
        #expect(moved.reservation.endsAt == entry.reservation.endsAt)

        let later = try t.book.change(entry.id, ReservationChange(time: Fixtures.time(20, 15)), actor: t.host)
        #expect(later.reservation.startsAt == Fixtures.instant(Fixtures.friday, 20, 15))
        #expect(later.reservation.endsAt == Fixtures.instant(Fixtures.friday, 22, 15))
        let reminder = try t.sql.queryOne("SELECT extract(epoch FROM scheduled_for) AS at FROM notifications WHERE reservation_id = $1 AND kind = 'reminder'", [entry.id])
        #expect(try reminder?.date("at") == later.reservation.startsAt.addingTimeInterval(-24 * 3600))

        // Smaller party: shorter turn.
        let smaller = try t.book.change(entry.id, ReservationChange(partySize: 2, notes: "birthday"), actor: t.host)
        #expect(smaller.reservation.partySize == 2)
        #expect(smaller.reservation.endsAt == Fixtures.instant(Fixtures.friday, 21, 45))
        #expect(smaller.reservation.notes == "birthday")

        // Every rule of a new booking still holds, and a refused change writes nothing.
        try t.expectNothingWritten {
            #expect(expectInvalid("table") { _ = try t.book.change(entry.id, ReservationChange(partySize: 6), actor: t.host) } != nil)
            #expect(expectInvalid("table") { _ = try t.book.change(entry.id, ReservationChange(tableLabel: "T1", partySize: 4), actor: t.host) } != nil)
            #expect(expectInvalid("time") { _ = try t.book.change(entry.id, ReservationChange(time: Fixtures.time(23)), actor: t.host) } != nil)
            #expect(expectInvalid("date") { _ = try t.book.change(entry.id, ReservationChange(date: Fixtures.holiday), actor: t.host) } != nil)
            #expect(expectInvalid("party") { _ = try t.book.change(entry.id, ReservationChange(partySize: 40), actor: t.host) } != nil)
        }
        let audit = try t.sql.query("SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id", [entry.id.uuidString.lowercased()])
        #expect(try audit.map { try $0.string("action") } == ["book", "change", "change", "change"])
    }

    @Test("a change into someone else's time is refused with the guest named")
    func conflicts() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let mine = try t.book.book(Fixtures.request(r, table: "T3", time: Fixtures.time(19)), actor: t.host).entry
        _ = try t.book.book(Fixtures.request(r, table: "P1", time: Fixtures.time(20), name: "Iker Sola", phone: "611 000 111"), actor: t.host)
        try t.expectNothingWritten {
            #expect(throws: ReservationError.tableTaken(table: "P1", from: "20:00", to: "22:00", guest: "Iker Sola")) {
                try t.book.change(mine.id, ReservationChange(tableLabel: "P1"), actor: t.host)
            }
        }
        _ = try t.book.book(Fixtures.request(r, table: "T3", time: Fixtures.time(21, 30), name: "Rosa Pons", phone: "611 000 222"), actor: t.host)
        #expect(throws: ReservationError.tableTaken(table: "T3", from: "21:30", to: "23:30", guest: "Rosa Pons")) {
            try t.book.change(mine.id, ReservationChange(time: Fixtures.time(20)), actor: t.host)
        }
        // Moving within its own slot does not collide with itself.
        let shifted = try t.book.change(mine.id, ReservationChange(time: Fixtures.time(19, 30)), actor: t.host)
        #expect(shifted.reservation.endsAt == Fixtures.instant(Fixtures.friday, 21, 30))
    }

    @Test("a seated party can change table and size (issue 20: two more join), not time; a finished one cannot change")
    func seatedAndFinished() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let entry = try t.book.book(Fixtures.request(r), actor: t.host).entry
        t.clock.set(Fixtures.friday, 19, 10)
        let seated = try t.book.apply(.seat, to: entry.id, actor: t.host).reservation
        #expect(expectInvalid("reservation") { _ = try t.book.change(entry.id, ReservationChange(time: Fixtures.time(19, 30)), actor: t.host) } != nil)
        // One leaves: the size changes, its times stay what they were.
        let fewer = try t.book.change(entry.id, ReservationChange(partySize: 3), actor: t.host).reservation
        #expect(fewer.partySize == 3 && fewer.status == .seated && fewer.startsAt == seated.startsAt && fewer.endsAt == seated.endsAt)
        // Three more than T3 seats: refused by the table's size, as a booking would be; with T4 it fits.
        let tooBig = expectInvalid("table") { _ = try t.book.change(entry.id, ReservationChange(partySize: 6), actor: t.host) }
        #expect(tooBig?.contains("T3") == true, "\(String(describing: tooBig))")
        #expect(try t.book.reservation(id: entry.id).reservation.partySize == 3)
        let moved = try t.book.change(entry.id, ReservationChange(tableLabel: "T4", partySize: 6), actor: t.host)
        #expect(moved.tableLabel == "T4" && moved.reservation.partySize == 6 && moved.reservation.status == .seated)
        #expect(try t.count("audit_log", where: "entity_id = $1 AND action = 'change'", [entry.id.lowercasedString]) == 2)
        _ = try t.book.apply(.complete, to: entry.id, actor: t.host)
        #expect(expectInvalid("reservation") { _ = try t.book.change(entry.id, ReservationChange(notes: "x"), actor: t.host) } != nil)
    }
}
