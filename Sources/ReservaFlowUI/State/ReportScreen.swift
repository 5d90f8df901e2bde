import Foundation
import ReservationDomain

/// `:reports`: one report at a time over the whole body, its figures beside the previous range's, one of its
/// tables as a bar chart with the numbers beside every bar (and a sparkline for a table by day).
public struct ReportScreen: Sendable, Hashable {
    public var kind: ReportKind
    public var range: ReportRange
    /// The last answer, kept while the next one loads so the screen does not blank between keys.
    public var report: Report?
    public var loading = true
    /// Which of the report's tables is charted.
    public var table = 0
    /// The first row shown, when the table is longer than the screen.
    public var scroll = 0

    /// The spans the keys choose (a week, four weeks, ninety days, a year), ending on the same day.
    public static let spans: [(key: Character, days: Int)] = [("w", 7), ("m", 28), ("n", 90), ("y", 365)]
    /// The reports the screen steps through: the venue's, then every venue the reader may see.
    public static let kinds = ReportKind.perVenue + [.venues]

    /// The four weeks up to yesterday, as the command line's default.
    public init(kind: ReportKind = .covers, today: LocalDate) {
        self.kind = kind
        let last = today.adding(days: -1)
        range = try! ReportRange(from: last.adding(days: -27), to: last)
    }

    /// The same last day, `days` long.
    public func spanning(_ days: Int) -> ReportRange { try! ReportRange(from: range.to.adding(days: 1 - days), to: range.to) }

    /// The report shown, if it is the one asked for (a previous report's answer stays on screen only while loading).
    public var shown: Report? { report?.report == kind ? report : nil }

    public var chartTable: ReportTable? {
        guard let r = shown, !r.tables.isEmpty else { return nil }
        return r.tables[min(table, r.tables.count - 1)]
    }
}
