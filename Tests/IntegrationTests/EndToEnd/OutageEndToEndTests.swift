import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain
import ReservationNative

/// Issue 18, the podium's side of a database that goes away (a restart, a failover): a booking sent while
/// it does not answer waits in its form and goes in when it answers, once, with no restart of the program.
@Suite("End to end: the database away and back", .serialized)
struct OutageEndToEndTests {
    @Test func aBookingSentDuringAnOutageGoesInWhenTheDatabaseAnswers() throws {
        let venue = try E2EVenue()
        let tui = try venue.signedIn()
        try tui.press("n")
        try tui.waitFor(text: "New booking")
        try tui.type("Xavi Ruiz")
        try tui.press("Tab", "Tab")
        try tui.type("611666001")
        try tui.press("Tab")
        try tui.type("tomorrow")
        try tui.press("Tab")
        try tui.type("20:00")
        try tui.press("Tab")
        try tui.type("2")
        try tui.waitFor("the form's offer", timeout: 10) { $0.contains("held for you") || $0.contains("Enter book") }
        // Every session cut and new ones refused: to the programs, a server restarting or moving.
        let admin = try TestStack.admin()
        let name = TestStack.quoted(venue.database)
        try admin.query("ALTER DATABASE \(name) ALLOW_CONNECTIONS false")
        defer { _ = try? admin.query("ALTER DATABASE \(name) ALLOW_CONNECTIONS true") }
        try ReconnectTests.terminateSessions(of: venue.database)
        try tui.press("Enter")
        let waiting = try tui.waitFor("the form waiting", timeout: 10) { $0.contains("Database not answering") && $0.contains("the booking goes in") }
        #expect(waiting.contains("Xavi Ruiz"), "the form keeps its input")
        // Enter again while it waits must not send a second booking.
        try tui.press("Enter")
        try admin.query("ALTER DATABASE \(name) ALLOW_CONNECTIONS true")
        try tui.waitFor("the booking", timeout: 15) { $0.contains("Booked Xavi Ruiz") }
        let sql = try PGConnection(url: venue.databaseURL)
        let n = try #require(try sql.queryOne("""
            SELECT count(*) AS n FROM reservations x JOIN customers c ON c.id = x.customer_id WHERE c.name = 'Xavi Ruiz'
            """)).int("n")
        #expect(n == 1)
        #expect(!tui.isDead)
    }

    /// Issue 21: the manager's screens meet the same outage. A `:venue` change sent while the database does
    /// not answer is refused saying so, the prompt keeps what was typed, and the same Enter saves it once the
    /// database answers: no restart, nothing half-written.
    @Test func aVenueChangeDuringAnOutageIsSavedOnceTheDatabaseAnswers() throws {
        let venue = try E2EVenue()
        let manager = try venue.holdMinutesPrompt()
        try manager.press(["40"])
        let admin = try TestStack.admin()
        let name = TestStack.quoted(venue.database)
        try admin.query("ALTER DATABASE \(name) ALLOW_CONNECTIONS false")
        defer { _ = try? admin.query("ALTER DATABASE \(name) ALLOW_CONNECTIONS true") }
        try ReconnectTests.terminateSessions(of: venue.database)
        try manager.press("Enter")
        let refused = try manager.waitFor("the outage said", timeout: 10) { $0.contains("cannot be reached") }
        #expect(refused.contains("40"), "the prompt keeps what was typed")
        try admin.query("ALTER DATABASE \(name) ALLOW_CONNECTIONS true")
        let deadline = Date().addingTimeInterval(20)
        var saved = false
        while !saved && Date() < deadline {
            try manager.press("Enter")
            saved = (try? manager.waitFor("saved", timeout: 2) { $0.contains("Saved: Hold minutes: 40.") }) != nil
        }
        #expect(saved, "\((try? manager.screen()) ?? "")")
        // A fresh connection: the test's own book lost its session with the terminals'.
        let sql = try PGConnection(url: venue.databaseURL)
        #expect(try sql.queryOne("SELECT hold_minutes FROM restaurants WHERE id = $1", [venue.restaurant.id])?.int("hold_minutes") == 40)
        #expect(!manager.isDead)
    }
}
