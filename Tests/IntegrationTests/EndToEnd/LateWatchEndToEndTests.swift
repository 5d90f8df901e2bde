import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

extension TUIEndToEndTests {
    /// A VIP with allergies booked 20 minutes ago and not seated, through the real binary: the floor tile
    /// carries the late flag and the guest's marks, `o` lists the party, and Enter selects it.
    @Test func aLatePartyIsFlaggedListedAndSelectedWithItsGuestsMarks() throws {
        // Laid around the real now, on the venue's today (see aPartyOverItsTurnIsShownAndKeepsItsTable).
        let venue = try E2EVenue(timeZone: E2EVenue.middayZone)
        let sql = try PGConnection(url: venue.databaseURL)
        let guest = try #require(try sql.queryOne("""
            INSERT INTO customers (restaurant_id, name, phone, allergies, tags)
            VALUES ($1, 'Tarde Vip', '+34611999555', 'peanuts', '{VIP}') RETURNING id
            """, [venue.restaurant.id])).int64("id")
        let start = Date().addingTimeInterval(-20 * 60)
        try sql.query("""
            INSERT INTO reservations (restaurant_id, table_id, customer_id, party_size, starts_at, ends_at, status, source, created_by)
            VALUES ($1, $2, $3, 2, to_timestamp($4::float8), to_timestamp($4::float8) + interval '90 minutes', 'confirmed', 'phone', 'e2e')
            """, [venue.restaurant.id, try venue.tableID("T1"), guest, start])
        let due = venue.clock.hhmm(start)
        let tui = try venue.signedIn()
        let floor = try tui.waitFor("the late flag and the marks") { $0.contains("◔ \(due) +2") && $0.contains("⚠★") }
        #expect(floor.contains("⚠ allergy") && floor.contains("★ VIP"))
        try tui.press("o")
        try tui.waitFor("the late list") { $0.contains("Late, not seated (1)") && $0.contains("min late  Tarde Vip") }
        try tui.press("Enter")
        try tui.waitFor("the party selected") { !$0.contains("Late, not seated") && $0.contains("min late: Tarde Vip ×2") }
    }
}
