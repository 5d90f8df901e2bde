import Foundation
import ReservationDomain

extension AppState {
    /// `:reports`; a host is told in one sentence, as the core words it.
    mutating func openReports(_ fx: inout [Effect]) {
        if let staff, !Actor(staff: staff).may(.readReports) {
            message = StatusMessage(ReservationError.forbidden(role: staff.role, action: Permission.readReports.phrase).description, isError: true)
            return
        }
        let screen = ReportScreen(today: today)
        overlay = .reports(screen)
        fx.append(.loadReport(screen.kind, config.restaurantID, screen.range))
    }

    mutating func reportLoaded(_ report: Report) {
        guard case .reports(var s) = overlay, report.report == s.kind, report.from == s.range.from, report.to == s.range.to else { return }
        s.report = report
        s.loading = false
        s.table = min(s.table, max(0, report.tables.count - 1))
        overlay = .reports(s)
    }

    mutating func reportKey(_ key: Key, _ screen: ReportScreen, _ fx: inout [Effect]) {
        var s = screen
        let before = (s.kind, s.range)
        switch key {
        case .right, .char("l"): s.kind = Self.step(ReportScreen.kinds, s.kind, 1)
        case .left, .char("h"): s.kind = Self.step(ReportScreen.kinds, s.kind, -1)
        case .char("["): s.range = s.range.shifted(by: -1)
        case .char("]"): s.range = s.range.shifted(by: 1)
        case .char(let c) where ReportScreen.spans.contains { $0.key == c }:
            s.range = s.spanning(ReportScreen.spans.first { $0.key == c }!.days)
        case .tab, .char("t"):
            s.table = (s.table + 1) % max(1, s.shown?.tables.count ?? 1)
            s.scroll = 0
        case .down, .char("j"): s.scroll = min(s.scroll + 1, max(0, (s.chartTable?.rows.count ?? 1) - 1))
        case .up, .char("k"): s.scroll = max(0, s.scroll - 1)
        case .char("R"), .ctrl("l"): fx.append(.loadReport(s.kind, config.restaurantID, s.range))
        case .char("?"): overlay = .help(scroll: 0); return
        case .char(":"): overlay = nil; commandLine = CommandLineState(); return
        case .esc, .char("q"): overlay = nil; return
        default: return
        }
        if (s.kind, s.range) != before {
            if s.kind != before.0 { s.table = 0 }
            s.scroll = 0
            s.loading = true
            fx.append(.loadReport(s.kind, config.restaurantID, s.range))
        }
        overlay = .reports(s)
    }

    static func step<T: Equatable>(_ all: [T], _ current: T, _ by: Int) -> T {
        let i = all.firstIndex(of: current) ?? 0
        return all[(i + by + all.count) % all.count]
    }
}
