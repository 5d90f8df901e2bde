import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

extension TUIEndToEndTests {
    /// The booking form's e-mail field through the real binary: three Tabs from the party, in one burst,
    /// and the guest is written with the address.
    @Test func aNewGuestsEmailTypedInTheFormIsRecorded() throws {
        let venue = try E2EVenue()
        let tui = try venue.signedIn()
        let burst = ["n", "Correo Cliente", "Tab", "Tab", "699000222", "Tab", "tomorrow", "Tab", "21:00", "Tab", "2",
                     "Tab", "Tab", "Tab", "correo@Example.com", "Enter"]
        try tui.press(burst)
        let booked = try venue.waitForEntries(on: venue.tomorrow, "the booking with an e-mail") { $0.contains { $0.customer.name == "Correo Cliente" } }
        let e = try #require(booked.first { $0.customer.name == "Correo Cliente" })
        #expect(e.customer.email == "correo@example.com")
    }
}
