import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Issue 8: the key counts of the podium's common flows from the main screen, each sent to the real
/// program in one burst (one `tmux send-keys`), so a flow that needs more keys, or whose keys land in the
/// wrong fields when typed fast (item 12), fails here. docs/tui.md lists the counts.
extension TUIEndToEndTests {
    /// Control keys (not typed text) in a burst: everything that is not a literal string of text.
    static func controlKeys(_ burst: [String]) -> Int {
        burst.filter { ["Tab", "Enter", "Down", "Up", "Escape", "BTab"].contains($0) || $0.count == 1 && !$0.first!.isNumber }.count
    }

    @Test func commonFlowsInOneBurstWithTheirKeyCounts() throws {
        let venue = try E2EVenue()
        let now = Date()
        let (today, time) = venue.clock.localParts(of: now)
        _ = try venue.book.book(BookingRequest(restaurantID: venue.restaurant.id, tableLabel: "T3", date: today, time: time, partySize: 2,
                                               guest: .new(name: "Sentarse Ya", phone: "611000999", email: nil)),
                                actor: .commandLine(user: "e2e"))
        let tui = try venue.signedIn()
        try tui.waitFor(text: "Sentarse Ya")

        // Walk-in: w, the party, Enter.
        let walkIn = ["w", "2", "Enter"]
        try tui.press(walkIn)
        try venue.waitForEntries(on: today, "the walk-in") { $0.contains { $0.reservation.source == .walkIn && $0.reservation.status == .seated } }
        #expect(Self.controlKeys(walkIn) == 2 && walkIn.count == 3)

        // Phone booking, new guest: n, name, Tab Tab, phone, Tab, date, Tab, time, Tab, party, Enter.
        let newGuest = ["n", "Nuevo Cliente", "Tab", "Tab", "699000111", "Tab", "tomorrow", "Tab", "21:00", "Tab", "2", "Enter"]
        try tui.press(newGuest)
        let booked = try venue.waitForEntries(on: venue.tomorrow, "the new guest's booking") { $0.contains { $0.customer.name == "Nuevo Cliente" } }
        let first = try #require(booked.first { $0.customer.name == "Nuevo Cliente" })
        #expect(venue.clock.hhmm(first.reservation.startsAt) == "21:00" && first.reservation.partySize == 2 && first.customer.phone == "+34699000111")
        #expect(Self.controlKeys(newGuest) == 7)

        // Returning guest by phone: n, part of the number, Enter picks them, date, Tab, time, Tab, party, Enter.
        let returning = ["n", "699000", "Enter", "tomorrow", "Tab", "22:45", "Tab", "2", "Enter"]
        try tui.press(returning)
        let again = try venue.waitForEntries(on: venue.tomorrow, "the returning guest's booking") { $0.filter { $0.customer.id == first.customer.id }.count == 2 }
        #expect(again.contains { $0.customer.id == first.customer.id && venue.clock.hhmm($0.reservation.startsAt) == "22:45" })
        #expect(Self.controlKeys(returning) == 5)

        // Find by three letters and seat: /, the letters, Enter, s.
        let findAndSeat = ["/", "sen", "Enter", "s"]
        try tui.press(findAndSeat)
        try venue.waitForEntries(on: today, "seating Sentarse Ya") { $0.first { $0.customer.name == "Sentarse Ya" }?.reservation.status == .seated }
        #expect(Self.controlKeys(findAndSeat) == 3)
    }
}
