import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

/// Issue 8, item 1 in the real program: a party past its turn is shown as such with the booking it keeps
/// waiting, and a walk-in is not put at its table.
extension TUIEndToEndTests {
    @Test func aPartyOverItsTurnIsShownAndKeepsItsTable() throws {
        // Rows from two hours ago to 40 minutes ahead must all be on the venue's today (the screen shows one
        // day): near midnight in UTC they were not, and "Ruiz due" was never on the screen.
        let venue = try E2EVenue(timeZone: E2EVenue.middayZone)
        // Written straight into the database: seated two hours ago for a 90-minute turn, so 30 minutes
        // over now (no clock to move: the rows are laid around the real now).
        let sql = try PGConnection(url: venue.databaseURL)
        let now = Date()
        let garcia = try #require(try sql.queryOne("INSERT INTO customers (restaurant_id, name, phone) VALUES ($1, 'Garcia', '+34611999777') RETURNING id",
                                                    [venue.restaurant.id])).int64("id")
        try sql.query("""
            INSERT INTO reservations (restaurant_id, table_id, customer_id, party_size, starts_at, ends_at, status, source, created_by, seated_at)
            VALUES ($1, $2, $3, 2, to_timestamp($4::float8), to_timestamp($4::float8) + interval '90 minutes', 'seated', 'walk_in', 'e2e',
                    to_timestamp($4::float8))
            """, [venue.restaurant.id, try venue.tableID("T1"), garcia, now.addingTimeInterval(-120 * 60)])
        let (day, soon) = venue.clock.localParts(of: now.addingTimeInterval(40 * 60))
        let ruiz = try venue.book.book(BookingRequest(restaurantID: venue.restaurant.id, tableLabel: "T1", date: day, time: soon, partySize: 2,
                                                      guest: .new(name: "Ruiz", phone: "611999666", email: nil)),
                                       actor: .commandLine(user: "e2e")).entry
        let tui = try venue.signedIn()
        // T1 is the selected table (h: nothing further left; it clears "Signed in as ..."): the status
        // line names the overrun and who is due.
        try tui.press("h")
        let due = venue.clock.hhmm(ruiz.reservation.startsAt)
        try tui.waitFor("the overrun in the status line") { $0.contains("Garcia ×2 30 min over its 90-min turn; Ruiz due \(due)") || $0.contains("Garcia ×2 29 min over its 90-min turn; Ruiz due \(due)") }
        // A walk-in of two goes elsewhere (T1 is the smallest table that fits two).
        try tui.press(["w", "2", "Enter"])
        let seated = try venue.waitForEntries(on: venue.today, "the walk-in") { $0.contains { $0.reservation.source == .walkIn && $0.customer.anonymous } }
        #expect(seated.first { $0.customer.anonymous }?.tableLabel != "T1")
    }
}
