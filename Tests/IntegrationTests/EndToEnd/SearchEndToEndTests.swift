import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Issue 20, item 1: `Enter` ends a search, so the flow typed after it in the same burst does what it does
/// from the main screen. Before, `n` stepped to the next match and the new guest's name ran as commands.
extension TUIEndToEndTests {
    @Test(arguments: [(160, 48), (80, 22)])
    func findAndSeatThenANewPhoneBookingInOneBurst(size: (width: Int, height: Int)) throws {
        let venue = try E2EVenue()
        let (today, time) = venue.clock.localParts(of: Date())
        _ = try venue.book.book(BookingRequest(restaurantID: venue.restaurant.id, tableLabel: "T3", date: today, time: time, partySize: 2,
                                               guest: .new(name: "Sneha Seated", phone: "611000998", email: nil)),
                                actor: .commandLine(user: "e2e"))
        let tui = try venue.signedIn(width: size.width, height: size.height)
        try tui.waitFor(text: "Sneha")

        try tui.press(["/", "sne", "Enter", "s",
                       "n", "Xavi Ruiz", "Tab", "Tab", "611666001", "Tab", "tomorrow", "Tab", "21:00", "Tab", "2", "Enter"])
        try venue.waitForEntries(on: today, "seating Sneha Seated") { $0.first { $0.customer.name == "Sneha Seated" }?.reservation.status == .seated }
        let booked = try venue.waitForEntries(on: venue.tomorrow, "Xavi Ruiz's booking") { $0.contains { $0.customer.name == "Xavi Ruiz" } }
        let xavi = try #require(booked.first { $0.customer.name == "Xavi Ruiz" })
        #expect(venue.clock.hhmm(xavi.reservation.startsAt) == "21:00" && xavi.reservation.partySize == 2 && xavi.customer.phone == "+34611666001")
        let todays = try venue.entries(on: today)
        #expect(todays.allSatisfy { $0.customer.name == "Sneha Seated" }, "nothing else was written today: \(todays.map(\.customer.name))")
    }
}
