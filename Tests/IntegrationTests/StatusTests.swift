import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

@Suite("Status machine through the book")
struct StatusTests {
    @Test("confirm, seat, complete, cancel and no-show follow the machine; illegal moves are refused and write nothing")
    func transitions() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let hold = try t.book.book(Fixtures.request(r, holdMinutes: 30), actor: t.host).entry
        #expect(hold.reservation.status == .pending)

        let confirmed = try t.book.apply(.confirm, to: hold.id, actor: t.host)
        #expect(confirmed.reservation.status == .confirmed)
        #expect(confirmed.reservation.expiresAt == nil)
        #expect(try t.count("notifications", where: "reservation_id = $1 AND kind = 'confirmation'", [hold.id]) == 1)

        for illegal in [ReservationAction.confirm, .complete, .expire] {
            try t.expectNothingWritten {
                #expect(throws: ReservationError.illegalTransition(from: .confirmed, to: illegal.target)) {
                    try t.book.apply(illegal, to: hold.id, actor: t.host)
                }
            }
        }
        t.clock.set(Fixtures.friday, 19, 5)
        let seated = try t.book.apply(.seat, to: hold.id, actor: t.host)
        #expect(seated.reservation.status == .seated)
        #expect(seated.reservation.seatedAt == t.clock.now)
        for illegal in [ReservationAction.cancel, .noShow, .confirm] {
            #expect(throws: ReservationError.illegalTransition(from: .seated, to: illegal.target)) {
                try t.book.apply(illegal, to: hold.id, actor: t.host)
            }
        }
        t.clock.set(Fixtures.friday, 20, 40)
        let done = try t.book.apply(.complete, to: hold.id, actor: t.host)
        #expect(done.reservation.status == .completed)
        for action in ReservationAction.allCases {
            #expect(throws: ReservationError.illegalTransition(from: .completed, to: action.target)) {
                try t.book.apply(action, to: hold.id, actor: t.host)
            }
        }

        let other = try t.book.book(Fixtures.request(r, table: "T4", time: Fixtures.time(21), name: "Nora", phone: "611 000 111"), actor: t.host).entry
        t.clock.set(Fixtures.friday, 21, 15)  // a no-show once the booking is 15 min late (issue 8)
        #expect(try t.book.apply(.noShow, to: other.id, actor: t.host).reservation.status == .noShow)
        #expect(throws: ReservationError.illegalTransition(from: .noShow, to: .seated)) { try t.book.apply(.seat, to: other.id, actor: t.host) }

        let third = try t.book.book(Fixtures.request(r, table: "P1", time: Fixtures.time(21, 30), name: "Olga", phone: "611 000 222"), actor: t.host).entry
        #expect(try t.book.apply(.cancel, to: third.id, actor: t.host).reservation.status == .cancelled)
        #expect(throws: ReservationError.illegalTransition(from: .cancelled, to: .confirmed)) { try t.book.apply(.confirm, to: third.id, actor: t.host) }

        let actions = try t.sql.query("SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id", [hold.id.uuidString.lowercased()])
            .map { try $0.string("action") }
        #expect(actions == ["book", "confirmed", "seated", "completed"])
        #expect(throws: ReservationError.notFound(.reservation, id: "00000000-0000-0000-0000-000000000000")) {
            try t.book.apply(.cancel, to: UUID(uuidString: "00000000-0000-0000-0000-000000000000")!, actor: t.host)
        }
    }

    @Test("confirming a hold after it lapsed expires it instead")
    func confirmLapsedHold() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let hold = try t.book.book(Fixtures.request(r, holdMinutes: 10), actor: t.host).entry
        t.clock.advance(minutes: 11)
        let message = expectInvalid("reservation") { _ = try t.book.apply(.confirm, to: hold.id, actor: t.host) }
        #expect(message?.contains("lapsed at 12:10") == true)
        #expect(try t.book.reservation(id: hold.id).reservation.status == .expired)
    }

    @Test("completing early frees the rest of the slot")
    func completeEarly() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let first = try t.book.book(Fixtures.request(r, time: Fixtures.time(19)), actor: t.host).entry
        t.clock.set(Fixtures.friday, 19, 5)
        _ = try t.book.apply(.seat, to: first.id, actor: t.host)
        let later = Fixtures.request(r, time: Fixtures.time(20), name: "Next", phone: "611 000 111")
        #expect(throws: ReservationError.tableTaken(table: "T3", from: "19:00", to: "21:00", guest: "Lucía Garrido")) {
            try t.book.book(later, actor: t.host)
        }
        t.clock.set(Fixtures.friday, 20, 0)
        let done = try t.book.apply(.complete, to: first.id, actor: t.host)
        #expect(done.reservation.endsAt == t.clock.now)
        let next = try t.book.book(later, actor: t.host)
        #expect(next.entry.tableLabel == "T3")
        #expect(next.entry.reservation.startsAt == done.reservation.endsAt)
    }

    @Test("visits, cancellations and no-shows are counted on the guest")
    func customerCounters() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let first = try t.book.book(Fixtures.request(r, time: Fixtures.time(13)), actor: t.host).entry
        let guest = first.customer.id
        #expect(first.customer.visits == 0)
        t.clock.set(Fixtures.friday, 13, 2)
        _ = try t.book.apply(.seat, to: first.id, actor: t.host)
        #expect(try t.book.customer(id: guest).visits == 1)
        #expect(try t.book.customer(id: guest).lastVisitAt == t.clock.now)
        t.clock.set(Fixtures.friday, 14, 30)
        _ = try t.book.apply(.complete, to: first.id, actor: t.host)
        #expect(try t.book.customer(id: guest).visits == 1)  // seated -> completed is the same visit

        var again = Fixtures.request(r, time: Fixtures.time(20))
        again.guest = .existing(guest)
        let second = try t.book.book(again, actor: t.host).entry
        _ = try t.book.apply(.cancel, to: second.id, actor: t.host)
        again.time = Fixtures.time(21)
        let third = try t.book.book(again, actor: t.host).entry
        t.clock.set(Fixtures.friday, 21, 15)  // a no-show once the booking is 15 min late (issue 8)
        _ = try t.book.apply(.noShow, to: third.id, actor: t.host)
        // The same phone typed again is the same guest, not a new one.
        let fourth = try t.book.book(Fixtures.request(r, table: "T4", time: Fixtures.time(21, 30), name: "L. Garrido", phone: "+34 600 123 456"), actor: t.host)
        #expect(fourth.entry.customer.id == guest)
        #expect(fourth.entry.customer.name == "Lucía Garrido")

        let c = try t.book.customer(id: guest)
        #expect((c.visits, c.cancellations, c.noShows) == (1, 1, 1))
        #expect(try t.count("customers") == 1)
        #expect(try t.book.customerHistory(customerID: guest).map(\.reservation.status) == [.confirmed, .noShow, .cancelled, .completed])
    }

    @Test("cancelling withdraws pending mails and queues a cancellation")
    func cancellationMails() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let entry = try t.book.book(Fixtures.request(r), actor: t.host).entry
        t.clock.advance(minutes: 30)
        _ = try t.book.apply(.cancel, to: entry.id, actor: t.host)
        let rows = try t.sql.query("""
            SELECT kind, status, extract(epoch FROM scheduled_for) AS at FROM notifications WHERE reservation_id = $1 ORDER BY kind
            """, [entry.id])
        #expect(try rows.map { "\(try $0.string("kind")):\(try $0.string("status"))" } == ["cancellation:scheduled", "confirmation:cancelled", "reminder:cancelled"])
        #expect(try rows.first?.date("at") == t.clock.now)
    }
}
