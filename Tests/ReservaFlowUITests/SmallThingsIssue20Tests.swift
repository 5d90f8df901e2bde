import Foundation
import Testing
import ReservationDomain
@testable import ReservaFlowUI

/// Issue 20, item 12: small things seen at the podium. (The selected block's contrast: `ContrastTests`.)
@Suite struct SmallThingsIssue20Tests {
    static func screen(_ s: AppState) -> String { render(s, size: s.size).lines().joined(separator: "\n") }

    @Test("a three-row floor tile names its guest in the bottom edge, as a taller tile does under the status")
    func threeRowTileNamesTheGuest() throws {
        let s = Fixture.state()
        let day = try #require(s.day)
        let t1 = try #require(day.table(1))  // Ana, seated
        var b = ScreenBuffer(width: 20, height: 3)
        FloorPlanView.drawTable(t1, status: TableStatus.of(t1, in: day, now: s.now, ownLease: nil), rect: Rect(x: 0, y: 0, width: 20, height: 3),
                                selected: false, into: &b, glyphs: .unicode, clock: s.clock, now: s.now)
        #expect(b.lines()[2].contains("García"), "\(b.lines())")
    }

    @Test("the help box at 160x48 shows every action whole")
    func helpIsWhole() {
        let s = Fixture.keys(Fixture.state(width: 160, height: 48), "?").0
        let text = Self.screen(s)
        for binding in KeyBindings.sections.flatMap(\.1) {
            #expect(text.contains(binding.action), "cut: \(binding.action)")
        }
    }

    @Test("the key line names Tab once on the guest pane")
    func tabOnce() {
        var s = Fixture.state(width: 160, height: 48)
        s = Fixture.press(s, .tab, .tab).0
        #expect(s.focus == .customer)
        #expect(KeyBindings.footer(s).filter { $0.0 == "Tab" }.count == 1)
    }

    @Test("one visit is '1 visit'")
    func oneVisit() {
        let s = Fixture.send(Fixture.keys(Fixture.state(width: 160, height: 48), "n61").0,
                             .customersFound(fragment: "61", [Fixture.wang])).0
        let text = Self.screen(s)
        #expect(text.contains("1 visit") && !text.contains("1 visits"))
    }

    @Test("an anonymous walk-in is 'Seated walk-in ×3', not 'Seated walk-in Walk-in ×3'")
    func anonymousWalkIn() {
        var e = Fixture.entries[1]
        e.customer = Customer(id: 1, restaurantID: 1, name: "Walk-in", phone: "", anonymous: true)
        e.reservation.partySize = 3
        let s = Fixture.send(Fixture.keys(Fixture.state(), "w3").0, .walkInResult(.seated(e))).0
        #expect(s.message?.text == "Seated walk-in ×3 at T2. u undoes it (5 min).")
    }

    @Test("another day's header names every service")
    func headerNamesEveryService() {
        let s = Fixture.keys(Fixture.state(width: 160, height: 48), "]").0
        let tomorrow = Fixture.send(s, .dayLoaded(Fixture.sheet(date: Fixture.date.adding(days: 1)))).0
        let header = render(tomorrow, size: tomorrow.size).lines()[0]
        #expect(header.contains("Lunch 13:00-16:00, Dinner 19:00-23:30"), "\(header)")
    }

    @Test("in ASCII a block followed at once by another leaves a blank cell before it")
    func asciiBlocksDoNotRunTogether() throws {
        var sheet = Fixture.sheet()
        // On T5, a short booking with a long name right before Smith's 22:00 hold (`?` in ASCII).
        let long = Customer(id: 200, restaurantID: 1, name: "Bartholomew Longname", phone: "+34600000200")
        sheet.entries.append(Fixture.entry(31, long, table: 5, label: "T5", party: 2, from: (21, 30), to: (22, 0), .confirmed))
        let s = Fixture.send(Fixture.state(width: 160, height: 48, ascii: true), .dayLoaded(sheet)).0
        let row = render(s, size: s.size).lines().first { $0.contains("T5   2-4") } ?? ""
        #expect(row.contains("vBa"), "\(row)")
        #expect(row.contains(" ?Smith"), "\(row)")
    }
}
