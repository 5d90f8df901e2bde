import Foundation
import Testing
import ReservationDomain
@testable import ReservaFlowUI

/// Issue 20, item 11: the timeline opens around now (at 80x24 it opened on lunch at dinner time), `t` brings
/// the cursor back to now, the status line says which time the cursor is on, and a party seated early is
/// drawn from when it was seated.
@Suite struct TimelineNowTests {
    /// The fixture's day (lunch 13:00-16:00, dinner 19:00-23:30: dinner's first column is 12) at `now`.
    static func state(at now: Date, sheet: DaySheet = Fixture.sheet(), width: Int = 80, height: Int = 24) -> AppState {
        var s = AppState(config: UIConfig(restaurantID: 1), now: now, size: Size(width: width, height: height), staff: Fixture.staff)
        s = update(s, .dayLoaded(sheet)).0
        return s
    }

    @Test("at dinner time the timeline opens on dinner, the cursor on now")
    func opensOnTheServiceUnderWay() throws {
        let s = Self.state(at: Fixture.now)  // 21:10
        #expect(s.cursorSlot == 20, "21:00")
        #expect(s.scrollSlot == 12, "from 19:00, not from lunch")
        let tl = Fixture.press(s, .tab).0  // the one pane shows the timeline
        let header = render(tl, size: tl.size).lines().first { $0.contains("Table") } ?? ""
        #expect(header.contains("19:00") && !header.contains("13:00"), "\(header)")
    }

    @Test("between services the cursor waits on the next one's start")
    func betweenServices() {
        let s = Self.state(at: Fixture.at(17, 30))
        #expect(s.cursorSlot == 12)
        #expect(s.scrollSlot == 12)
    }

    @Test("t brings the cursor back to now on today, and it follows the clock again")
    func tIsNow() {
        var s = Fixture.press(Fixture.state(), .tab).0
        s = Fixture.press(s, .home).0
        #expect(s.cursorSlot == 0 && s.scrollSlot == 0)
        s = Fixture.keys(s, "t").0
        #expect(s.cursorSlot == 20)
        #expect(s.scrollSlot == 12)
        s = Fixture.send(s, .tick(Fixture.at(21, 20))).0
        #expect(s.cursorSlot == 21, "follows now again")
    }

    @Test("the status line says which time the timeline cursor is on")
    func statusSaysTheTime() {
        var s = Fixture.press(Fixture.state(width: 160, height: 48), .tab).0
        s.message = nil
        #expect(s.focus == .timeline)
        let line = FooterView.selectionLine(s, glyphs: Glyphs.unicode)
        #expect(line.hasPrefix("21:00 · "), "\(line)")
        s = Fixture.press(s, .right).0
        #expect(FooterView.selectionLine(s, glyphs: Glyphs.unicode).hasPrefix("21:15 · "))
    }

    @Test("a party seated early is drawn from when it was seated, and the cell under it is theirs")
    func seatedEarlyFromItsSeating() throws {
        var sheet = Fixture.sheet()
        // Booked 21:30 at T5, seated at 20:40: the table is not free from 20:40.
        sheet.entries.append(Fixture.entry(30, Fixture.rossi, table: 5, label: "T5", party: 2, from: (21, 30), to: (22, 0), .seated,
                                           seatedAt: Fixture.at(20, 40)))
        let s = Self.state(at: Fixture.now, sheet: sheet)
        let day = try #require(s.day)
        let early = try #require(sheet.entries.last).reservation
        #expect(day.slotRange(of: early)?.lowerBound == 18, "20:30's column holds 20:40")
        #expect(day.entry(table: 5, slot: 19)?.id == early.id)
    }
}
