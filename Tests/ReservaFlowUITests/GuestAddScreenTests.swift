import Foundation
import Testing
@testable import ReservaFlowUI
@testable import ReservationDomain

/// Issue 21: `:guests`, `a` puts a guest on file without a booking, as the original's admin could.
@Suite struct GuestAddScreenTests {
    static func opened() -> AppState {
        let (s, _) = AdminScreenTests.command(AdminScreenTests.manager(), "guests")
        return Fixture.send(s, .adminLoaded(.guests, .guests([Fixture.muller]))).0
    }

    @Test("a, then a name, a phone and an e-mail in any order: sent as typed, the prompt waits for the core")
    func typed() {
        let prompt = Fixture.keys(Self.opened(), "a").0
        guard case .prompt(let p)? = prompt.overlay, case .newGuest = p.kind else { Issue.record("no prompt"); return }
        let sent = Fixture.press(Fixture.keys(prompt, "Nora Vidal 611 000 111 nora@mail.es").0, .enter)
        #expect(sent.1 == [.addGuest(1, name: "Nora Vidal", phone: "611 000 111", email: "nora@mail.es")])
        guard case .prompt? = sent.0.overlay else { Issue.record("the prompt waits"); return }
        // The core's refusal is said in the prompt, what was typed kept.
        let refused = Fixture.send(sent.0, .failed(.invalid(field: "phone", message: "The phone +34611000111 is already Müller's (guest 101): open them instead.")))
        guard case .prompt(let r)? = refused.0.overlay else { Issue.record("the prompt stays"); return }
        #expect(r.error?.hasPrefix("The phone +34611000111 is already Müller's") == true && r.field.text.contains("Nora Vidal"))
        // Added: the list shows them, found by name.
        let nora = Customer(id: 120, restaurantID: 1, name: "Nora Vidal", phone: "+34611000111")
        let added = Fixture.send(sent.0, .guestAdded(nora))
        guard case .admin(let list)? = added.0.overlay else { Issue.record("back on :guests"); return }
        #expect(list.kind == .guests && list.filter.text == "Nora Vidal")
        #expect(added.1 == [.loadAdmin(.guests, 1, filter: "Nora Vidal")])
        #expect(added.0.message?.text.hasPrefix("Nora Vidal is on file (guest 120)") == true)
    }

    @Test("without a phone it says what to type and sends nothing; Esc goes back to the list")
    func refusedHere() {
        let prompt = Fixture.keys(Self.opened(), "a").0
        let bad = Fixture.press(Fixture.keys(prompt, "Nora Vidal").0, .enter)
        guard case .prompt(let p)? = bad.0.overlay else { Issue.record("the prompt stays"); return }
        #expect(bad.1.isEmpty && p.error?.hasPrefix("Type the name and the phone") == true)
        guard case .admin(let back)? = Fixture.press(prompt, .esc).0.overlay else { Issue.record("Esc goes back"); return }
        #expect(back.kind == .guests)
        var readOnly = Self.opened()
        readOnly.config.readOnly = true
        guard case .admin? = Fixture.keys(readOnly, "a").0.overlay else { Issue.record("read-only: no prompt"); return }
    }
}
