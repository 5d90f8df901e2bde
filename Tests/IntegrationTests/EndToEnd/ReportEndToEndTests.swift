import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

extension TUIEndToEndTests {
    /// Issue 22: `:reports` in the real binary at 80x22: a host is refused in one sentence; a manager gets the
    /// covers report with a bar for a walk-in seated today, then steps to the next report and a year's span.
    @Test func aManagerReadsTheReportsAndAHostIsRefused() throws {
        let venue = try E2EVenue()
        _ = try venue.book.walkIn(restaurantID: venue.restaurant.id, party: 3, actor: .commandLine(user: "e2e"))
        let host = try venue.signedIn("ana", width: 80, height: 22)
        try host.press([":", "reports", "Enter"])
        try host.waitFor(text: "A host cannot read the reports. Ask a manager.")
        let manager = try venue.signedIn("marco", width: 80, height: 22)
        try manager.press([":", "reports", "Enter"])
        try manager.waitFor(text: "Covers and bookings")
        // The four weeks to yesterday, then the four weeks after them: today's walk-in of three is a bar.
        try manager.press("]")
        try manager.waitFor("the walk-in's covers charted", timeout: 5) { $0.contains("Walk-in covers") && $0.contains("█") }
        try manager.press("l")
        try manager.waitFor(text: "No-shows and cancellations")
        try manager.press("y")
        try manager.waitFor(text: "365 days")
        try manager.press("Escape")
        try manager.waitFor("back on the floor", timeout: 5) { !$0.contains(":reports") }
    }
}
