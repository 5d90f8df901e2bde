import Foundation
import ReservationDomain

public enum Direction: Sendable, Hashable { case up, down, left, right }

extension Key {
    var direction: Direction? {
        switch self {
        case .up, .char("k"): .up
        case .down, .char("j"): .down
        case .left, .char("h"): .left
        case .right, .char("l"): .right
        default: nil
        }
    }
}

/// Moving between tables on the floor plan by direction.
public enum FloorNavigation {
    /// The table nearest to `from` in `direction`: it must lie that way (its centre strictly beyond
    /// `from`'s on that axis); among those, distance along the axis counts once and sideways drift twice,
    /// so "right" prefers the table in the same row over a closer one diagonally.
    public static func nearest(from: DiningTable, direction: Direction, among tables: [DiningTable]) -> DiningTable? {
        func centre(_ t: DiningTable) -> (Double, Double) {
            (Double(t.x) + Double(max(1, t.width)) / 2, Double(t.y) + Double(max(1, t.height)) / 2)
        }
        let (fx, fy) = centre(from)
        var best: (DiningTable, Double)? = nil
        for t in tables where t.id != from.id {
            let (cx, cy) = centre(t)
            let along: Double, across: Double
            switch direction {
            case .right: (along, across) = (cx - fx, abs(cy - fy))
            case .left: (along, across) = (fx - cx, abs(cy - fy))
            case .down: (along, across) = (cy - fy, abs(cx - fx))
            case .up: (along, across) = (fy - cy, abs(cx - fx))
            }
            guard along > 0 else { continue }
            let score = along + 2 * across
            if best == nil || score < best!.1 || (score == best!.1 && t.label < best!.0.label) { best = (t, score) }
        }
        return best?.0
    }
}

extension AppState {
    mutating func navigate(_ key: Key, _ fx: inout [Effect]) {
        guard let day else { return }
        switch focus {
        case .floor:
            guard let dir = key.direction else { return }
            let tables = day.tablesByArea[safe: areaIndex] ?? []
            guard let current = selectedTable.flatMap({ day.table($0) }) ?? tables.first else { return }
            if let next = FloorNavigation.nearest(from: current, direction: dir, among: tables) {
                selectTable(next.id, &fx)
            } else if selectedTable == nil {
                selectTable(current.id, &fx)
            }
        case .timeline:
            var row = cursorTable, slot = cursorSlot
            let pageRows = max(1, TimelineGeometry(pane: layout.timeline ?? layout.body, slotCount: day.slots.count).visibleRows - 1)
            switch key {
            case .up, .char("k"): row -= 1
            case .down, .char("j"): row += 1
            case .left, .char("h"): slot -= 1
            case .right, .char("l"): slot += 1
            case .char("H"): slot -= 4
            case .char("L"): slot += 4
            // A page is display rows, area headings included: counted in tables, a page that crossed a
            // heading moved the window past a table that was never shown (T18 at 80x24).
            case .pageUp: row = day.table(nearRow: (day.rowOfTable[safe: row] ?? 0) - pageRows, goingDown: false)
            case .pageDown: row = day.table(nearRow: (day.rowOfTable[safe: row] ?? 0) + pageRows, goingDown: true)
            case .home, .char("0"): slot = 0
            case .end, .char("$"): slot = day.slots.count - 1
            default: return
            }
            moveCursor(table: row, slot: slot, &fx)
        case .customer:
            return
        }
    }

    mutating func selectTable(_ id: TableID, _ fx: inout [Effect]) {
        selectedTable = id
        if let day, let i = day.tableIndex(id) {
            cursorTable = i
            if let ai = day.areas.firstIndex(where: { $0.id == day.tables[i].areaID }) { areaIndex = ai }
        }
        ensureCursorVisible()
        syncSelection(&fx)
    }

    mutating func moveCursor(table: Int, slot: Int, _ fx: inout [Effect]) {
        guard let day, !day.tables.isEmpty else { return }
        cursorTable = min(max(0, table), day.tables.count - 1)
        cursorSlot = min(max(0, slot), max(0, day.slots.count - 1))
        cursorMoved = true
        let t = day.tables[cursorTable]
        selectedTable = t.id
        if let ai = day.areas.firstIndex(where: { $0.id == t.areaID }) { areaIndex = ai }
        ensureCursorVisible()
        syncSelection(&fx)
    }

    /// How many 15-minute columns the timeline shows at this size.
    var timelineVisibleSlots: Int {
        guard let day, let pane = Layout(size: size, focus: .timeline).timeline else { return 0 }
        return TimelineGeometry(pane: pane, slotCount: day.slots.count).visibleSlots
    }

    /// Keeps the timeline cursor inside the visible window. The window may start after the last full width
    /// (room to spare on the right) only up to the cursor: `followNow` opens it on the service under way.
    mutating func ensureCursorVisible() {
        guard let day, let pane = Layout(size: size, focus: .timeline).timeline else { return }
        let g = TimelineGeometry(pane: pane, slotCount: day.slots.count)
        if g.visibleSlots > 0 {
            if cursorSlot < scrollSlot { scrollSlot = cursorSlot }
            if cursorSlot >= scrollSlot + g.visibleSlots { scrollSlot = cursorSlot - g.visibleSlots + 1 }
            scrollSlot = max(0, min(scrollSlot, max(0, day.slots.count - g.visibleSlots, cursorSlot)))
        }
        if g.visibleRows > 0, let row = day.rowOfTable[safe: cursorTable] {
            // Show the area heading above the first table of an area when scrolling up to it.
            let top = row > 0 && day.rows[row - 1] != .table(cursorTable - 1) ? row - 1 : row
            if top < scrollRow { scrollRow = top }
            if row >= scrollRow + g.visibleRows { scrollRow = row - g.visibleRows + 1 }
            scrollRow = max(0, min(scrollRow, max(0, day.rows.count - g.visibleRows)))
        }
    }

    /// The reservation under the cursor of the focused pane becomes the selected one; the guest pane
    /// follows it, asking for the guest's history when the guest changes.
    mutating func syncSelection(_ fx: inout [Effect]) {
        guard let day else { return }
        var entry: BookEntry? = nil
        if focus == .floor, let t = selectedTable, let table = day.table(t) {
            switch TableStatus.of(table, in: day, now: now, ownLease: ownLeaseToken) {
            case .seated(let e, _, _), .arriving(let e): entry = e
            case .free(let next): entry = next ?? (isToday ? nil : day.entries(for: t).first)
            default: entry = nil
            }
        } else if let t = day.tables[safe: cursorTable] {
            entry = day.entry(table: t.id, slot: cursorSlot)
        }
        selectedReservation = entry?.id
        if let e = entry { showCustomer(e.customer, &fx) } else if focus != .customer { customer = nil }
    }

    mutating func showCustomer(_ c: Customer, _ fx: inout [Effect]) {
        if customer?.customer.id != c.id {
            customer = CustomerPanel(customer: c)
            fx.append(.loadCustomerHistory(c.id))
            if !c.anonymous { fx.append(.loadGuestDuplicates(c.id)) }
        } else {
            customer?.customer = c
        }
    }

    mutating func mouse(_ m: MouseEvent, _ fx: inout [Effect]) {
        guard config.mouse, overlay == nil, commandLine == nil, let day else { return }
        let l = layout
        if let pane = l.floor, pane.contains(x: m.x, y: m.y) {
            focus = .floor
            let g = FloorGeometry(pane: pane, tables: day.tablesByArea[safe: areaIndex] ?? [])
            if m.button == .left, let t = g.table(atX: m.x, y: m.y) { selectTable(t, &fx) }
            if m.y == g.tabsY, m.button == .left, let i = areaTab(atX: m.x, pane: pane) { switchArea(i, &fx) }
            return
        }
        if let pane = l.timeline, pane.contains(x: m.x, y: m.y) {
            focus = .timeline
            let g = TimelineGeometry(pane: pane, slotCount: day.slots.count)
            switch m.button {
            case .wheelUp: moveCursor(table: cursorTable - 3, slot: cursorSlot, &fx)
            case .wheelDown: moveCursor(table: cursorTable + 3, slot: cursorSlot, &fx)
            case .left:
                let rowIndex = scrollRow + (m.y - g.firstRowY)
                guard m.y >= g.firstRowY, m.x >= g.gridX, case .table(let ti)? = day.rows[safe: rowIndex] else { return }
                let slot = scrollSlot + (m.x - g.gridX) / g.slotWidth
                moveCursor(table: ti, slot: slot, &fx)
            }
            return
        }
        if let pane = l.customer, pane.contains(x: m.x, y: m.y) { focus = .customer }
    }

    /// Which area tab is under column x (tabs are drawn as " Name " one after another).
    func areaTab(atX x: Int, pane: Rect) -> Int? {
        guard let day else { return nil }
        var cx = pane.inner.x
        for (i, a) in day.areas.enumerated() {
            let w = a.name.displayWidth + 4
            if x >= cx && x < cx + w { return i }
            cx += w + 1
        }
        return nil
    }
}
