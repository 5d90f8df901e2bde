import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

extension TUIEndToEndTests {
    /// Issue 21: in `:floor`, `O` takes a table out for some days in the real binary. Over a live booking the
    /// core names it and the manager is asked; `y` saves anyway. From then on the book refuses the table on
    /// that day, and the range is a row of `:floor`.
    @Test func aManagerTakesATableOutForADayFromTheFloorScreen() throws {
        let venue = try E2EVenue()
        _ = try venue.book.book(BookingRequest(restaurantID: venue.restaurant.id, tableLabel: "T2", date: venue.tomorrow, time: TimeOfDay(hour: 21, minute: 0)!,
                                               partySize: 2, guest: .new(name: "Rita Sillas", phone: "611 000 777", email: nil)),
                                actor: .commandLine(user: "e2e"))
        let manager = try venue.signedIn("marco")
        try manager.press([":", "floor", "Enter"])
        try manager.waitFor(text: "Tables (")
        try manager.press(["/", "t2", "Enter", "O"])
        try manager.waitFor(text: "T2 out of service")
        try manager.press(["tomorrow Sillas nuevas", "Enter"])
        try manager.waitFor(text: "Close anyway? (y/n)")
        try manager.waitFor(text: "Rita Sillas")
        try manager.press(["y"])
        try manager.waitFor(text: "1 booking is still on it: move them.")
        let closure = try #require(try venue.book.schedule(for: venue.restaurant).tableClosures.first)
        #expect(closure.label == "T2" && closure.days.startsOn == venue.tomorrow && closure.days.reason == "Sillas nuevas")
        let refused = reservationError {
            _ = try venue.book.book(BookingRequest(restaurantID: venue.restaurant.id, tableLabel: "T2", date: venue.tomorrow, time: TimeOfDay(hour: 13, minute: 0)!,
                                                   partySize: 2, guest: .new(name: "Otra Persona", phone: "611 000 778", email: nil)),
                                    actor: .commandLine(user: "e2e"))
        }
        #expect(refused?.description.contains("Table T2 is out of service on \(venue.tomorrow) (Sillas nuevas)") == true, "\(String(describing: refused))")
        try manager.waitFor(text: "Sillas nuevas")
    }

    /// Issue 20 and 21: a manager walking a table across the plan fast: five `L` in one burst (one `tmux
    /// send-keys`) move it exactly five cells, each change made on the venue as the one before left it.
    @Test func fiveMovesInOneBurstMoveATableFiveCells() throws {
        let venue = try E2EVenue()
        let before = try #require(try venue.book.tables(restaurantID: venue.restaurant.id).first { $0.label == "T2" })
        let manager = try venue.signedIn("marco", width: 80, height: 22)
        try manager.press([":", "floor", "Enter"])
        try manager.waitFor(text: "Tables (")
        try manager.press(["/", "t2", "Enter", "LLLLL"])
        let deadline = Date().addingTimeInterval(15)
        var x = before.x
        while Date() < deadline {
            x = try #require(try venue.book.tables(restaurantID: venue.restaurant.id).first { $0.id == before.id }).x
            if x >= before.x + 5 { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Thread.sleep(forTimeInterval: 0.5)  // a sixth move, were one sent twice, would land in this time
        let after = try #require(try venue.book.tables(restaurantID: venue.restaurant.id).first { $0.id == before.id })
        let screen = (try? manager.screen()) ?? ""
        #expect(after.x == before.x + 5 && after.y == before.y, "x \(before.x) → \(after.x)\n\(screen)")
    }
}

extension TUIEndToEndTests {
    /// Issue 21: who moved a booking, in words, in the real binary: `d` on the booking shows "T2 → T3" with the
    /// host who did it; `:audit` lists the same change for the manager.
    @Test func aBookingsHistoryAndTheAuditLogSayWhoMovedIt() throws {
        let venue = try E2EVenue()
        let (today, now) = venue.clock.localParts(of: Date())
        let booked = try venue.book.book(BookingRequest(restaurantID: venue.restaurant.id, tableLabel: "T2", date: today, time: now, partySize: 2,
                                                        guest: .new(name: "Hugo Historia", phone: "611 000 999", email: nil)),
                                         actor: .commandLine(user: "e2e")).entry
        _ = try venue.book.change(booked.id, ReservationChange(tableLabel: "T3"), actor: Actor(staffID: nil, name: "Ana Host", role: .host))
        let manager = try venue.signedIn("marco")
        try manager.waitFor(text: "Hugo")
        try manager.press(["/", "hugo", "Enter", "d"])
        let history = try manager.waitFor("the booking's history", timeout: 5) { $0.contains("T2 → T3") }
        #expect(history.contains("Ana Host"), "\(history)")
        try manager.press(["Escape", ":", "audit", "Enter"])
        let audit = try manager.waitFor("the audit log", timeout: 5) { $0.contains("Audit log (") && $0.contains("Ana Host") }
        #expect(audit.contains("change"), "\(audit)")
    }
}
