import Foundation
import Testing
@testable import ReservationDomain
@testable import ReservaFlowUI

/// Staff who work at several venues and start without `--restaurant` pick one after signing in.
@Suite struct VenuePickerTests {
    static let lucia = Fixture.restaurant
    static let harbour = Restaurant(id: 2, slug: "harbour", name: "Harbour Grill", timeZone: "America/New_York")

    static func signedOutPicking(initialDate: LocalDate? = nil) -> AppState {
        AppState(config: UIConfig(restaurantID: 0, pickVenue: true, initialDate: initialDate), now: Fixture.now,
                 size: Size(width: 80, height: 24))
    }

    @Test func signingInAsksForTheVenuesInsteadOfADay() {
        let (s, fx) = Fixture.send(Self.signedOutPicking(), .loggedIn(Fixture.staff))
        #expect(fx == [.loadVenues])
        #expect(s.day == nil)
    }

    @Test func severalVenuesShowThePickerAndEnterOpensTheChosenOne() {
        var (s, fx) = Fixture.send(Self.signedOutPicking(), .loggedIn(Fixture.staff), .venuesLoaded([Self.lucia, Self.harbour]))
        guard case .venuePicker(let venues, 0) = s.overlay else { Issue.record("no picker: \(String(describing: s.overlay))"); return }
        #expect(venues.map(\.slug) == ["casa-lucia", "harbour"])
        #expect(render(s, size: s.size).lines().joined(separator: "\n").contains("Harbour Grill"))
        (s, fx) = Fixture.send(s, .key(.down), .key(.enter))
        #expect(s.overlay == nil)
        #expect(s.config.restaurantID == 2)
        #expect(s.clock.zone.identifier == "America/New_York")
        // The day is the chosen venue's today, in its own zone (21:10 in Madrid is 15:10 the same day in New York).
        #expect(s.date == ZonedClock(identifier: "America/New_York")!.localDate(of: Fixture.now))
        #expect(fx == [.selectVenue(Self.harbour), .loadDay(2, s.date), .checkHealth])
    }

    @Test func aNumberPicksDirectlyAndADayAskedForIsKept() {
        let day = LocalDate(year: 2026, month: 12, day: 24)!
        let (s, fx) = Fixture.send(Self.signedOutPicking(initialDate: day), .loggedIn(Fixture.staff),
                                   .venuesLoaded([Self.lucia, Self.harbour]), .key(.char("1")))
        #expect(s.config.restaurantID == 1)
        #expect(s.date == day)
        #expect(fx.contains(.loadDay(1, day)))
    }

    @Test func oneVenueOpensWithoutAsking() {
        let (s, fx) = Fixture.send(Self.signedOutPicking(), .loggedIn(Fixture.staff), .venuesLoaded([Self.harbour]))
        #expect(s.overlay == nil)
        #expect(fx.contains(.selectVenue(Self.harbour)))
    }

    @Test func noVenueSaysSo() {
        let (s, _) = Fixture.send(Self.signedOutPicking(), .loggedIn(Fixture.staff), .venuesLoaded([]))
        #expect(s.message?.isError == true)
        #expect(s.message?.text.contains("not assigned") == true)
    }
}
