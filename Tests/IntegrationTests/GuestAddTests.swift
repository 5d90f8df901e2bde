import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Issue 21: the original's admin added a customer without a reservation. A guest is put on file with name,
/// phone and e-mail, checked as a new guest's are; a phone that is already a guest's is refused naming them.
@Suite("Putting a guest on file without a booking")
struct GuestAddTests {
    @Test("added, normalised and audited; a phone on file is refused naming its guest; bad fields write nothing")
    func add() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let g = try t.book.addGuest(restaurantID: r.id, name: "  Nora   Vidal ", phone: "611 000 111", email: "Nora@Example.com", actor: t.host)
        #expect(g.name == "Nora Vidal" && g.phone == "+34611000111" && g.email == "Nora@example.com" && g.visits == 0, "\(g)")
        #expect(try t.count("audit_log", where: "action = 'guest_add' AND entity = 'customer' AND entity_id = $1", [String(g.id)]) == 1)
        let refused = expectInvalid("phone") {
            _ = try t.book.addGuest(restaurantID: r.id, name: "Otra", phone: "+34 611 000 111", email: nil, actor: t.host)
        }
        #expect(refused == "The phone +34611000111 is already Nora Vidal's (guest \(g.id)): open them instead.", "\(refused ?? "")")
        let before = try t.count("customers")
        #expect(expectInvalid("phone") { _ = try t.book.addGuest(restaurantID: r.id, name: "Ana", phone: "12", email: nil, actor: t.host) } != nil)
        #expect(expectInvalid("email") { _ = try t.book.addGuest(restaurantID: r.id, name: "Ana", phone: "611 000 222", email: "no-at-sign", actor: t.host) } != nil)
        #expect(expectInvalid("name") { _ = try t.book.addGuest(restaurantID: r.id, name: "  ", phone: "611 000 222", email: nil, actor: t.host) } != nil)
        #expect(try t.count("customers") == before)
        // Booked later by phone, the record on file is the one the booking keeps.
        let booked = try t.book.book(Fixtures.request(r, name: "Nora Vidal", phone: "611000111", email: nil), actor: t.host).entry
        #expect(booked.customer.id == g.id)
    }

    @Test("the command line: guest add, then a second with the same phone is refused (exit 2)")
    func commandLine() throws {
        let t = try TestEnv(now: Date())
        _ = try t.venue()
        let added = try CLITests.run(["guest", "add", "--restaurant", "casa", "--name", "Pau Prats", "--phone", "622 000 333", "--json"], database: t.databaseURL)
        #expect(added.status == 0 && added.object["phone"] as? String == "+34622000333", "\(added.stderr)")
        let again = try CLITests.run(["guest", "add", "--restaurant", "casa", "--name", "Pau", "--phone", "622000333"], database: t.databaseURL)
        #expect(again.status == 2 && again.stderr.contains("already Pau Prats's"), "\(again.stderr)")
    }
}
