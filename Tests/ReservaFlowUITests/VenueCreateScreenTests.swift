import Foundation
import Testing
@testable import ReservaFlowUI
@testable import ReservationDomain

/// Issue 21: `:venue`, `n` (admins): a new venue, which the terminal then opens for setting up.
@Suite struct VenueCreateScreenTests {
    static func admin() -> AppState {
        var s = AdminScreenTests.manager()
        s.staff?.role = .admin
        return s
    }

    static func opened(_ s: AppState) -> AppState {
        let (v, _) = AdminScreenTests.command(s, "venue")
        return Fixture.send(v, .adminLoaded(.venue, .venue(Fixture.sheet().restaurant, hours: [], closures: []))).0
    }

    @Test("n, then a short name, a name and a zone: sent; made, the terminal opens it")
    func made() {
        let prompt = Fixture.keys(Self.opened(Self.admin()), "n").0
        let sent = Fixture.press(Fixture.keys(prompt, "norte Casa Norte Atlantic/Canary").0, .enter)
        #expect(sent.1 == [.createVenue(slug: "norte", name: "Casa Norte", timeZone: "Atlantic/Canary")])
        let here = Fixture.press(Fixture.keys(prompt, "norte Casa Norte").0, .enter)
        #expect(here.1 == [.createVenue(slug: "norte", name: "Casa Norte", timeZone: here.0.config.timeZone)], "this venue's zone unless typed")
        let norte = Restaurant(id: 9, slug: "norte", name: "Casa Norte", timeZone: "Atlantic/Canary")
        let (opened, fx) = Fixture.send(sent.0, .venueCreated(norte))
        #expect(opened.config.restaurantID == 9 && opened.overlay == nil)
        #expect(fx.contains(.loadDay(9, opened.date)))
        #expect(opened.message?.text.hasPrefix("Casa Norte (norte) is made and open here") == true)
        let bad = Fixture.press(Fixture.keys(prompt, "norte").0, .enter)
        guard case .prompt(let p)? = bad.0.overlay else { Issue.record("the prompt stays"); return }
        #expect(bad.1.isEmpty && p.error?.hasPrefix("Type a short name") == true)
    }

    @Test("a manager is told why not, in one sentence")
    func managersMayNot() {
        let s = Fixture.keys(Self.opened(AdminScreenTests.manager()), "n").0
        guard case .admin? = s.overlay else { Issue.record("no prompt for a manager"); return }
        #expect(s.message?.text == "A manager cannot manage venues. Ask an admin.", "\(String(describing: s.message?.text))")
    }
}
