import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Issue 21: the manager's desk erases a guest on request through the core's one rule (issue 24's
/// `eraseGuest`); the command line says what it would do and does it only with --yes.
@Suite("Erasing a guest from the command line")
struct GuestEraseCommandTests {
    @Test("without --yes it names what would go and changes nothing; with it the data goes and the bookings stay")
    func erase() throws {
        let t = try TestEnv(now: Date())
        let r = try t.venue()
        let day = r.clock.localDate(of: Date()).adding(days: 2)
        let e = try t.book.book(Fixtures.request(r, date: day, time: Fixtures.time(20), name: "Nora Vidal", email: "nora@example.com"), actor: t.host).entry
        _ = try t.book.updateGuest(e.customer.id, GuestUpdate(allergies: "sesame"), actor: t.host)
        let asked = try CLITests.run(["guest", "erase", String(e.customer.id)], database: t.databaseURL)
        #expect(asked.status == 2 && asked.stderr.contains("Nora Vidal") && asked.stderr.contains("1 booking still ahead") && asked.stderr.contains("--yes"), "\(asked.stderr)")
        #expect(try t.book.customer(id: e.customer.id).allergies == "sesame")
        let done = try CLITests.run(["guest", "erase", String(e.customer.id), "--yes", "--json"], database: t.databaseURL)
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.object["cancelled"] as? [String] == [e.id.lowercasedString])
        let after = try t.book.customer(id: e.customer.id)
        #expect(after.allergies.isEmpty && after.email == nil && after.phone.isEmpty && after.name != "Nora Vidal")
        #expect(try t.book.reservation(id: e.id).reservation.status == .cancelled, "kept, for the counts, cancelled first")
    }
}
