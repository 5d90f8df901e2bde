import Foundation
@testable import ReservationDomain
import Testing
@testable import ReservaFlowUI

@Suite struct LoginUpdateTests {
    @Test func typingAndEnterAsksToLogIn() {
        var s = AppState(config: UIConfig(restaurantID: 1), now: Fixture.now, size: Size(width: 80, height: 24))
        s = Fixture.keys(s, "marta").0
        s = Fixture.send(s, .key(.tab)).0
        s = Fixture.keys(s, "pw 1").0
        let (after, fx) = Fixture.send(s, .key(.enter))
        #expect(fx == [.login(username: "marta", password: "pw 1")])
        #expect(after.login.busy)
        let (failed, _) = Fixture.send(after, .loginFailed(.loginFailed))
        #expect(failed.login.error == "Wrong username or password.")
        #expect(failed.login.password.isEmpty)
        #expect(failed.login.focus == .password)
        #expect(!failed.login.busy)
    }

    @Test func signingInLoadsTheDayAndHealth() {
        let s = AppState(config: UIConfig(restaurantID: 1), now: Fixture.now, size: Size(width: 80, height: 24))
        let (after, fx) = Fixture.send(s, .loggedIn(Fixture.staff))
        #expect(after.staff == Fixture.staff)
        #expect(fx == [.loadDay(1, Fixture.date), .checkHealth])
    }
}

@Suite struct FloorUpdateTests {
    func selected(_ s: AppState) -> String? { s.selectedTable.flatMap { s.day?.table($0)?.label } }

    @Test func startsOnTheFirstTableWithItsGuestShown() {
        let s = Fixture.state()
        #expect(selected(s) == "T1")
        #expect(s.selectedEntry?.customer.name == "García López, Ana")
        #expect(s.customer?.customer.id == Fixture.ana.id)
    }

    @Test func arrowsAndHjklMoveToTheNearestTableThatWay() {
        var s = Fixture.state()
        s = Fixture.keys(s, "l").0
        #expect(selected(s) == "T2")
        s = Fixture.keys(s, "j").0
        #expect(selected(s) == "T6")
        s = Fixture.send(s, .key(.right)).0
        #expect(selected(s) == "T7")
        s = Fixture.send(s, .key(.up)).0
        #expect(selected(s) == "T4")
        s = Fixture.keys(s, "l").0
        #expect(selected(s) == "T4", "nothing further right: stays")
        s = Fixture.keys(s, "hhh").0
        #expect(selected(s) == "T1")
    }

    @Test func movingToATableShowsItsGuestAndAsksForHistory() {
        let (s, fx) = Fixture.keys(Fixture.state(), "ll")
        #expect(selected(s) == "T3")
        #expect(s.selectedEntry?.customer.name == "王小明")
        #expect(fx.contains(.loadCustomerHistory(Fixture.wang.id)))
        let (again, fx2) = Fixture.send(s, .customerHistoryLoaded(Fixture.wang.id, []))
        #expect(again.customer?.history == [])
        #expect(fx2.isEmpty)
    }

    @Test func areasSwitchByLetterAndNumber() {
        var s = Fixture.keys(Fixture.state(), "a").0
        #expect(s.areaIndex == 1)
        #expect(selected(s) == "T10")
        s = Fixture.keys(s, "3").0
        #expect(selected(s) == "B1")
        s = Fixture.keys(s, "a").0
        #expect(s.areaIndex == 0, "wraps round")
        s = Fixture.keys(s, "A").0
        #expect(s.areaIndex == 2)
    }

    @Test func enterListsTheTablesBookings() {
        let s = Fixture.send(Fixture.state(), .key(.enter)).0
        #expect(s.overlay == .tableBookings(1, index: 0))
        let closed = Fixture.send(s, .key(.esc)).0
        #expect(closed.overlay == nil)
    }

    @Test func clickingATableSelectsIt() {
        // At 80x24 T3 is drawn with its box from column 37 on row 5 (see the floor snapshot).
        let s = Fixture.send(Fixture.state(), .mouse(MouseEvent(x: 40, y: 6, button: .left))).0
        #expect(selected(s) == "T3")
        var noMouse = Fixture.state()
        noMouse.config.mouse = false
        #expect(selected(Fixture.send(noMouse, .mouse(MouseEvent(x: 40, y: 6, button: .left))).0) == "T1")
    }
}

@Suite struct TableStatusTests {
    func status(_ label: String, now: Date = Fixture.now, own: String? = nil) -> TableStatus {
        let day = DayIndex(sheet: Fixture.sheet())
        return TableStatus.of(day.sheet.table(labeled: label)!, in: day, now: now, ownLease: own)
    }

    @Test func eachKindOfTable() {
        guard case .seated(_, 65, false) = status("T1") else { Issue.record("T1 \(status("T1"))"); return }
        guard case .seated(_, 125, true) = status("T2") else { Issue.record("T2 over turn"); return }
        guard case .arriving(let e3) = status("T3"), e3.customer.name == "王小明" else { Issue.record("T3 arriving"); return }
        guard case .arriving(let e4) = status("T4"), e4.customer.name == "Zoë 🎉 Party" else { Issue.record("T4 late arrival"); return }
        guard case .free(let next) = status("T5"), next?.customer.name == "Smith" else { Issue.record("T5 free"); return }
        guard case .held(let l) = status("T6"), l.holder == "Ana" else { Issue.record("T6 held"); return }
        #expect(status("T7") == .outOfService)
        guard case .free(nil) = status("T10") else { Issue.record("T10: a cancelled booking does not block"); return }
    }

    @Test("a table out for a range of days covering the day is out of service, and says until when")
    func outForSomeDays() {
        var sheet = Fixture.sheet()
        let t5 = sheet.table(labeled: "T5")!
        sheet.tablesClosed = [t5.id: TableClosure(tableID: t5.id, label: "T5", days: Closure(startsOn: sheet.date, endsOn: sheet.date.adding(days: 2), reason: "Leak"))]
        let day = DayIndex(sheet: sheet)
        #expect(TableStatus.of(t5, in: day, now: Fixture.now, ownLease: nil) == .outOfService)
        #expect(t5.active, "not out of service now: the range says so")
        var s = Fixture.state(width: 160, height: 48)
        s.day = day
        s.selectedTable = t5.id
        let screen = render(s, size: s.size).lines().joined(separator: "\n")
        #expect(screen.contains("T5 (") && screen.contains("out of service") && screen.contains("(Leak)"), "\(screen)")
    }

    @Test func ownLeasesAndExpiredLeasesAreNotHeld() {
        guard case .free = status("T6", own: "lease-ana") else { Issue.record("own lease shown as held"); return }
        guard case .free = status("T6", now: Fixture.at(21, 12)) else { Issue.record("expired lease shown as held"); return }
    }

    @Test func arrivingOnlyWithinThirtyMinutes() {
        guard case .free(let next) = status("T3", now: Fixture.at(20, 59)), next != nil else { Issue.record("31 min ahead is not soon"); return }
        guard case .arriving = status("T3", now: Fixture.at(21, 0)) else { Issue.record("30 min ahead is soon"); return }
    }
}

@Suite struct TimelineUpdateTests {
    func timeline() -> AppState { Fixture.send(Fixture.state(), .key(.tab)).0 }

    @Test func cursorStartsAtNow() {
        let s = timeline()
        #expect(s.focus == .timeline)
        #expect(s.day?.slots.count == 30)
        #expect(s.cursorSlot == 20)  // 12 lunch slots, then 19:00 + 8 = 21:00
        #expect(s.selectedEntry?.customer.name == "García López, Ana")
    }

    @Test func movingOntoABlockSelectsItAndEnterOpensItsActions() {
        var s = Fixture.keys(timeline(), "jj").0  // T3, 21:00: free, 王小明 at 21:30
        #expect(s.selectedEntry == nil)
        s = Fixture.keys(s, "ll").0
        #expect(s.selectedEntry?.customer.name == "王小明")
        s = Fixture.send(s, .key(.enter)).0
        guard case .actions(let id) = s.overlay else { Issue.record("no actions"); return }
        let (after, fx) = Fixture.keys(s, "s")
        #expect(fx == [.apply(.seat, id)])
        #expect(after.overlay == nil)
    }

    @Test func enterOnAFreeCellStartsABookingThere() {
        let s = Fixture.send(Fixture.keys(timeline(), "jjjjj").0, .key(.enter)).0  // T6 at 21:00
        guard case .booking(let f) = s.overlay else { Issue.record("no form"); return }
        #expect(f.tableLabel == "T6")
        #expect(f.time.text == "21:00")
        #expect(f.date.text == "2026-12-18")
    }

    @Test func scrollingKeepsTheCursorVisible() {
        // A long day (09:00-23:30, 58 columns) does not fit 80 columns: the view must scroll.
        var sheet = Fixture.sheet()
        sheet.windows = [ServiceWindow(name: "all day", opens: Fixture.at(9, 0), closes: Fixture.at(23, 30))]
        var s = Fixture.send(Fixture.send(Fixture.state(), .dayLoaded(sheet)).0, .key(.tab)).0
        let g = TimelineGeometry(pane: Layout(size: s.size, focus: .timeline).timeline!, slotCount: 58)
        #expect(g.visibleSlots < 58)
        #expect(s.cursorSlot == 48)  // 21:00
        #expect(s.scrollSlot <= 48 && 48 < s.scrollSlot + g.visibleSlots)
        s = Fixture.send(s, .key(.home)).0
        #expect(s.cursorSlot == 0 && s.scrollSlot == 0)
        s = Fixture.keys(s, "LLLLLLLLLL").0
        #expect(s.cursorSlot == 40)
        #expect(s.scrollSlot == 40 - g.visibleSlots + 1)
        s = Fixture.send(s, .key(.end)).0
        #expect(s.scrollSlot == 58 - g.visibleSlots)
        s = Fixture.send(s, .key(.pageDown)).0
        #expect(s.cursorTable == 10, "a page is more than the 11 tables: stops at the last")
        let row = s.day!.rowOfTable[10]
        #expect(s.scrollRow <= row && row < s.scrollRow + g.visibleRows)
        s = Fixture.send(s, .key(.pageUp)).0
        #expect(s.cursorTable == 0 && s.scrollRow == 0, "the area heading above the first table shows again")
    }
}
