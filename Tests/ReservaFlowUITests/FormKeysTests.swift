import Foundation
@testable import ReservationDomain
import Testing
@testable import ReservaFlowUI

/// Issue 8, item 13: Esc Esc leaves a form; Esc on any other question means "no, go back".
@Suite struct FormKeysTests {
    @Test func escTwiceLeavesTheFormAndReleasesItsLease() {
        var s = Fixture.keys(Fixture.state(), "nGarc").0
        if case .booking(var f) = s.overlay {
            f.lease = LeaseInfo(token: "mine", tableID: 3, start: Fixture.at(21, 30), end: Fixture.at(23, 30), holder: "Marta", expiresAt: Fixture.at(21, 20))
            s.overlay = .booking(f)
        }
        s = Fixture.send(s, .key(.esc)).0
        guard case .confirm(let p, _) = s.overlay, p.action == .discardForm else { Issue.record("no question: \(String(describing: s.overlay))"); return }
        let (gone, fx) = Fixture.send(s, .key(.esc))
        #expect(gone.overlay == nil)
        #expect(fx.contains(.releaseLease(token: "mine")))
        // The keys after it act on the main screen, never in the form that was left.
        #expect(Fixture.keys(gone, "y").0.overlay == nil)
        // n still goes back to the form, as typed.
        guard case .booking(let back)? = Fixture.keys(s, "n").0.overlay else { Issue.record("not back in the form"); return }
        #expect(back.guest.text == "Garc")
    }

    @Test func escOnAnotherQuestionMeansNo() {
        let s = Fixture.state()
        var asked = s
        asked.overlay = .confirm(ConfirmPrompt("Cancel?", .cancelReservation(Fixture.entries[2].id)), under: nil)
        let (after, fx) = Fixture.send(asked, .key(.esc))
        #expect(after.overlay == nil && fx.isEmpty)
    }

    @Test("← and → move the cursor in a text field; only on the table row do they choose a table")
    func arrowsEditTextOutsideTheTableRow() {
        var s = Fixture.keys(Fixture.state(), "nGarc").0
        guard case .booking(let before)? = s.overlay else { Issue.record("no form"); return }
        s = Fixture.send(s, .key(.left)).0
        s = Fixture.keys(s, "x").0
        guard case .booking(let after)? = s.overlay else { Issue.record("form closed"); return }
        #expect(after.guest.text == "Garxc")
        #expect(after.tableLabel == before.tableLabel)
    }
}
