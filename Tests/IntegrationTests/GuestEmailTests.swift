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

    /// Issue 20, item 9: `reservaflow book --phone <on file> --email new@...` booked the guest on file, kept
    /// the old address and mailed the confirmation there. One rule for every front end: the address typed
    /// for this booking is where its mails go, and the guest's record takes it.
    @Test("a returning guest recognised by phone, booked with a new address: the record and this booking's mail take it")
    func returningByPhoneWithANewAddress() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let first = try t.book.book(Fixtures.request(r, table: "T1", party: 2, email: "old@example.com"), actor: t.host).entry
        let again = try t.book.book(Fixtures.request(r, table: "T2", party: 2, email: "New@Example.com"), actor: t.host).entry
        #expect(again.customer.id == first.customer.id)
        #expect(try t.book.customer(id: first.customer.id).email == "New@example.com")
        let mails = try t.sql.query("SELECT recipient FROM notifications WHERE reservation_id = $1 AND kind = 'confirmation'",
                                    [again.reservation.id])
        #expect(try mails.map { try $0.string("recipient") } == ["New@example.com"])
        // Audited: the guest's record changed by the booking, the old address before, the new after.
        #expect(try t.count("audit_log", where: "entity = 'customer' AND action = 'book' AND before->>'email' = 'old@example.com' AND after->>'email' = 'New@example.com'") == 1)
        // No address typed: the one on file stays.
        _ = try t.book.book(Fixtures.request(r, table: "T4", party: 4, email: nil), actor: t.host)
        #expect(try t.book.customer(id: first.customer.id).email == "New@example.com")
    }

    @Test("the CLI books a returning guest with the new address it was given")
    func cli() throws {
        // The CLI runs on the real clock: a venue that books 400 days ahead, a day a week from now.
        let t = try TestEnv(now: Date())
        let r = try t.venue(Fixtures.floor(advanceDays: 400))
        let day = r.clock.localDate(of: Date()).adding(days: 7)
        _ = try t.book.book(Fixtures.request(r, table: "T1", date: day, party: 2, email: "old@example.com"), actor: t.host)
        let run = try CLITests.run(["book", "--restaurant", r.slug, "--table", "T2", "--date", day.description, "--time", "21:00",
                                    "--party", "2", "--name", "Lucía Garrido", "--phone", "600 12 34 56", "--email", "new@example.com"],
                                   database: t.databaseURL)
        #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
        #expect(try t.count("customers", where: "email = 'new@example.com'") == 1)
        #expect(try t.count("customers", where: "email = 'old@example.com'") == 0)
        #expect(try t.count("notifications", where: "kind = 'confirmation' AND recipient = 'new@example.com'") == 1)
    }
}
