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

extension TUIEndToEndTests {
    /// Issue 21: a manager records an allergy from one terminal (`/` finds the booking, `E` opens the guest);
    /// the host's terminal shows ⚠ for that guest within a second, through the change feed, without a reload.
    @Test func anAllergyRecordedAtOneTerminalShowsAtAnotherAtOnce() throws {
        let venue = try E2EVenue()
        let (today, time) = venue.clock.localParts(of: Date())
        _ = try venue.book.book(BookingRequest(restaurantID: venue.restaurant.id, tableLabel: "T3", date: today, time: time, partySize: 2,
                                               guest: .new(name: "Alba Alergia", phone: "611000777", email: nil)),
                                actor: .commandLine(user: "e2e"))
        let host = try venue.signedIn("ana")
        try host.waitFor(text: "Alba")
        let marks = { (screen: String) in screen.components(separatedBy: "⚠").count - 1 }
        let before = marks(try host.screen())
        let manager = try venue.signedIn("marco")
        try manager.waitFor(text: "Alba")
        try manager.press(["/", "alba", "Enter", "E"])
        try manager.waitFor(text: "Allergies")
        try manager.press(["sesame", "Enter"])
        try manager.waitFor(text: "Saved Alba Alergia's profile")
        let customer = try #require(try venue.entries(on: today).first { $0.customer.name == "Alba Alergia" }?.customer)
        #expect(customer.allergies == "sesame")
        try host.waitFor("⚠ on the host's screen", timeout: 3) { marks($0) > before }
    }
}

extension TUIEndToEndTests {
    /// Issue 21: the manager's desk in the real binary: `:staff`, `/` to find the host, `x`, `y`. The host's
    /// own terminal signs out; `:guests` then finds a guest by phone and opens them.
    @Test func aManagerDisablesAHostFromTheStaffScreen() throws {
        let venue = try E2EVenue()
        let host = try venue.signedIn("ana")
        let manager = try venue.signedIn("marco", width: 80, height: 22)
        try manager.press([":", "staff", "Enter"])
        try manager.waitFor(text: "Staff (2)")
        try manager.press(["/", "ana", "Enter", "x"])
        try manager.waitFor(text: "Disable ana")
        try manager.press("y")
        try manager.waitFor(text: "cannot sign in")
        try host.waitFor("the host's terminal signed out", timeout: 5) { $0.contains("account was disabled") }
        #expect(try venue.book.staffMember(username: "ana", actor: .commandLine()).active == false)

        _ = try venue.book.book(BookingRequest(restaurantID: venue.restaurant.id, tableLabel: "T2", date: venue.tomorrow, time: TimeOfDay(hour: 21, minute: 0)!,
                                               partySize: 2, guest: .new(name: "Gala Guía", phone: "611 000 555", email: nil)),
                                actor: .commandLine(user: "e2e"))
        try manager.press(["Escape", ":", "guests", "Enter"])
        try manager.waitFor(text: "Guests (")
        try manager.press(["/", "611000555"])
        try manager.waitFor(text: "Gala Gu")
        try manager.press(["Enter", "Enter"])
        try manager.waitFor("the guest pane", timeout: 5) { $0.contains("Gala Guía") && !$0.contains("Guests (") }
    }
}

extension TUIEndToEndTests {
    /// Issue 21: `:venue` in the real binary at 80x22: a value changed from its prompt (saved, and the core
    /// has it), one the floor file's checks refuse said in the prompt, a turn added.
    @Test func aManagerChangesTheVenuesRulesFromTheVenueScreen() throws {
        let venue = try E2EVenue()
        let manager = try venue.holdMinutesPrompt()
        try manager.press(["25", "Enter"])
        try manager.waitFor(text: "Saved: Hold minutes: 25.")
        #expect(try venue.book.restaurant(id: venue.restaurant.id).rules.holdMinutes == 25)
        try manager.press(["Escape", "/", "largest", "Enter", "Enter", "0", "Enter"])
        try manager.waitFor(text: "out of range")
        try manager.press(["Escape", "Escape", "t", "8 150", "Enter"])
        try manager.waitFor(text: "Saved: Turn for parties up to 8: 150 min.")
        #expect(try venue.book.restaurant(id: venue.restaurant.id).rules.turnTimes.contains(TurnTime(upToParty: 8, minutes: 150)))
        #expect(try venue.book.restaurant(id: venue.restaurant.id).rules.maxParty != 0)
    }
}

extension TUIEndToEndTests {
    /// Issue 21: `:floor` in the real binary: a table renamed (its booking keeps it), moved a cell with `L`,
    /// and a new one added; the core has each.
    @Test func aManagerRenamesMovesAndAddsTablesFromTheFloorScreen() throws {
        let venue = try E2EVenue()
        let booked = try venue.book.book(BookingRequest(restaurantID: venue.restaurant.id, tableLabel: "T2", date: venue.tomorrow, time: TimeOfDay(hour: 21, minute: 0)!,
                                                        partySize: 2, guest: .new(name: "Rita Renombre", phone: "611 000 888", email: nil)),
                                         actor: .commandLine(user: "e2e")).entry
        let before = try #require(try venue.book.tables(restaurantID: venue.restaurant.id).first { $0.label == "T2" })
        let manager = try venue.signedIn("marco")
        try manager.press([":", "floor", "Enter"])
        try manager.waitFor(text: "Tables (")
        try manager.press(["/", "t2", "Enter", "N"])
        try manager.waitFor(text: "New label for T2")
        try manager.press(["T20", "Enter"])
        try manager.waitFor(text: "Saved: Table T2 is now T20.")
        #expect(try venue.book.reservation(id: booked.id).seatLabel == "T20")
        try manager.press(["Escape", "/", "t20", "Enter", "L"])
        try manager.waitFor(text: "Saved: Table T20 moved.")
        let moved = try #require(try venue.book.tables(restaurantID: venue.restaurant.id).first { $0.id == before.id })
        #expect(moved.label == "T20" && moved.x == before.x + 1 && moved.y == before.y)
        try manager.press(["Escape", "a", "B9 Barra 1-2", "Enter"])
        try manager.waitFor(text: "Saved: Table B9 added in Barra, 1-2 covers.")
        #expect(try venue.book.tables(restaurantID: venue.restaurant.id).contains { $0.label == "B9" && $0.maxCovers == 2 })
    }
}

extension TUIEndToEndTests {
    /// Issue 21: `:floor` in the real binary at 160x48: the plan beside the list; `c` on T2 joins it with T3
    /// for one party, and `reservaflow floor export` has the new combination.
    @Test func aManagerJoinsTablesFromTheFloorScreen() throws {
        let venue = try E2EVenue()
        let manager = try venue.signedIn("marco")
        try manager.press([":", "floor", "Enter"])
        try manager.waitFor(text: "Tables (")
        try manager.waitFor("the plan beside the list") { $0.contains("Plan") && $0.contains("T2(4)") }
        try manager.press(["/", "t2", "Enter", "c"])
        try manager.waitFor(text: "New combination")
        try manager.press(["T3 2-8", "Enter"])
        try manager.waitFor(text: "Saved: Combination T2+T3 added, 2-8 covers.")
        try manager.waitFor("the combination's row") { $0.contains("T2+T3") && $0.contains("joined") }
        #expect(try venue.book.combinations(restaurantID: venue.restaurant.id).map(\.label) == ["T2+T3"])
        let exported = try CLITests.run(["floor", "export", "e2e"], database: venue.databaseURL)
        #expect(exported.status == 0 && exported.stdout.contains("[[combinations]]") && exported.stdout.contains("tables = [\"T2\", \"T3\"]"),
                "\(exported.stdout)\(exported.stderr)")
    }
}
