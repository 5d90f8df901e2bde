import Foundation
import ReservationDomain

/// Tables of one area at their grid positions, each with label, covers and status by glyph and colour.
enum FloorPlanView {
    static func draw(_ s: AppState, pane: Rect, into b: inout ScreenBuffer, glyphs g: Glyphs, focused: Bool) {
        b.box(pane, glyphs: g, style: Style(focused ? .borderFocused : .border), title: "Floor", titleStyle: Style(.title))
        let inner = pane.inner
        guard let day = s.day else {
            b.write(s.loading ? "Loading…" : "No data.", x: inner.x + 1, y: inner.y + 1, style: Style(.muted))
            return
        }
        let tables = day.tablesByArea[safe: s.areaIndex] ?? []
        let own = s.ownLeaseToken
        let geo = drawArea(day.areas.map(\.name), active: s.areaIndex, tables: tables, pane: pane, into: &b, glyphs: g, clock: s.clock, now: s.now,
                           selected: { $0.id == s.selectedTable }) { t in
            (s.isToday || !day.sheet.isOpen(t)) ? TableStatus.of(t, in: day, now: s.now, ownLease: own)
                : .free(next: day.entries(for: t.id).first { $0.reservation.status.isLive })
        }
        if let ly = geo.legendY { drawLegend(y: ly, x: inner.x + 1, width: inner.width - 1, into: &b, glyphs: g) }
    }

    /// One area inside `pane`'s box: the area tabs on its first row, the tables at their places. Shared by the
    /// floor pane and `:floor`'s plan beside its list, so a table looks the same on both.
    @discardableResult
    static func drawArea(_ areas: [String], active: Int, tables: [DiningTable], pane: Rect, into b: inout ScreenBuffer, glyphs g: Glyphs,
                         clock: ZonedClock, now: Date, selected: (DiningTable) -> Bool, status: (DiningTable) -> TableStatus) -> FloorGeometry {
        let inner = pane.inner
        // Area tabs; their widths must match AppState.areaTab(atX:) for mouse clicks.
        var x = inner.x
        for (i, name) in areas.enumerated() {
            let label = " \(i + 1) \(name) "
            if x >= inner.maxX { break }
            x += b.write(label, x: x, y: inner.y, style: Style(i == active ? .tabActive : .tabInactive), maxWidth: inner.maxX - x)
            x += 1
        }
        let geo = FloorGeometry(pane: pane, tables: tables)
        if tables.isEmpty {
            b.write("No tables in this area.", x: geo.plan.x, y: geo.plan.y, style: Style(.muted))
        }
        for (t, (id, r)) in zip(tables, geo.rects) {
            assert(t.id == id)
            drawTable(t, status: status(t), rect: r, selected: selected(t), into: &b, glyphs: g, clock: clock, now: now)
        }
        return geo
    }

    static func drawTable(_ t: DiningTable, status: TableStatus, rect r: Rect, selected: Bool,
                          into b: inout ScreenBuffer, glyphs g: Glyphs, clock: ZonedClock, now: Date) {
        guard !r.isEmpty else { return }
        let role = status.role
        let statusText = status.glyph(g) + " " + status.short(clock: clock, now: now, glyphs: g)
        let covers = "\(t.maxCovers)"
        let marks = status.entry.map { GuestMark.of($0.customer, glyphs: g) } ?? []
        if r.height >= 3 && r.width >= 6 {
            let border = selected ? Style(.cursor) : Style(role)
            b.box(r, glyphs: g, style: border)
            // Label and covers in the top edge, e.g. ┌T12(4)──┐; a joined booking adds the other tables:
            // ┌T4(4)+T5─┐ on T4 and ┌T5(6)+T4─┐ on T5, the same guest on both.
            let head = t.label + "(" + covers + ")" + joinMark(t, status)
            b.write(head, x: r.x + 1, y: r.y, style: Style(selected ? .cursor : role, .bold), maxWidth: r.width - 2)
            if selected { b.put(g.selectedMark, x: r.x, y: r.y + 1, style: Style(.cursor)) }
            b.write(statusText, x: r.x + 1, y: r.y + 1, style: Style(role), maxWidth: r.width - 2)
            // The status is kept whole and the name row untouched: the marks take only the room to spare.
            let shown = GuestMark.fitting(marks, after: statusText, keep: statusText.displayWidth, width: r.width - 2)
            GuestMark.draw(shown, endingAt: r.maxX - 1, y: r.y + 1, into: &b)
            // The guest on the row under the status, or on a three-row tile in the bottom edge as the label is in
            // the top one (the main room's tiles at 160x48 showed no name where the bar's taller ones did).
            if let who = guestName(status) {
                b.write(who, x: r.x + 1, y: r.y + 2, style: Style(role, r.height >= 4 ? [] : .bold), maxWidth: r.width - 2)
            }
        } else {
            // Too small for a box: one line like [T12(4) ● 0:45].
            let text = (selected ? g.selectedMark : "[") + t.label + "(" + covers + ")" + joinMark(t, status) + " " + statusText
            b.fill(Rect(x: r.x, y: r.y, width: r.width, height: 1), style: Style(selected ? .cursor : role))
            b.write(text, x: r.x, y: r.y, style: Style(selected ? .cursor : role), maxWidth: r.width)
            let shown = GuestMark.fitting(marks, after: text, keep: text.displayWidth, width: r.width)
            GuestMark.draw(shown, endingAt: r.maxX, y: r.y, into: &b)
        }
    }

    /// "+T5" on T4 when the booking shown holds T4 and T5 joined (`TableCombination`); "" otherwise.
    static func joinMark(_ t: DiningTable, _ s: TableStatus) -> String {
        s.entry.map { joinMark(t, $0) } ?? ""
    }

    static func joinMark(_ t: DiningTable, _ e: BookEntry) -> String {
        guard e.tableLabels.count > 1 else { return "" }
        return e.tableLabels.filter { $0 != t.label }.map { "+" + $0 }.joined()
    }

    static func guestName(_ s: TableStatus) -> String? {
        if case .held = s { return "booking…" }
        return s.entry?.customer.name
    }

    static func drawLegend(y: Int, x: Int, width: Int, into b: inout ScreenBuffer, glyphs g: Glyphs) {
        let items: [(String, String, Role)] = [
            (g.free, "free", .tableFree), (g.soon, "soon", .tableSoon), (g.seated, "seated", .tableSeated),
            (g.late, "over turn", .tableLate), (g.held, "held", .tableHeld), (g.outOfService, "out", .tableOut),
            (g.allergy, "allergy", .allergyWarning), (g.vip, "VIP", .vip),
            // Last, so a narrow pane drops these first: the tile says "part" or "here" in words anyway.
            (g.partlyArrived, "partly here", .tableSoon), (g.arrived, "all here", .tableSoon),
        ]
        var cx = x
        for (glyph, word, role) in items {
            let w = glyph.displayWidth + 1 + word.displayWidth
            if cx + w > x + width { break }
            cx += b.write(glyph, x: cx, y: y, style: Style(role))
            cx += b.write(" " + word + "  ", x: cx, y: y, style: Style(.muted), maxWidth: x + width - cx)
        }
    }
}
