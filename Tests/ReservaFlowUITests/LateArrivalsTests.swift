import Foundation
import Testing
@testable import ReservationDomain
@testable import ReservaFlowUI

/// The late and no-show watch (issue 8): `o` lists the parties past their time who are not seated, most
/// late first, from the loaded day and the state's clock; the floor and the timeline flag them too.
@Suite struct LateArrivalsTests {
    func at(_ h: Int, _ m: Int) -> AppState {
        Fixture.send(Fixture.state(), .tick(Fixture.at(h, m))).0
    }

    @Test func onlyUnseatedPartiesPastTheirTimeMostLateFirst() {
        let day = DayIndex(sheet: Fixture.sheet())
        // 21:10: only Zoë (21:00, confirmed); the seated, the completed and the cancelled are not late.
        #expect(day.lateArrivals(now: Fixture.now).map { "\($0.entry.customer.name) \($0.minutesLate)" } == ["Zoë 🎉 Party 10"])
        // 22:20: Smith's hold (22:00) counts too; Zoë is the most late.
        #expect(day.lateArrivals(now: Fixture.at(22, 20)).map { "\($0.entry.tableLabel) \($0.minutesLate)" } == ["T4 80", "T3 50", "T5 20"])
        // Not yet a minute late is on time.
        #expect(day.lateArrivals(now: Fixture.at(21, 0).addingTimeInterval(59)).isEmpty)
    }

    @Test func oListsThemAndEnterSelectsTheBooking() {
        let s0 = Fixture.state()
        var s = Fixture.keys(s0, "o").0
        #expect(s.overlay == .lateArrivals(index: 0))
        let lines = render(s, size: s.size).lines()
        #expect(lines.contains { $0.contains("Late, not seated (1)") })
        #expect(lines.contains { $0.contains("▶ 21:00  T4   ×5  10  min late  Zoë 🎉 Party") })
        #expect(lines[23].contains("Enter select"))
        s = Fixture.send(s, .key(.enter)).0
        #expect(s.overlay == nil)
        #expect(s.selectedReservation == Fixture.entries[3].id)
        #expect(s.customer?.customer.id == Fixture.zoe.id)
        #expect(Fixture.keys(Fixture.keys(s0, "o").0, "o").0.overlay == nil)
    }

    @Test func theListAt160x48IsSortedAndMoves() {
        var s = Fixture.send(Fixture.state(width: 160, height: 48), .tick(Fixture.at(22, 20))).0
        s = Fixture.keys(s, "oj").0
        let lines = render(s, size: s.size).lines()
        let rows = lines.filter { $0.contains("min late") }
        #expect(rows.count == 3)
        #expect(rows[0].contains("T4   ×5  80  min late  Zoë 🎉 Party"))
        #expect(rows[1].contains("▶ 21:30  T3   ×3  50  min late  王小明"))
        #expect(rows[2].contains("T5   ×2  20  min late  Smith"))
        s = Fixture.send(s, .key(.enter)).0
        #expect(s.selectedReservation == Fixture.entries[2].id)
    }

    @Test func anotherDayHasNobodyLate() {
        let s = Fixture.keys(Fixture.send(Fixture.state(), .key(.char("["))).0, "o").0
        let lines = render(s, size: s.size).lines()
        #expect(lines.contains { $0.contains("Late, not seated (0)") })
    }

    @Test func flaggedOnTheFloorAndTheTimeline() throws {
        let s = Fixture.state()
        let floor = render(s, size: s.size).lines()
        #expect(floor.contains { $0.contains("│◔ 21:00 +10m   │") })
        #expect(floor.contains { $0.contains("│◔ 21:30  │") })  // on time: no flag
        let tl = Fixture.send(s, .key(.tab)).0
        let b = render(tl, size: tl.size)
        let row = try #require(b.lines().firstIndex { $0.contains("◔Zoë 🎉 Party 5") })
        let x = DisplayWidth.of(String(b.lines()[row].prefix { $0 != "◔" }))
        #expect(b[x, row].style.role == .tableSoon)
        #expect(b.lines().contains { $0.contains("✓王小明 3") })  // not yet due
        let t4 = Fixture.keys(s, "lll").0
        #expect(render(t4, size: t4.size).lines()[22].contains("arriving 21:00, 10 min late: Zoë 🎉 Party ×5"))
    }

    @Test func asciiFlagsUseTheSoonGlyph() {
        let s = Fixture.send(Fixture.state(ascii: true), .key(.tab)).0
        #expect(render(s, size: s.size).lines().contains { $0.contains("~Zo") })
    }
}
