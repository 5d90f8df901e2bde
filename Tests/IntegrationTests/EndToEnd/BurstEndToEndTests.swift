import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Issue 20: a Saturday night is flows in sequence. A walk-in seated, then a party added to the waitlist,
/// typed in one burst (one `tmux send-keys`) from the main screen: both land, and nothing else.
extension TUIEndToEndTests {
    @Test(arguments: [(160, 48), (80, 22)])
    func aWalkInThenAWaitlistAddInOneBurst(size: (width: Int, height: Int)) throws {
        let venue = try E2EVenue()
        let today = venue.clock.localDate(of: Date())
        let tui = try venue.signedIn(width: size.width, height: size.height)
        try tui.press(["w", "2", "Enter",
                       "W", "w", "3", "Tab", "Rosa Flores", "Enter"])
        let seated = try venue.waitForEntries(on: today, "the walk-in") {
            $0.contains { $0.reservation.source == .walkIn && $0.reservation.status == .seated }
        }
        #expect(seated.count == 1 && seated.first?.reservation.partySize == 2, "\(seated.map { "\($0.customer.name) ×\($0.reservation.partySize)" })")
        let deadline = Date().addingTimeInterval(10)
        var waiting: [WaitlistEntry] = []
        while Date() < deadline {
            waiting = try venue.book.daySheet(restaurantID: venue.restaurant.id, date: today).waitlist
            if !waiting.isEmpty { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let screen = (try? tui.screen()) ?? ""
        #expect(waiting.map { "\($0.name) ×\($0.partySize)" } == ["Rosa Flores ×3"], "\(screen)")
    }
}
