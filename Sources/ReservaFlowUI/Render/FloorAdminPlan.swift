import Foundation
import ReservationDomain

/// `:floor` at 160x48 and up: the venue's plan beside the list, drawn as the floor pane draws it, in the area
/// of the selected row with its table (or a combination's tables) highlighted, so `HJKL` and `<>` show the
/// table moving as it moves. Smaller, the list is alone: 80x22 has no room for both.
enum FloorAdminPlan {
    /// The list's width when the plan is drawn beside it (three fifths: 94 columns at 160, so a state like
    /// "out Thu 24 Dec-Sat 26 Dec" is whole); nil when the body has no room for both.
    static func listWidth(_ kind: AdminScreen.Kind, body: Rect, inner: Rect) -> Int? {
        guard kind == .floor, body.width >= Layout.fullMinimum.width, body.height >= Layout.fullMinimum.height - 4 else { return nil }
        return inner.width - inner.width * 2 / 5
    }

    static func draw(_ a: AdminScreen, pane: Rect, into b: inout ScreenBuffer, glyphs g: Glyphs) {
        guard case .floor(let tables, let areas, _, _)? = a.rows else { return }
        let sorted = areas.sorted { ($0.sortOrder, $0.name) < ($1.sortOrder, $1.name) }
        let row = a.selected
        let chosen = Set(row?.table.map { [$0.id] } ?? row?.combination?.tableIDs ?? [])
        let areaID = tables.first { chosen.contains($0.id) }?.areaID ?? sorted.first?.id
        // The selected table drawn last: moved onto another one, it is the one seen whole.
        let shown = tables.filter { $0.areaID == areaID }.sorted { (chosen.contains($0.id) ? 1 : 0, $0.label) < (chosen.contains($1.id) ? 1 : 0, $1.label) }
        b.box(pane, glyphs: g, style: Style(.border), title: "Plan", titleStyle: Style(.title))
        // No bookings here: a table is free or out of service, as the floor would show it with none.
        let geo = FloorPlanView.drawArea(sorted.map(\.name), active: sorted.firstIndex { $0.id == areaID } ?? 0, tables: shown, pane: pane,
                                         into: &b, glyphs: g, clock: ZonedClock(zone: .gmt), now: Date(timeIntervalSince1970: 0),
                                         selected: { chosen.contains($0.id) }, status: { $0.active ? .free(next: nil) : .outOfService })
        guard let y = geo.legendY else { return }
        let line: String
        if let t = row?.table {
            line = "\(t.label) at \(t.x),\(t.y) \(t.width)×\(t.height)  \(g.bullet) HJKL move  <> width  c join"
        } else if let c = row?.combination {
            line = "\(c.label) joined for \(c.minCovers)-\(c.maxCovers)  \(g.bullet) Enter covers  x remove"
        } else {
            return
        }
        b.write(line, x: pane.inner.x + 1, y: y, style: Style(.muted), maxWidth: pane.inner.width - 2)
    }
}
