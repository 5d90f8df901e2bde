import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

extension TUIEndToEndTests {
    /// Issue 8's podium through the real binary: a host at 80x24 and a manager at 160x48. The waitlist shows
    /// the phone and the quote's time, `m` records "told", the manager's shift notes reach the host's header
    /// live, the host may not edit them, and `v` marks a late party as partly arrived on both screens.
    @Test func thePodiumAt80x24And160x48() throws {
        let venue = try E2EVenue(timeZone: E2EVenue.middayZone)
        let sql = try PGConnection(url: venue.databaseURL)
        let guest = try #require(try sql.queryOne("""
            INSERT INTO customers (restaurant_id, name, phone) VALUES ($1, 'Tarde Ruiz', '+34611999556') RETURNING id
            """, [venue.restaurant.id])).int64("id")
        let start = Date().addingTimeInterval(-20 * 60)
        try sql.query("""
            INSERT INTO reservations (restaurant_id, table_id, customer_id, party_size, starts_at, ends_at, status, source, created_by)
            VALUES ($1, $2, $3, 2, to_timestamp($4::float8), to_timestamp($4::float8) + interval '90 minutes', 'confirmed', 'phone', 'e2e')
            """, [venue.restaurant.id, try venue.tableID("T1"), guest, start])
        let waiting = try venue.book.addToWaitlist(restaurantID: venue.restaurant.id, name: "Marta Vidal", phone: "611 22 33 44", party: 2,
                                                   actor: .commandLine(user: "e2e"))
        let host = try venue.signedIn("ana", width: 80, height: 24)
        let manager = try venue.signedIn("marco", width: 160, height: 48)

        try host.press("W")
        let promised = venue.clock.hhmm(waiting.promisedAt)
        try host.waitFor("the waitlist with phone and quote time") {
            $0.contains("Marta Vidal") && $0.contains("611 223 344") && $0.contains("min, by \(promised)")
        }
        try host.press("m")
        try host.waitFor("told recorded") { $0.contains("told 0 min ago") }
        try host.press("Escape")

        try manager.type(":note Terrace closed tonight")
        try manager.press("Enter")
        try manager.waitFor("the manager's header") { $0.contains("✎ Terrace closed tonight") }
        try host.waitFor("the host's header, live") { $0.contains("✎ Terrace") }
        try host.type(":note cake")
        try host.press("Enter")
        try host.waitFor("the refusal") { $0.contains("A host cannot change the shift notes. Ask a manager.") }

        try host.press("o")
        try host.waitFor("the late list") { $0.contains("min late  Tarde Ruiz") }
        try host.press("Enter")
        try host.press("v")
        try host.waitFor("marked") { $0.contains("partly arrived") }
        try manager.waitFor("the mark on the other screen's floor") { $0.contains("◑ \(venue.clock.hhmm(start)) part") }
        #expect(try sql.queryOne("SELECT arrival FROM reservations WHERE customer_id = $1", [guest])?.string("arrival") == "partial")
    }
}
