import Foundation
import Testing
@testable import ReservationDomain
@testable import ReservaFlowUI

/// A host in a rush presses `]` and Enter before the next day has arrived: the Enter is kept for it.
@Suite struct TypeAheadTests {
    @Test func enterPressedWhileTheNextDayLoadsActsOnItWhenItArrives() {
        var s = Fixture.state(width: 160, height: 48)
        s = Fixture.send(s, .key(.char("]"))).0
        #expect(s.day == nil && s.loading)
        let tomorrow = s.date
        s = Fixture.send(s, .key(.tab), .key(.enter)).0  // to the timeline, then Enter before the day is here
        #expect(s.focus == .timeline)
        #expect(s.overlay == nil)
        #expect(s.typeAhead == [.enter])
        s = Fixture.send(s, .dayLoaded(Fixture.sheet(date: tomorrow))).0
        guard case .booking(let form) = s.overlay else {
            Issue.record("the queued Enter did not open a booking: \(String(describing: s.overlay))")
            return
        }
        #expect(form.date.text == tomorrow.description)
        #expect(s.typeAhead.isEmpty)
    }

    @Test func keysForADayLeftBehindAreDropped() {
        var s = Fixture.state(width: 160, height: 48)
        s = Fixture.send(s, .key(.char("]")), .key(.char("j")), .key(.char("]"))).0
        #expect(s.typeAhead.isEmpty)
        let before = s.cursorTable
        s = Fixture.send(s, .dayLoaded(Fixture.sheet(date: s.date))).0
        #expect(s.cursorTable == before)
        #expect(s.overlay == nil)
    }

    @Test func keysThatDoNotNeedTheDayAreNotHeldBack() {
        var s = Fixture.state(width: 160, height: 48)
        s = Fixture.send(s, .key(.char("]")), .key(.char("?"))).0
        #expect(s.overlay == .help(scroll: 0))
        #expect(s.typeAhead.isEmpty)
    }
}
