import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

extension TUIEndToEndTests {
    /// Pacing through the real binary at 80x24: the form shows the slot's covers against the limit, the core
    /// refuses a party past it, a manager is asked and `y` books it with the override (audited).
    @Test func aManagerBooksPastThePacingLimitAfterBeingAsked() throws {
        let venue = try E2EVenue()
        try TestStack.owner(venue.database).query("UPDATE restaurants SET pacing_covers = 8 WHERE id = $1", [venue.restaurant.id])
        for (table, party, phone) in [("T2", 4, "699000401"), ("T1", 2, "699000402")] {
            _ = try venue.book.book(Fixtures.request(venue.restaurant, table: table, date: venue.tomorrow, time: Fixtures.time(21), party: party,
                                                     name: "Early \(table)", phone: phone, email: nil), actor: .commandLine(user: "e2e"))
        }
        let tui = try venue.signedIn("marco", width: 80, height: 24)
        try tui.press(["n", "Rita Paz", "Tab", "Tab", "699000403", "Tab", "tomorrow", "Tab", "21:00", "Tab", "4"])
        _ = try tui.waitFor(text: "21:00 · 6/8 covers, no room for 4")
        try tui.press("Enter")
        _ = try tui.waitFor(text: "Book past the pacing limit anyway?")
        try tui.press("y")
        let booked = try venue.waitForEntries(on: venue.tomorrow, "the booking past the limit") { $0.contains { $0.customer.name == "Rita Paz" } }
        let e = try #require(booked.first { $0.customer.name == "Rita Paz" })
        let audit = try TestStack.owner(venue.database).queryOne(
            "SELECT after->'over_pacing'->>'covers_before' AS before, actor FROM audit_log WHERE action = 'book' AND entity_id = $1",
            [e.id.lowercasedString])
        #expect(try audit?.string("before") == "6")
        #expect(try audit?.string("actor") == "Marco Manager")
    }
}
