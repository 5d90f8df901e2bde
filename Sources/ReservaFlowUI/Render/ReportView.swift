import Foundation
import ReservationDomain

/// `:reports` over the whole body: the range and the one before it, the figures (now, and before), one
/// table charted (a bar per row with its number, the other columns beside it; a sparkline over a table by
/// day), and the advice at the bottom. At 80 columns the figures take two columns; at 150, three.
enum ReportView {
    static func draw(_ s: ReportScreen, body: Rect, into b: inout ScreenBuffer, glyphs g: Glyphs) {
        b.fill(body, style: Style(.normal))
        let span = "\(s.range.from) - \(s.range.to), \(s.range.days) days"
        Draw.dialog(body, title: ":reports \(g.bullet) \(s.kind.title) \(g.bullet) \(span)\(s.loading ? " \(g.ellipsis)" : "")", into: &b, glyphs: g)
        let inner = body.inset(dx: 2, dy: 1)
        guard let r = s.shown else {
            b.write("Loading\(g.ellipsis)", x: inner.x, y: inner.y, style: Style(.muted))
            return
        }
        var y = inner.y
        b.write("\(r.venue) \(g.bullet) \(r.timeZone) \(g.bullet) before: \(r.previousFrom) - \(r.previousTo)", x: inner.x, y: y, style: Style(.muted),
                maxWidth: inner.width)
        y += 1
        let columns = inner.width >= 150 ? 3 : inner.width >= 70 ? 2 : 1
        let width = (inner.width - (columns - 1) * 2) / columns
        for (i, f) in r.figures.enumerated() {
            figure(f, x: inner.x + (i % columns) * (width + 2), y: y + i / columns, width: width, into: &b)
        }
        y += (r.figures.count + columns - 1) / columns
        let advice = Array(r.advice.flatMap { Draw.wrap("\(g.bullet) \($0)", width: inner.width) }.prefix(max(0, (inner.maxY - y) / 3)))
        for (i, line) in advice.enumerated() { b.write(line, x: inner.x, y: inner.maxY - advice.count + i, style: Style(.warning)) }
        if let t = s.chartTable {
            let area = Rect(x: inner.x, y: y + 1, width: inner.width, height: inner.maxY - advice.count - y - 1)
            chart(t, of: r, index: s.table, scroll: s.scroll, in: area, into: &b, glyphs: g)
        }
    }

    /// "Covers            19  before 4"
    static func figure(_ f: ReportFigure, x: Int, y: Int, width: Int, into b: inout ScreenBuffer) {
        // Fixed columns, so the numbers of every figure line up: label, now (8), before (up to 13).
        let now = f.current.shown(f.unit), before = "before " + f.previous.shown(f.unit)
        let labelWidth = max(4, width - 8 - 14)
        b.write(f.label, x: x, y: y, style: Style(.label), maxWidth: labelWidth - 1)
        b.write(String(repeating: " ", count: max(0, 8 - now.displayWidth)) + now, x: x + labelWidth, y: y, style: Style(.title))
        b.write(before, x: x + labelWidth + 9, y: y, style: Style(.muted), maxWidth: max(0, width - labelWidth - 9))
    }

    static func chart(_ t: ReportTable, of r: Report, index: Int, scroll: Int, in area: Rect, into b: inout ScreenBuffer, glyphs g: Glyphs) {
        guard area.height >= 2 else { return }
        let names = r.tables.map(\.name)
        b.write("\(t.title) (\(index + 1)/\(names.count), Tab: \(names[(index + 1) % names.count]))", x: area.x, y: area.y, style: Style(.title, .underline),
                maxWidth: area.width)
        var y = area.y + 1
        guard let c = Chart.column(t), !t.rows.isEmpty else {
            b.write("Nothing in this range.", x: area.x, y: y, style: Style(.muted))
            return
        }
        let values = t.rows.map { $0[c].double ?? 0 }
        if t.columns.first?.unit == "date", area.height >= 4 {
            let label = "\(t.columns[c].name) by day "
            b.write(label, x: area.x, y: y, style: Style(.label))
            b.write(Chart.sparkline(values, width: area.width - label.count, glyphs: g), x: area.x + label.count, y: y, style: Style(.title))
            y += 1
        }
        let keyWidth = min(16, max(6, t.rows.map { $0[0].cell.displayWidth }.max() ?? 6) + 1)
        let barWidth = max(8, min(40, (area.width - keyWidth - 9) / 2))
        let top = values.max() ?? 0
        let others = t.columns.indices.dropFirst().filter { $0 != c }
        b.write(t.columns[c].name, x: area.x + keyWidth, y: y, style: Style(.muted), maxWidth: 8 + barWidth)
        y += 1
        let start = min(scroll, max(0, t.rows.count - (area.maxY - y)))
        for row in t.rows.dropFirst(start).prefix(max(0, area.maxY - y)) {
            let value = row[c].shown(t.columns[c].unit)
            b.write(row[0].cell, x: area.x, y: y, style: Style(.label), maxWidth: keyWidth - 1)
            b.write(String(repeating: " ", count: max(0, 7 - value.displayWidth)) + value, x: area.x + keyWidth, y: y, style: Style(.title))
            b.write(Chart.bar(row[c].double ?? 0, max: top, width: barWidth, glyphs: g), x: area.x + keyWidth + 8, y: y, style: Style(.normal))
            // A text column (a weekday, an area) says itself; a number needs its name.
            let rest = others.map { t.columns[$0].unit == "text" ? row[$0].cell : "\(t.columns[$0].name) \(row[$0].shown(t.columns[$0].unit))" }
                .joined(separator: " \(g.bullet) ")
            let restX = area.x + keyWidth + 9 + barWidth
            b.write(rest, x: restX, y: y, style: Style(.muted), maxWidth: max(0, area.maxX - restX))
            y += 1
        }
    }
}
