import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

/// Likely duplicate guests are pointed out, and a manager can merge two into one (issue 8, item 8).
@Suite("Guest duplicates and merge", .serialized)
struct GuestMergeTests {
    let manager = Actor(staffID: nil, name: "Marta", role: .manager)

    /// Books a new guest and returns their id.
    func guest(_ t: TestEnv, _ r: Restaurant, _ name: String, phone: String, email: String? = nil, table: String = "T3",
               date: LocalDate = Fixtures.friday, hour: Int = 19) throws -> CustomerID {
        try t.book.book(Fixtures.request(r, table: table, date: date, time: Fixtures.time(hour), party: table == "T4" ? 3 : 2, name: name,
                                         phone: phone, email: email),
                        actor: t.host).entry.customer.id
    }

    @Test("same name without case or accents and a phone one digit off, or the same e-mail: likely duplicates")
    func duplicatesFound() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let a = try guest(t, r, "Álvaro Núñez", phone: "600 11 22 33")
        let b = try guest(t, r, "alvaro nuñez", phone: "600 11 22 34", table: "T4")
        let c = try guest(t, r, "Carmen Vidal", phone: "611 00 00 01", email: "carmen@example.com", table: "P1")
        let d = try guest(t, r, "C. Vidal", phone: "699 99 99 99", email: "Carmen@Example.com", table: "T1")
        _ = try guest(t, r, "Álvaro Núñez Ruiz", phone: "622 33 44 55", table: "T2")  // another name: not one
        _ = try guest(t, r, "alvaro nunez", phone: "633 98 76 54", table: "T3", hour: 21)  // same name, unrelated phone: two people
        let pairs = try t.book.guestDuplicates(restaurantID: r.id)
        let found = Set(pairs.map { [$0.guest.id, $0.other.id].sorted() })
        #expect(found == [[a, b].sorted(), [c, d].sorted()])
        #expect(pairs.first { $0.guest.id == min(c, d) }?.reason == .email)
        let ofB = try t.book.guestDuplicates(of: b)
        #expect(ofB.map(\.other.id) == [a])
        #expect(ofB.first?.reason == .nameAndPhone)
    }

    @Test("a merge moves bookings, waitlist entries and the online account, fills blanks, keeps counters right, is audited")
    func mergeMovesEverything() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let keep = try guest(t, r, "Álvaro Núñez", phone: "600 11 22 33")
        let drop = try guest(t, r, "alvaro nuñez", phone: "600 11 22 34", email: "alvaro@example.com", table: "T4")
        // The duplicate's history: a seated (visit) and a cancelled booking, allergies, a waitlist entry, an online account.
        t.clock.set(Fixtures.friday, 19, 0)
        let dropBookings = try t.sql.query("SELECT id FROM reservations WHERE customer_id = $1", [drop]).map { try $0.uuid("id") }
        _ = try t.book.apply(.seat, to: try #require(dropBookings.first), actor: t.host)
        // No address typed for it (an address typed would become the one on file: issue 20, item 9).
        let later = try t.book.book(Fixtures.request(r, table: "P1", time: Fixtures.time(21), party: 2, name: "alvaro nuñez", phone: "600 11 22 34",
                                                     email: nil), actor: t.host).entry
        _ = try t.book.apply(.cancel, to: later.id, actor: t.host)
        try t.sql.query("UPDATE customers SET allergies = 'nuts' WHERE id = $1", [drop])
        try t.sql.query("UPDATE customers SET allergies = 'shellfish' WHERE id = $1", [keep])
        let w = try t.book.addToWaitlist(restaurantID: r.id, name: "alvaro nuñez", phone: nil, party: 2, actor: t.host)
        try t.sql.query("UPDATE waitlist SET customer_id = $1 WHERE id = $2", [drop, w.id])
        let account = try t.book(as: .api).register(GuestRegistration(email: "alvaro.online@example.com", password: "a-long-password-1",
                                                            firstName: "Alvaro", lastName: "Nunez", phone: "600 11 22 99")).answer
        try t.sql.query("UPDATE customers SET account_id = $1 WHERE id = $2", [account.id, drop])
        let before = try t.book.customer(id: drop)
        #expect(before.visits == 1 && before.cancellations == 1)

        let m = try t.book.mergeGuests(restaurantID: r.id, keep: keep, drop: drop, actor: manager)
        #expect(m.reservations == 2)
        #expect(m.waitlist == 1)
        #expect(m.accountMoved)
        #expect(Set(m.filled) == ["email", "allergies"])
        #expect(m.guest.phone == "+34600112233")  // the kept guest's own phone stays
        #expect(m.guest.email == "alvaro@example.com")
        #expect(m.guest.allergies == "shellfish; nuts")  // never loses an allergy
        #expect(m.guest.visits == 1 && m.guest.cancellations == 1 && m.guest.noShows == 0)
        #expect(try t.count("customers", where: "id = $1", [drop]) == 0)
        #expect(try t.count("reservations", where: "customer_id = $1", [keep]) == 3)
        #expect(try t.count("waitlist", where: "customer_id = $1", [keep]) == 1)
        #expect(try t.book.customerIDs(of: account.id).contains(keep))
        let audit = try #require(try t.sql.queryOne("""
            SELECT actor, entity_id, (before->'drop'->>'id') AS dropped, jsonb_array_length(after->'reservations') AS moved,
                   (after->>'account_moved') AS account
            FROM audit_log WHERE action = 'merge_guests' AND event
            """))
        #expect(try audit.string("actor") == "Marta")
        #expect(try audit.string("entity_id") == String(keep))
        #expect(try audit.string("dropped") == String(drop))
        #expect(try audit.int("moved") == 2)
        #expect(try audit.string("account") == "true")
        // Status changes after the merge still count for the kept guest (the trigger follows the move).
        let seated = try #require(dropBookings.first)
        _ = try t.book.apply(.complete, to: seated, actor: t.host)
        #expect(try t.book.customer(id: keep).visits == 1)
    }

    @Test("a host may not merge; nothing is written")
    func hostRefused() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let keep = try guest(t, r, "Álvaro Núñez", phone: "600 11 22 33")
        let drop = try guest(t, r, "alvaro nuñez", phone: "600 11 22 34", table: "T4")
        try t.expectNothingWritten {
            #expect(throws: ReservationError.forbidden(role: .host, action: "merge guests")) {
                try t.book.mergeGuests(restaurantID: r.id, keep: keep, drop: drop, actor: t.host)
            }
            #expect(throws: ReservationError.self) { try t.book.mergeGuests(restaurantID: r.id, keep: keep, drop: keep, actor: manager) }
        }
    }

    @Test("outside a merge a booking still cannot change guest")
    func guestChangeStillRefused() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let a = try guest(t, r, "Ana Ruiz", phone: "600 11 22 33")
        let b = try guest(t, r, "Bea Sanz", phone: "611 22 33 44", table: "T4")
        #expect(throws: (any Error).self) {
            try t.sql.query("UPDATE reservations SET customer_id = $1 WHERE customer_id = $2", [a, b])
        }
    }
}
