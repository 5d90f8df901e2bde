import Foundation
import Testing
@testable import ReservaFlowUI
@testable import ReservationDomain

/// The walk-in form says what the core will do (issue 8, items 2 and 3): closed hours, the table Enter
/// seats at, and "free until" meaning the table's next booking or the close.
@Suite struct WalkInHoursTests {
    @Test func closedBetweenServicesSaysWhenDinnerOpensAndSeatsNobody() {
        var s = Fixture.state()
        s.now = Fixture.at(17, 22)
        s = Fixture.keys(s, "w2").0
        let plan = try? #require(s.walkInPlan)
        #expect(plan?.table == nil)
        #expect(plan?.closed?.contains("closed now; dinner opens at 19:00") == true, "\(String(describing: plan))")
        let (after, fx) = Fixture.send(s, .key(.enter))
        #expect(fx.isEmpty, "Enter at a closed door seats nobody")
        guard case .walkIn(let f) = after.overlay else { Issue.record("the form closed"); return }
        #expect(f.error?.contains("19:00") == true)
    }

    @Test func freeUntilIsTheNextBookingOrTheCloseNeverPastIt() {
        var s = Fixture.state()
        s.now = Fixture.at(23, 0)
        s = Fixture.keys(s, "w2").0
        let plan = s.walkInPlan
        #expect(plan?.table != nil)
        // 23:00 plus a 90-minute turn is 00:30; dinner closes at 23:30.
        #expect(plan?.freeUntil == Fixture.at(23, 30), "\(String(describing: plan))")
        let (_, fx) = Fixture.send(s, .key(.enter))
        #expect(fx == [.walkIn(1, party: 2, name: nil, table: plan?.table?.label)])
    }

    @Test func theSharedRuleOpensHalfAnHourEarly() {
        let w = ServiceWindow(name: "Dinner", opens: Fixture.at(19, 0), closes: Fixture.at(23, 30))
        #expect(WalkInHours.at(Fixture.at(18, 29), windows: [w]) == .closed(next: w))
        #expect(WalkInHours.at(Fixture.at(18, 30), windows: [w]) == .open(w))
        #expect(WalkInHours.at(Fixture.at(23, 30), windows: [w]) == .closed(next: nil))
        #expect(WalkInHours.end(start: Fixture.at(23, 0), turnMinutes: 90, window: w) == Fixture.at(23, 30))
    }
}

/// The host picks the walk-in's table: ←→ in the Table field, or typing a label (issue 8, item 2).
@Suite struct WalkInTableChoiceTests {
    func form(_ s: AppState) -> WalkInForm? { if case .walkIn(let f) = s.overlay { f } else { nil } }

    @Test func arrowsStepThroughTheFreeTablesAndEnterSeatsThere() {
        var s = Fixture.keys(Fixture.state(), "w2").0
        let best = s.walkInPlan?.table?.label
        let choices = s.walkInPlan?.choices.map(\.label) ?? []
        #expect(choices.count >= 2, "\(choices)")
        // Tab to the Table field (party, name, phone, table), then → : the second free table.
        s = Fixture.send(s, .key(.tab), .key(.tab), .key(.tab), .key(.right)).0
        #expect(form(s)?.focus == .table)
        #expect(form(s)?.table.text == choices[1])
        #expect(s.walkInPlan?.table?.label == choices[1])
        let (_, fx) = Fixture.send(s, .key(.enter))
        #expect(fx == [.walkIn(1, party: 2, name: nil, table: choices[1])])
        #expect(choices[1] != best)
        // ← from there goes back to the best fit.
        s = Fixture.send(s, .key(.left)).0
        #expect(form(s)?.table.text == choices[0])
        // From the party field it is one key: w 2 → Enter.
        let quick = Fixture.send(Fixture.keys(Fixture.state(), "w2").0, .key(.right), .key(.enter)).1
        #expect(quick == [.walkIn(1, party: 2, name: nil, table: choices[1])])
    }

    @Test func aTypedTableThatCannotBeHadIsExplainedAndSeatsNobody() {
        var s = Fixture.keys(Fixture.state(), "w2").0
        s = Fixture.send(s, .key(.tab), .key(.tab), .key(.tab)).0
        s = Fixture.keys(s, "ZZ9").0
        #expect(s.walkInPlan?.problem?.contains("no table") == true)
        let (after, fx) = Fixture.send(s, .key(.enter))
        #expect(fx.isEmpty)
        #expect(form(after)?.error?.contains("ZZ9") == true)
        // ← in the Name field still moves the cursor, not the table.
        var n = Fixture.keys(Fixture.state(), "w2").0
        n = Fixture.send(n, .key(.tab)).0
        n = Fixture.keys(n, "Ana").0
        n = Fixture.send(n, .key(.left)).0
        #expect(form(n)?.table.text == "")
        #expect(form(n)?.name.cursor == 2)
    }
}
