import Foundation
import ReservationDomain

/// Bars and sparklines in block glyphs (ASCII with `--ascii`): shape carries the value, so a chart reads in
/// monochrome, and every chart is drawn with its numbers beside it.
enum Chart {
    /// A bar of `width` cells for `value` against `max`, to an eighth of a cell. A value above zero never
    /// vanishes (one thin cell), so "a little" and "none" look different.
    static func bar(_ value: Double, max top: Double, width: Int, glyphs g: Glyphs) -> String {
        guard top > 0, value > 0, width > 0 else { return "" }
        let eighths = Int((min(value, top) / top * Double(width * 8)).rounded())
        var s = String(repeating: g.barEighths[7], count: eighths / 8)
        if eighths % 8 > 0 { s += g.barEighths[eighths % 8 - 1] }
        return s.isEmpty ? (g.barEighths[0].isEmpty ? g.barEighths[7] : g.barEighths[0]) : s
    }

    /// One cell per value, or per run of values when there are more than `width` (each cell their sum); the
    /// lowest level is zero, the highest the largest.
    static func sparkline(_ values: [Double], width: Int, glyphs g: Glyphs) -> String {
        guard width > 0, !values.isEmpty else { return "" }
        let per = (values.count + width - 1) / width
        let cells = stride(from: 0, to: values.count, by: per).map { values[$0..<min($0 + per, values.count)].reduce(0, +) }
        let top = cells.max() ?? 0
        return cells.map { v in
            guard top > 0, v > 0 else { return g.sparkLevels[0] }
            return g.sparkLevels[max(1, Int((v / top * 7).rounded()))]
        }.joined()
    }

    /// The column a table is charted by: the first of these it has, else its first number.
    static let preferred = ["covers", "utilisation", "median", "parties", "cancellations", "no_show_rate", "seated", "bookings"]

    static func column(_ t: ReportTable) -> Int? {
        if let i = preferred.lazy.compactMap({ name in t.columns.firstIndex { $0.name == name } }).first { return i }
        return t.columns.indices.dropFirst().first { i in t.rows.contains { $0[i].double != nil } }
    }
}
