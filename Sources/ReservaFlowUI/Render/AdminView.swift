import Foundation
import ReservationDomain

/// An admin screen over the whole body: a title with the count and the filter, a header, the rows (the
/// selected one marked, disabled accounts muted), and the selected row whole at the bottom, wrapped (an audit
/// row's changes, a guest's allergies), so nothing is lost to a narrow column.
enum AdminView {
    static func draw(_ a: AdminScreen, body: Rect, into b: inout ScreenBuffer, glyphs g: Glyphs) {
        let rows = a.visible
        let filter = a.filter.isEmpty && !a.filtering ? "" : " \(g.bullet) /\(a.filter.text)\(a.filtering ? "▏" : "")"
        let count = a.rows == nil ? "" : " (\(rows.count))"
        b.fill(body, style: Style(.normal))
        Draw.dialog(body, title: ":\(a.kind.rawValue) \(g.bullet) \(a.kind.title)\(count)\(filter)", into: &b, glyphs: g)
        var inner = body.inset(dx: 2, dy: 1)
        guard a.rows != nil else {
            b.write("Loading…", x: inner.x, y: inner.y, style: Style(.muted))
            return
        }
        // `:floor` on a large terminal: the plan beside the list, which keeps the left half.
        if let width = FloorAdminPlan.listWidth(a.kind, body: body, inner: inner) {
            FloorAdminPlan.draw(a, pane: Rect(x: inner.x + width + 1, y: inner.y, width: inner.width - width - 1, height: inner.height), into: &b, glyphs: g)
            inner.width = width
        }
        let detail = a.selected.map { Draw.wrap($0.cells.joined(separator: " \(g.bullet) "), width: max(1, inner.width), maxLines: 3) } ?? []
        let listHeight = max(1, inner.height - 2 - detail.count)
        let widths = columnWidths(a.kind, total: inner.width)
        write(AdminRows.headers(a.kind), widths: widths, x: inner.x, y: inner.y, style: Style(.title, .underline), into: &b)
        if rows.isEmpty {
            b.write(a.filter.isEmpty ? "Nothing here yet." : "Nothing matches /\(a.filter.text).", x: inner.x, y: inner.y + 1, style: Style(.muted))
        }
        let start = max(0, min(a.index - listHeight + 1, rows.count - listHeight))
        for (i, row) in rows.dropFirst(start).prefix(listHeight).enumerated() {
            let y = inner.y + 1 + i
            let selected = start + i == a.index
            if selected { b.fill(Rect(x: inner.x - 1, y: y, width: inner.width + 1, height: 1), style: Style(.selection)) }
            let style = Style(selected ? .selection : (row.muted ? .muted : .normal))
            b.write(selected ? g.selectedMark : " ", x: inner.x - 1, y: y, style: style)
            write(row.cells, widths: widths, x: inner.x, y: y, style: style, into: &b)
        }
        for (i, line) in detail.enumerated() {
            b.write(line, x: inner.x, y: inner.maxY - detail.count + i, style: Style(.label), maxWidth: inner.width)
        }
    }

    private static func write(_ cells: [String], widths: [Int], x: Int, y: Int, style: Style, into b: inout ScreenBuffer) {
        var cx = x
        for (cell, w) in zip(cells, widths) where w > 0 {
            b.write(cell, x: cx, y: y, style: style, maxWidth: w - 1)
            cx += w
        }
    }

    /// Fixed columns first, the last (venues, changes, marks) takes what is left.
    static func columnWidths(_ kind: AdminScreen.Kind, total: Int) -> [Int] {
        let fixed: [Int]
        switch kind {
        case .staff: fixed = [14, 22, 9, 10]
        case .audit: fixed = [17, 16, 14, 18]
        case .guests: fixed = [26, 15, 24, 7]
        case .venue: fixed = [32]
        case .floor: fixed = [12, 16, 8, 7, 18]
        }
        var widths: [Int] = []
        var left = total
        for w in fixed {
            let take = min(w, max(0, left - 10))
            widths.append(take)
            left -= take
        }
        return widths + [max(0, left)]
    }

    /// The keys of a screen; `:floor`'s are the selected row's (a table's, or a combination's).
    static func keys(_ kind: AdminScreen.Kind, row: AdminRow? = nil) -> [(String, String)] {
        switch kind {
        case .staff: [("x", "disable/enable"), ("o", "role"), ("N", "rename")]
        case .audit: [("↑↓", "row")]
        case .guests: [("Enter", "open"), ("E", "edit"), ("a", "add"), ("X", "erase")]
        case .venue: [("Enter", "change"), ("a", "add service"), ("t", "add turn"), ("x", "remove"), ("n", "new venue")]
        case .floor where row?.combination != nil: [("Enter", "covers"), ("x", "remove"), ("c", "join more"), ("a", "add table")]
        case .floor where row?.tableClosure != nil: [("x", "back in service")]
        case .floor: [("Enter", "covers"), ("c", "join"), ("HJKL", "move"), ("<>", "width"), ("N", "rename"), ("a", "add"), ("o", "service"),
                      ("O", "days out")]
        }
    }
}
