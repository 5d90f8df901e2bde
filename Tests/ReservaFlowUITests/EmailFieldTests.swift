import Foundation
@testable import ReservationDomain
import Testing
@testable import ReservaFlowUI

/// The booking form's e-mail field (issue 8; the CLI has `book --email`): checked as the core checks it,
/// filled in from a guest on file, and sent with the booking.
@Suite struct EmailFieldTests {
    /// A new guest's form filled up to the party; the e-mail is three Tabs on (table, notes, e-mail).
    func newGuest(width: Int = 80, height: Int = 24) -> AppState {
        var s = Fixture.keys(Fixture.state(width: width, height: height), "nPedro Gil").0
        s = Fixture.press(s, .tab, .tab).0
        s = Fixture.keys(s, "611999888").0
        s = Fixture.press(s, .tab, .tab).0
        s = Fixture.keys(s, "21:30").0
        s = Fixture.press(s, .tab).0
        return Fixture.keys(s, "2").0
    }

    /// Ana picked from the matches (the focus moves to the date), then time and party typed.
    func pickedAna(width: Int = 80, height: Int = 24) -> AppState {
        var s = Fixture.keys(Fixture.state(width: width, height: height), "nGarcía").0
        s = Fixture.send(s, .customersFound(fragment: "García", [Fixture.ana])).0
        s = Fixture.keys(Fixture.press(s, .enter, .tab).0, "21:30").0
        return Fixture.keys(Fixture.press(s, .tab).0, "2").0
    }

    @Test func aNewGuestsAddressGoesWithTheBooking() throws {
        let s = Fixture.keys(Fixture.press(newGuest(), .tab, .tab, .tab).0, "pedro@example.com").0
        #expect(Fixture.bookingForm(s)?.focus == .email)
        #expect(Fixture.bookedGuest(Fixture.press(s, .enter).1) == .new(name: "Pedro Gil", phone: "611999888", email: "pedro@example.com"))
        // None typed: none sent, and the counted flow (no e-mail) books from the party as before.
        #expect(Fixture.bookedGuest(Fixture.press(newGuest(), .enter).1) == .new(name: "Pedro Gil", phone: "611999888", email: nil))
    }

    @Test func anAddressTheCoreWouldRefuseIsRefusedInTheForm() throws {
        let s = Fixture.keys(Fixture.press(newGuest(), .tab, .tab, .tab).0, "pedro@example").0
        let lines = render(s, size: s.size).lines()
        #expect(lines.contains { $0.contains("E-mail  pedro@example") && $0.contains("? not an e-mail address") })
        let (t, fx) = Fixture.press(s, .enter)
        #expect(Fixture.bookedGuest(fx) == nil)
        let f = try #require(Fixture.bookingForm(t))
        #expect(f.focus == .email)
        #expect(f.error == "E-mail: \"pedro@example\" is not an e-mail address (like ana@example.com).")
    }

    @Test func aChosenGuestsAddressIsFilledInAndOnlyAChangeIsSent() throws {
        let s = pickedAna()
        let f = try #require(Fixture.bookingForm(s))
        #expect(f.email.text == "ana@example.com")
        #expect(Fixture.bookedGuest(Fixture.press(s, .enter).1) == .existing(Fixture.ana.id, email: nil))
        // Tab from the party: table, notes, e-mail; typing replaces the address on file.
        let t = Fixture.keys(Fixture.press(s, .tab, .tab, .tab).0, "ana.g@example.org").0
        #expect(Fixture.bookedGuest(Fixture.press(t, .enter).1) == .existing(Fixture.ana.id, email: "ana.g@example.org"))
    }

    @Test func typingAnotherGuestDropsTheChosenOnesAddress() throws {
        let s = Fixture.press(pickedAna(), .backTab, .backTab, .backTab).0
        #expect(Fixture.bookingForm(s)?.focus == .guest)
        let t = Fixture.keys(s, "Pedro").0
        #expect(Fixture.bookingForm(t)?.chosen == nil)
        #expect(Fixture.bookingForm(t)?.email.text == "")
    }

    @Test func theFieldAt160x48AndTheFormStillFitsAt80x22() throws {
        let wide = pickedAna(width: 160, height: 48)
        #expect(render(wide, size: wide.size).lines().contains { $0.contains("E-mail  ana@example.com") })
        let small = Fixture.send(newGuest(), .resize(Size(width: 80, height: 22))).0
        let lines = render(small, size: small.size).lines()
        #expect(lines.contains { $0.contains("E-mail ") })
        #expect(lines.contains { $0.contains("Status  (•) confirmed") })
        #expect(lines.contains { $0.contains("Enter book") })
    }
}
