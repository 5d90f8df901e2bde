import Foundation
import Testing
import ReservationDomain
@testable import ReservaFlowUI

/// Issue 20, item 7: a quote only for what can be seated before the close (else the form says why), adding
/// to the waitlist while a table is free (a guest who waits for the terrace), and the host who added from
/// inside the list stays in it.
@Suite struct WaitlistAddTests {
    @Test("from the waitlist, the form adds the party even while a table is free")
    func addsFromTheListWithATableFree() throws {
        let list = Fixture.keys(Fixture.state(), "W").0
        var s = Fixture.keys(list, "w2").0
        #expect(s.walkInPlan?.table?.label == "B1", "a table is free for two")
        s = Fixture.press(s, .tab).0
        s = Fixture.keys(s, "Vega").0
        // Pérez, ahead, takes B1 now and Vega B2: the shortest quote.
        let (_, fx) = Fixture.press(s, .enter)
        #expect(fx == [.addWaitlist(1, name: "Vega", phone: nil, party: 2, quotedMinutes: 5)])
    }

    @Test("from the main screen the same form seats at the free table, as the key counts expect")
    func seatsFromTheMainScreen() {
        let s = Fixture.keys(Fixture.state(), "w2").0
        #expect(Fixture.press(s, .enter).1 == [.walkIn(1, party: 2, name: nil, table: "B1")])
    }

    @Test("added from inside the list, the host is back in the list; Esc goes back there too")
    func staysInTheList() throws {
        let list = Fixture.keys(Fixture.state(), "W").0
        let form = Fixture.keys(list, "w").0
        #expect(Fixture.press(form, .esc).0.overlay == .waitlist(index: 0))
        let entry = WaitlistEntry(id: 2, restaurantID: 1, name: "Vega", phone: nil, partySize: 2, quotedMinutes: 20,
                                  status: .waiting, createdAt: Fixture.now)
        let (after, _) = Fixture.send(Fixture.keys(form, "2").0, .waitlistUpdated(.added(entry)))
        #expect(after.overlay == .waitlist(index: 1), "on the new entry, after Pérez")
        // From the main screen the form closes, as before.
        let main = Fixture.keys(Fixture.state(), "w2").0
        #expect(Fixture.send(main, .waitlistUpdated(.added(entry))).0.overlay == nil)
    }

    @Test("no table frees up for a whole turn before the close: no quote, and the form says why")
    func saysWhyThereIsNoQuote() throws {
        var s = Fixture.keys(Fixture.state(), "w8").0
        #expect(s.walkInPlan?.quotedMinutes == nil)
        s = Fixture.press(s, .tab).0
        s = Fixture.keys(s, "Vega").0
        let (after, fx) = Fixture.press(s, .enter)
        #expect(fx.isEmpty)
        guard case .walkIn(let f) = after.overlay else { Issue.record("the form closed"); return }
        #expect(f.error == "No table frees up for 8 in time: a 180-min turn must start by 20:30 to end by the 23:30 close.")
    }
}
