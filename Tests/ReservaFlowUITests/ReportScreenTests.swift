import Foundation
import Testing
import ReservationDomain
@testable import ReservaFlowUI

/// Issue 22: `:reports`, the manager's numbers as charts: refused to a host, keys that change the report and
/// the range (each a new load), charts with their numbers, legible at 80x22 and 160x48, ASCII with `--ascii`.
@Suite struct ReportScreenTests {
    static let range = try! ReportRange(from: LocalDate(iso: "2026-05-11")!, to: LocalDate(iso: "2026-05-17")!)

    /// A covers report as the core would answer it for a small week.
    static let covers: Report = {
        let days: [(String, Int, Int, Int)] = [("2026-05-11", 0, 0, 0), ("2026-05-12", 2, 4, 0), ("2026-05-13", 1, 2, 0), ("2026-05-14", 3, 8, 2),
                                                ("2026-05-15", 4, 7, 3), ("2026-05-16", 6, 10, 0), ("2026-05-17", 2, 6, 4)]
        let rows = days.map { d in [ReportValue.text(d.0), .text(LocalDate(iso: d.0)!.weekdayName), .int(d.1), .int(d.2), .int(d.2 - d.3), .int(d.3)] }
        let columns = [ReportColumn("date", "date"), ReportColumn("weekday", "text"), ReportColumn("bookings", "bookings"), ReportColumn("covers", "covers"),
                       ReportColumn("reservation_covers", "covers"), ReportColumn("walk_in_covers", "covers")]
        let service = ReportTable("by-service", "By service", columns: [ReportColumn("service", "text"), ReportColumn("covers", "covers")],
                                  rows: [[.text("lunch"), .int(11)], [.text("dinner"), .int(26)]])
        return Report(.covers, venue: "casa", timeZone: "Europe/Madrid", range: range, figures: [
            ReportFigure("bookings", "Bookings", unit: "bookings", current: .int(18), previous: .int(15)),
            ReportFigure("covers", "Covers", unit: "covers", current: .int(37), previous: .int(30)),
            ReportFigure("walk_in_covers", "Walk-in covers", unit: "covers", current: .int(9), previous: .int(4)),
            ReportFigure("no_show_rate", "No-show rate", unit: "share", current: .number(0.125), previous: .none),
        ], tables: [ReportTable("by-day", "By day", columns: columns, rows: rows), service],
           advice: ["Parties of 1-2 finish in 70 min against 90: the turn could be shorter."])
    }()

    static func manager(_ width: Int = 80, _ height: Int = 22, ascii: Bool = false) -> AppState {
        var s = Fixture.state(width: width, height: height, ascii: ascii)
        s.staff?.role = .manager
        s.staff?.venues = [1]
        return s
    }

    /// `:reports` opened and answered with `report` for the screen's range.
    static func opened(_ s: AppState, _ report: Report = covers) -> AppState {
        var st = Fixture.press(Fixture.keys(Fixture.keys(s, ":").0, "reports").0, .enter).0
        guard case .reports(var screen)? = st.overlay else { return st }
        screen.range = range
        st.overlay = .reports(screen)
        return Fixture.send(st, .reportLoaded(report)).0
    }

    static func lines(_ s: AppState) -> [String] { render(s, size: s.size).lines() }

    @Test("a host asking for :reports is told why in one sentence, and nothing is loaded")
    func hostRefused() {
        let (s, fx) = Fixture.press(Fixture.keys(Fixture.keys(Fixture.state(), ":").0, "reports").0, .enter)
        #expect(s.overlay == nil && fx.isEmpty)
        #expect(s.message?.text == "A host cannot read the reports. Ask a manager.")
    }

    @Test("opening asks for the four weeks to yesterday; ←→ change the report, [ ] the range, w m n y the span, each a new load")
    func keysLoad() throws {
        let s = Self.manager()
        let (open, fx) = Fixture.press(Fixture.keys(Fixture.keys(s, ":").0, "reports").0, .enter)
        let four = try ReportRange(from: s.today.adding(days: -28), to: s.today.adding(days: -1))
        #expect(fx == [.loadReport(.covers, 1, four)])
        #expect(Self.lines(open).joined().contains("Loading"))
        let loaded = Self.opened(s)
        #expect(Fixture.press(loaded, .right).1 == [.loadReport(.noShows, 1, Self.range)])
        #expect(Fixture.press(loaded, .left).1 == [.loadReport(.venues, 1, Self.range)])
        #expect(Fixture.keys(loaded, "[").1 == [.loadReport(.covers, 1, Self.range.shifted(by: -1))])
        #expect(Fixture.keys(loaded, "y").1 == [.loadReport(.covers, 1, try ReportRange(from: LocalDate(iso: "2025-05-18")!, to: Self.range.to))])
        let tabbed = Fixture.press(loaded, .tab)
        #expect(tabbed.1.isEmpty)
        guard case .reports(let t)? = tabbed.0.overlay else { Issue.record("no reports screen"); return }
        #expect(t.chartTable?.name == "by-service")
        #expect(Fixture.press(loaded, .esc).0.overlay == nil)
    }

    @Test("an answer for another report or range than the one asked is not shown")
    func staleAnswer() {
        var s = Self.manager()
        s = Self.opened(s)
        s = Fixture.press(s, .right).0
        var other = Self.covers
        other.report = .covers
        s = Fixture.send(s, .reportLoaded(other)).0
        guard case .reports(let screen)? = s.overlay else { Issue.record("no reports screen"); return }
        #expect(screen.shown == nil && screen.loading)
    }

    @Test("at 80x22 the figures, a sparkline, a bar per day with its number, and the advice all fit")
    func at80x22() {
        expectScreen(render(Self.opened(Self.manager()), size: Size(width: 80, height: 22)), [
            " Casa Lucía │ Fri 18 Dec (today) · Dinner │ 21:10         Marta Vidal (manager) ",
            "  Floor   Timeline   Guest                     DB ✓  Redis ✓  daemon ✓  live ✓  ",
            "┌ :reports · Covers and bookings · 2026-05-11 - 2026-05-17, 7 days ────────────┐",
            "│ casa · Europe/Madrid · before: 2026-05-04 - 2026-05-10                       │",
            "│ Bookings             18 before 15      Covers               37 before 30     │",
            "│ Walk-in covers        9 before 4       No-show rate      12.5% before -      │",
            "│                                                                              │",
            "│ By day (1/2, Tab: by-service)                                                │",
            "│ covers by day ▁▄▂▇▆█▅                                                        │",
            "│            covers                                                            │",
            "│ 2026-05-11       0                              Monday · bookings 0 · reserv │",
            "│ 2026-05-12       4 ███████████▎                 Tuesday · bookings 2 · reser │",
            "│ 2026-05-13       2 █████▋                       Wednesday · bookings 1 · res │",
            "│ 2026-05-14       8 ██████████████████████▍      Thursday · bookings 3 · rese │",
            "│ 2026-05-15       7 ███████████████████▋         Friday · bookings 4 · reserv │",
            "│ 2026-05-16      10 ████████████████████████████ Saturday · bookings 6 · rese │",
            "│ 2026-05-17       6 ████████████████▊            Sunday · bookings 2 · reserv │",
            "│                                                                              │",
            "│ · Parties of 1-2 finish in 70 min against 90: the turn could be shorter.     │",
            "└──────────────────────────────────────────────────────────────────────────────┘",
            "T1 (1-2, window): seated 65 min (García López, Ana ×2) · García López, Ana ×2 20",
            " ←→ report  [ ] range  w m n y span  Tab table  Esc back                 ? help ",
        ])
    }

    @Test("at 160x48 the figures take three columns and every column of the table is beside its bar")
    func at160x48() {
        let text = Self.lines(Self.opened(Self.manager(160, 48))).joined(separator: "\n")
        #expect(text.contains("walk_in_covers 3"))
        #expect(text.contains("Walk-in covers"))
        #expect(text.contains("██████"))
    }

    @Test("--ascii draws bars with # and the sparkline by shape, no block glyphs")
    func ascii() {
        let text = Self.lines(Self.opened(Self.manager(ascii: true))).joined(separator: "\n")
        #expect(!text.contains("█") && !text.contains("▁"))
        #expect(text.contains("##########"))
    }

    @Test("a bar is exact to an eighth of a cell, never vanishes above zero; a sparkline sums runs when squeezed")
    func charts() {
        let g = Glyphs.unicode
        #expect(Chart.bar(10, max: 10, width: 4, glyphs: g) == "████")
        #expect(Chart.bar(5, max: 10, width: 3, glyphs: g) == "█▌")
        #expect(Chart.bar(0.01, max: 10, width: 3, glyphs: g) == "▏")
        #expect(Chart.bar(0, max: 10, width: 3, glyphs: g) == "")
        #expect(Chart.bar(0.01, max: 10, width: 3, glyphs: .ascii) == "#")
        #expect(Chart.sparkline([0, 1, 7], width: 3, glyphs: g) == "▁▂█")
        #expect(Chart.sparkline([1, 1, 2, 2], width: 2, glyphs: g) == "▅█")
    }
}
