import Foundation
import Testing
import ReservationDomain
@testable import ReservaFlowUI

/// Issue 20, items 1-3: the search line owns the keys until `Enter` or `Esc`, after which every key means
/// what it means on the main screen; questions and results always show; `Enter` goes to the guest due first,
/// the words in any order; a miss leaves nothing chosen.
@Suite struct SearchRuleTests {
    static let mateoDiaz = Customer(id: 110, restaurantID: 1, name: "Mateo Díaz", phone: "+34644000001")
    static let mateoLopez = Customer(id: 111, restaurantID: 1, name: "Mateo López", phone: "+34644000002")
    static let carmen = Customer(id: 112, restaurantID: 1, name: "Carmen Tanaka", phone: "+34644000003")

    /// The fixture's evening (21:10) plus two Mateos, the pending hold on the row listed first and the
    /// confirmed one due sooner, and Carmen Tanaka.
    static func busier() -> AppState {
        var sheet = Fixture.sheet()
        sheet.entries += [
            Fixture.entry(20, mateoDiaz, table: 11, label: "T11", party: 2, from: (21, 45), to: (23, 15), .pending),
            Fixture.entry(21, mateoLopez, table: 21, label: "B2", party: 2, from: (21, 15), to: (22, 45), .confirmed),
            Fixture.entry(22, carmen, table: 6, label: "T6", party: 6, from: (21, 30), to: (23, 30), .confirmed),
        ]
        return Fixture.send(Fixture.state(), .dayLoaded(sheet)).0
    }

    static func statusLine(_ s: AppState) -> String {
        render(s, size: s.size).lines()[Layout(size: s.size, focus: s.focus).status.y]
    }

    @Test("after /ga Enter the next flow is the main screen's: n opens a new booking and the name goes into it")
    func aFinishedSearchLeavesTheKeysToTheNextFlow() {
        var s = Fixture.state()
        var seen: [AppState] = []
        for c in "/ga" { s = Fixture.keys(s, String(c)).0; seen.append(s) }
        #expect(s.overlay == nil && s.areaIndex == 0, "letters on the search line are text, not commands")
        s = Fixture.press(s, .enter).0
        seen.append(s)
        #expect(s.search == nil)
        #expect(s.selectedReservation == Fixture.entries[0].id)
        s = Fixture.keys(s, "nXavi Ruiz").0
        seen.append(s)
        #expect(Fixture.bookingForm(s)?.guest.text == "Xavi Ruiz")
        for step in seen {
            let keys = KeyBindings.footer(step).map(\.0)
            #expect(!(keys.contains("n/N") && keys.contains("n")), "the key line offers n for two things: \(keys)")
        }
    }

    @Test("Tab on the search line steps to the next match and Enter keeps it")
    func tabStepsEnterKeeps() {
        var s = Fixture.keys(Fixture.state(), "/ga").0
        s = Fixture.press(s, .tab).0
        #expect(s.selectedReservation == Fixture.entries[7].id)
        s = Fixture.press(s, .enter).0
        #expect(s.search == nil)
        #expect(s.selectedReservation == Fixture.entries[7].id)
        #expect(s.message?.text == "Match 2 of 2: García López, Ana at B1 13:00.")
    }

    @Test("/mül Enter f: the finish question shows on the status line; /smi Enter s: the refusal shows")
    func questionsAndRefusalsShowAfterASearch() {
        var s = Fixture.keys(Fixture.state(), "/mül").0
        s = Fixture.press(s, .enter).0
        s = Fixture.keys(s, "f").0
        #expect(Self.statusLine(s).contains("Finish Müller ×4 at T2 and free the table? (y/n)"), "\(Self.statusLine(s))")

        s = Fixture.keys(Fixture.state(), "/smi").0
        s = Fixture.press(s, .enter).0
        s = Fixture.keys(s, "s").0
        let refusal = ReservationError.illegalTransition(from: .pending, to: .seated).description
        #expect(render(s, size: s.size).lines().joined(separator: "\n").contains(String(refusal.prefix(40))),
                "\(render(s, size: s.size).lines().joined(separator: "\n"))")
    }

    @Test("a result that comes back while the search line is open shows at once, above it")
    func aResultShowsWhileSearching() {
        var s = Fixture.keys(Fixture.state(), "/ga").0
        s = Fixture.send(s, .failed(.illegalTransition(from: .pending, to: .seated))).0
        let screen = render(s, size: s.size).lines()
        let status = Layout(size: s.size, focus: s.focus).status.y
        #expect(screen[status].hasPrefix("/ga"), "the search line stays: \(screen[status])")
        let above = screen[(status - FooterView.maxMessageRows)..<status].joined(separator: "\n")
        #expect(above.contains("✗ A pending reservation"), "\(screen.joined(separator: "\n"))")
    }

    @Test("Enter goes to the guest due first today, not the first in list order: /mat picks Mateo López at 21:15")
    func enterPicksTheGuestDueFirst() {
        var s = Fixture.keys(Self.busier(), "/mat").0
        s = Fixture.press(s, .enter).0
        #expect(s.day?.entry(s.selectedReservation ?? UUID())?.customer.id == Self.mateoLopez.id)
    }

    @Test("word order does not matter: /tanaka carmen finds Carmen Tanaka")
    func wordsInAnyOrder() {
        var s = Fixture.keys(Self.busier(), "/tanaka carmen").0
        s = Fixture.press(s, .enter).0
        #expect(s.day?.entry(s.selectedReservation ?? UUID())?.customer.id == Self.carmen.id)
    }

    @Test("a search with no match leaves nothing chosen: p after it does not open on the booking selected before")
    func aMissLeavesNoStaleTarget() {
        var s = Fixture.keys(Fixture.state(), "/ga").0
        s = Fixture.press(s, .enter).0
        #expect(s.selectedReservation == Fixture.entries[0].id)
        s = Fixture.keys(s, "/zzz").0
        s = Fixture.press(s, .enter).0
        #expect(s.selectedReservation == nil)
        #expect(s.customer == nil)
        s = Fixture.keys(s, "p").0
        #expect(s.overlay == nil, "p opened a prompt on the booking chosen before the search")

        // A guest picked from the book who has no booking that day: their card, and no booking chosen.
        s = Fixture.keys(Fixture.press(Fixture.keys(Fixture.state(), "/ga").0, .enter).0, "/du").0
        s = Fixture.send(s, .customersFound(fragment: "du", [Fixture.dupont])).0
        s = Fixture.press(s, .down, .enter).0
        #expect(s.customer?.customer.id == Fixture.dupont.id)
        #expect(s.selectedReservation == nil)
    }
}
