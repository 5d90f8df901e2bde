import Foundation
import Testing
import ReservationDomain
@testable import ReservaFlowUI

/// Issue 21: a manager disables an account, or gives it another role or venues. The terminal signed in as
/// it ends its session at once: the login screen, saying why, and nothing of the book left on the screen.
@Suite struct AccountChangeTests {
    static func screen(_ s: AppState) -> String { render(s, size: s.size).lines().joined(separator: "\n") }

    @Test("the feed's notice asks for the account; disabled, the session ends with the reason and no guest on screen")
    func disabled() throws {
        let s0 = Fixture.state(width: 160, height: 48)
        #expect(Self.screen(s0).contains("García"))
        let (s1, fx1) = Fixture.send(s0, .accountChanged)
        #expect(fx1 == [.checkAccount(Fixture.staff.id)])
        let (s2, fx2) = Fixture.send(s1, .accountChecked(nil))
        #expect(s2.staff == nil && s2.day == nil && s2.customer == nil && s2.overlay == nil)
        #expect(fx2.contains(.signOut))
        let text = Self.screen(s2)
        #expect(text.contains("Marta Vidal's account was disabled"), "\(text)")
        #expect(!text.contains("García") && !text.contains("Müller"), "no guest data without a sign-in")
    }

    @Test("a write refused because the account was disabled ends the session the same way")
    func refusedWrite() {
        let s = Fixture.send(Fixture.state(), .failed(.accountDisabled)).0
        #expect(s.staff == nil && s.day == nil)
        #expect(s.login.error?.contains("disabled") == true)
    }

    @Test("another role ends the session; a new name only changes the header")
    func roleAndName() {
        var demoted = Fixture.staff
        demoted.role = .manager
        let s = Fixture.send(Fixture.state(), .accountChecked(demoted)).0
        #expect(s.staff == nil && s.login.error?.contains("(now manager)") == true)
        var renamed = Fixture.staff
        renamed.displayName = "Marta V."
        let kept = Fixture.send(Fixture.state(), .accountChecked(renamed)).0
        #expect(kept.staff?.displayName == "Marta V." && kept.day != nil)
    }

    @Test("a held table goes back when the session ends mid-booking")
    func leaseReleased() throws {
        var s = Fixture.keys(Fixture.state(width: 160, height: 48), "n").0
        let lease = LeaseInfo(token: "mine", tableID: 3, start: Fixture.at(22, 0), end: Fixture.at(23, 30), holder: "Marta Vidal", expiresAt: Fixture.at(21, 11))
        s.overlay.withBookingForm { $0.lease = lease }
        #expect(s.overlay.bookingForm?.lease != nil)
        let fx = Fixture.send(s, .accountChecked(nil)).1
        #expect(fx.contains(.releaseLease(token: "mine")))
    }
}
