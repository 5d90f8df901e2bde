import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

extension TUIEndToEndTests {
    /// Issue 21: a manager disables a host's account while the host is signed in at the podium. The podium
    /// goes back to the login screen within a second, saying why, with no guest left on it; the host's
    /// password then opens nothing.
    @Test func aDisabledAccountsPodiumSignsOutAndCannotSignInAgain() throws {
        let venue = try E2EVenue()
        _ = try venue.book.book(BookingRequest(restaurantID: venue.restaurant.id, tableLabel: "T1", date: venue.tomorrow, time: TimeOfDay(hour: 20, minute: 0)!,
                                               partySize: 2, guest: .new(name: "Invitada Secreta", phone: "699 000 333", email: nil)),
                                actor: .commandLine(user: "e2e"))
        let tui = try venue.signedIn()
        try venue.goToTomorrow(tui)
        try tui.waitFor(text: "Invitada")
        try venue.book.changeStaff(username: "ana", StaffChange(active: false), actor: Actor(staffID: nil, name: "Marco Manager", role: .manager))
        let screen = try tui.waitFor("the login screen with the reason", timeout: 5) { $0.contains("account was disabled") }
        #expect(!screen.contains("Invitada"), "no guest data once signed out")
        try tui.press(["ana", "Tab", E2EVenue.hostPassword, "Enter"])
        try tui.waitFor(text: "This staff account has been disabled")
    }
}
