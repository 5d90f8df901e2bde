import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// The booking form's e-mail field (issue 8): a guest on file booked with an address records it, checked
/// as a new guest's is, and this booking's mails go there.
@Suite("A guest on file booked with an e-mail", .serialized)
struct GuestEmailTests {
    @Test("the address is recorded and mailed; a bad one is refused; none leaves the one on file")
    func core() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let first = try t.book.book(Fixtures.request(r, table: "T1", party: 2, email: nil), actor: t.host).entry
        #expect(first.customer.email == nil)
        let guest = first.customer.id

        var again = Fixtures.request(r, table: "T2", party: 2)
        again.guest = .existing(guest, email: "Lucia.G@Example.COM")
        let booked = try t.book.book(again, actor: t.host).entry
        #expect(booked.customer.id == guest)
        #expect(booked.customer.email == "Lucia.G@example.com")  // the domain lowercased, as for a new guest
        #expect(try t.book.customer(id: guest).email == "Lucia.G@example.com")
        let mails = try t.sql.query("SELECT recipient FROM notifications WHERE reservation_id = $1 AND kind = 'confirmation'",
                                    [booked.reservation.id])
        #expect(try mails.map { try $0.string("recipient") } == ["Lucia.G@example.com"])

        try t.expectNothingWritten {
            var bad = Fixtures.request(r, table: "T4", party: 4)
            bad.guest = .existing(guest, email: "lucia@example")
            _ = expectInvalid("email") { _ = try t.book.book(bad, actor: t.host) }
        }

        var plain = Fixtures.request(r, table: "T4", party: 4)
        plain.guest = .existing(guest)
        _ = try t.book.book(plain, actor: t.host)
        #expect(try t.book.customer(id: guest).email == "Lucia.G@example.com")
    }
}
