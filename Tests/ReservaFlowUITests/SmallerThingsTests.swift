import Foundation
@testable import ReservationDomain
import Testing
@testable import ReservaFlowUI

/// Issue 8, item 18: the smaller things.
@Suite struct SmallerThingsTests {
    func question(_ s: AppState) -> String? {
        if case .confirm(let p, _) = s.overlay { return p.question }
        return nil
    }

    @Test func cancellingSaysTheGuestIsEmailedOnlyWhenTheyHaveAnAddress() {
        var s = Fixture.state()
        s.selectedReservation = Fixture.entries[2].id  // 王小明: no e-mail
        #expect(question(Fixture.keys(s, "x").0)?.contains("emailed") == false)
        var withMail = Fixture.state()
        var sheet = Fixture.sheet()
        sheet.entries.append(Fixture.entry(40, Fixture.ana, table: 5, label: "T5", party: 2, from: (22, 30), to: (23, 30), .confirmed))
        withMail = Fixture.send(withMail, .dayLoaded(sheet)).0
        withMail.selectedReservation = sheet.entries.last!.id
        #expect(question(Fixture.keys(withMail, "x").0)?.contains("The guest is emailed.") == true)
    }

    @Test func aFractionalPartyIsNotShownAsTheLastAnswer() {
        var s = Fixture.keys(Fixture.state(), "n").0
        guard case .booking(var f) = s.overlay else { Issue.record("no form"); return }
        f.availability = AvailabilityResult(date: Fixture.date, partySize: 3, turnMinutes: 120, slots: [])
        f.party.set("3.5")
        s.overlay = .booking(f)
        let screen = render(s, size: s.size).lines().joined(separator: "\n")
        #expect(!screen.contains("3 guests") && screen.contains("a whole number"), "\(screen)")
    }

    /// Issue 8, item 18: parties larger than every table passed the form (1-99) and the venue's limit, then
    /// got "nothing free, nearest: none". The form says the core's sentence while typing, and Enter stops.
    @Test func aPartyNoTableSeatsIsSaidWhileTyping() {
        var s = Fixture.keys(Fixture.state(width: 160, height: 48), "n").0
        guard case .booking(var f) = s.overlay else { Issue.record("no form"); return }
        f.party.set("11")
        s.overlay = .booking(f)
        let screen = render(s, size: s.size).lines().joined(separator: "\n")
        #expect(screen.contains("No table here seats 11"), "\(screen)")
        let why = Fields.partyProblem(11, rules: Fixture.sheet().restaurant.rules, tables: Fixture.tables)
        #expect(why?.hasPrefix("No table here seats 11 (the largest seats 8)") == true)
        #expect(Fields.partyProblem(4, rules: Fixture.sheet().restaurant.rules, tables: Fixture.tables) == nil)
    }

    @Test func theLockoutMessageIsShownWhole() {
        var s = AppState(config: UIConfig(restaurantID: 1), now: Fixture.now, size: Size(width: 80, height: 24), staff: nil)
        s.login.error = "Too many failed logins. Try again in 300 s, or ask a manager to reset the password."
        let screen = render(s, size: s.size).lines().joined(separator: "\n")
        #expect(screen.contains("reset the password"), "\(screen)")
    }

    @Test func aNoteFromTheStartSurvivesSigningIn() {
        var s = AppState(config: UIConfig(restaurantID: 1), now: Fixture.now, size: Size(width: 80, height: 24), staff: nil)
        s.message = StatusMessage("No theme \"nosuch\" (looked in ./themes).")
        s = Fixture.send(s, .loggedIn(Fixture.staff)).0
        #expect(s.message?.text.contains("No theme \"nosuch\"") == true, "\(s.message?.text ?? "")")
    }
}

/// Issue 8, item 18: in monochrome a seated block is reverse and bold already, so a selection drawn as
/// reverse and bold did not show. The selected block now starts with ▶ (ASCII `>`), whatever the theme.
@Suite struct TimelineSelectionTests {
    @Test(arguments: [false, true])
    func theSelectedBlockIsMarkedByShapeNotOnlyByAttributes(ascii: Bool) {
        var s = Fixture.state(width: 160, height: 48, ascii: ascii)
        s.focus = .timeline
        let g = ascii ? Glyphs.ascii : Glyphs.unicode
        s.selectedReservation = Fixture.entries[1].id  // Müller, seated past the turn
        let selected = render(s, size: s.size).lines().joined(separator: "\n")
        #expect(selected.contains(g.selectedMark + g.late + "Müller"), "\(selected)")
        #expect(!selected.contains(g.selectedMark + g.seated + "García"), "\(selected)")
        s.selectedReservation = Fixture.entries[0].id  // García, seated
        let other = render(s, size: s.size).lines().joined(separator: "\n")
        #expect(other.contains(g.selectedMark + g.seated + "García") && !other.contains(g.selectedMark + g.late + "Müller"), "\(other)")
    }
}
