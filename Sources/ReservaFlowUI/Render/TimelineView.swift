import Foundation
import ReservationDomain

/// Tables (grouped by area) against the day's service in 15-minute columns; blocks for bookings,
/// a "now" line, and a (table, time) cursor.
enum TimelineView {
    static func draw(_ s: AppState, pane: Rect, into b: inout ScreenBuffer, glyphs g: Glyphs, focused: Bool) {
        var title = "Timeline"
        if s.isToday { title += " \(g.bullet) now \(s.clock.hhmm(s.now))" }
        b.box(pane, glyphs: g, style: Style(focused ? .borderFocused : .border), title: title, titleStyle: Style(.title))
        let inner = pane.inner
        guard let day = s.day else {
            b.write(s.loading ? "Loading…" : "No data.", x: inner.x + 1, y: inner.y + 1, style: Style(.muted))
            return
        }
        guard !day.slots.isEmpty else {
            let why = day.sheet.closure.map { "Closed: \($0.reason)" } ?? "No service on this day."
            b.write(why, x: inner.x + 1, y: inner.y + 1, style: Style(.muted))
            return
        }
        let geo = TimelineGeometry(pane: pane, slotCount: day.slots.count)
        let first = min(max(0, s.scrollSlot), day.slots.count)
        let last = min(day.slots.count, first + geo.visibleSlots)
        let sw = geo.slotWidth
        let nowSlot = s.isToday ? day.slotIndex(containing: s.now) : nil

        // Hour labels; arrows say there is more to either side.
        b.write("Table", x: inner.x, y: geo.headerY, style: Style(.muted))
        if first > 0 { b.write("‹", x: geo.gridX - 1, y: geo.headerY, style: Style(.muted)) }
        if last < day.slots.count { b.write("›", x: inner.maxX - 1, y: geo.headerY, style: Style(.muted)) }
        var labelEnd = 0
        for i in first..<last where day.slotMinutes[i] % 60 == 0 || day.serviceStarts.contains(i) || i == first {
            let x = geo.x(ofSlot: i, scroll: first)
            guard x >= labelEnd, x + 5 <= inner.maxX - 1 else { continue }
            let m = day.slotMinutes[i]
            let label = (m / 60 < 10 ? "0" : "") + "\(m / 60):" + (m % 60 < 10 ? "0" : "") + "\(m % 60)"
            labelEnd = x + b.write(label, x: x, y: geo.headerY, style: Style(.label)) + 1
        }
        if let n = nowSlot, n >= first, n < last {
            let x = geo.x(ofSlot: n, scroll: first)
            if b[x, geo.headerY].text == " " { b.put(g.nowMarker, x: x, y: geo.headerY, style: Style(.nowLine)) }
        }

        if day.pacing.limit != nil { drawCovers(day, first: first, last: last, y: pane.maxY - 1, geo: geo, ascii: s.config.ascii, into: &b) }

        let cursorTable = day.tables[safe: s.cursorTable]?.id
        for r in 0..<geo.visibleRows {
            let ri = s.scrollRow + r
            guard let row = day.rows[safe: ri] else { break }
            let y = geo.firstRowY + r
            switch row {
            case .area(let ai):
                let name = day.areas[ai].name
                b.hline(x: inner.x, y: y, width: inner.width, glyph: g.horizontal, style: Style(.border))
                b.write(" " + name + " ", x: inner.x + 1, y: y, style: Style(.title))
            case .table(let ti):
                let t = day.tables[ti]
                let isCursorRow = t.id == cursorTable
                let label = t.label.padded(toWidth: 4) + " \(t.minCovers)-\(t.maxCovers)"
                b.write(label, x: inner.x, y: y, style: Style(isCursorRow ? .cursor : (day.sheet.isOpen(t) ? .normal : .muted)),
                        maxWidth: TimelineGeometry.labelWidth - 1)
                drawGrid(day: day, first: first, last: last, y: y, gridX: geo.gridX, sw: sw, nowSlot: nowSlot, active: day.sheet.isOpen(t), into: &b, glyphs: g)
                for l in day.sheet.leases where l.tableID == t.id && l.expiresAt > s.now && !l.belongs(to: s.ownLeaseToken) {
                    drawHeld(l, day: day, first: first, last: last, y: y, gridX: geo.gridX, sw: sw, into: &b, glyphs: g)
                }
                var cursorInBlock = false
                for e in day.entries(for: t.id) {
                    let hit = drawBlock(e, s: s, day: day, first: first, last: last, y: y, gridX: geo.gridX, sw: sw,
                                        cursorSlot: isCursorRow ? s.cursorSlot : nil, into: &b, glyphs: g, row: t)
                    cursorInBlock = cursorInBlock || hit
                }
                if isCursorRow && !cursorInBlock && s.cursorSlot >= first && s.cursorSlot < last {
                    let x = geo.x(ofSlot: s.cursorSlot, scroll: first)
                    b.restyle(Rect(x: x, y: y, width: sw, height: 1), style: Style(.cursor))
                }
            }
        }
    }

    /// Pacing, on the pane's bottom border: covers starting in each visible slot against the venue's limit
    /// (`Cov/24`). Columns of 3 cells or more show the number (`22`, `26!` over the limit); 2-cell columns, where
    /// two numbers would run together ("153" for 15 and 3), show how full the slot is (`▁`-`█`, ASCII `.-=#`)
    /// and `!` over the limit. A full slot is in the warning role, one over it in the error role (meaning never
    /// by colour alone: `!`, `█`/`#`). Empty slots leave the border as it is.
    static func drawCovers(_ day: DayIndex, first: Int, last: Int, y: Int, geo: TimelineGeometry, ascii: Bool, into b: inout ScreenBuffer) {
        guard let limit = day.pacing.limit else { return }
        let inner = geo.pane.inner
        let levels = ascii ? [".", "-", "=", "#"] : ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        b.write("Cov/\(limit)", x: inner.x, y: y, style: Style(.label), maxWidth: TimelineGeometry.labelWidth - 1)
        for i in first..<last {
            let covers = day.pacing.covers(at: day.slots[i])
            guard covers > 0 else { continue }
            let x = geo.x(ofSlot: i, scroll: first)
            let over = covers > limit
            let text: String
            if geo.slotWidth >= 3 {
                text = String(covers) + (over ? "!" : "")
            } else if over {
                text = "!"
            } else {
                text = levels[min(levels.count - 1, max(0, (covers * levels.count + limit - 1) / limit - 1))]
            }
            let role: Role = over ? .error : covers == limit ? .warning : .muted
            b.write(text, x: x, y: y, style: Style(role, over ? .bold : []), maxWidth: min(geo.slotWidth, inner.maxX - x))
        }
    }

    static func drawGrid(day: DayIndex, first: Int, last: Int, y: Int, gridX: Int, sw: Int, nowSlot: Int?, active: Bool,
                         into b: inout ScreenBuffer, glyphs g: Glyphs) {
        for i in first..<last {
            let x = gridX + (i - first) * sw
            if !active {
                for dx in 0..<sw { b.put("/", x: x + dx, y: y, style: Style(.gap)) }
            } else if day.serviceStarts.contains(i) {
                b.put(g.vertical, x: x, y: y, style: Style(.border))
            } else if day.slotMinutes[i] % 60 == 0 {
                b.put(g.bullet, x: x, y: y, style: Style(.gap))
            }
            if i == nowSlot { b.put(g.nowLine, x: x, y: y, style: Style(.nowLine)) }
        }
    }

    /// Another terminal booking this table for that time ("being booked by Ana"), as on the floor: the
    /// slot may be gone in a moment, so it is shown where the host would book it. Bookings are drawn over it.
    static func drawHeld(_ l: LeaseInfo, day: DayIndex, first: Int, last: Int, y: Int, gridX: Int, sw: Int,
                         into b: inout ScreenBuffer, glyphs g: Glyphs) {
        guard let range = day.slotRange(from: l.start, to: l.end) else { return }
        let lo = max(range.lowerBound, first), hi = min(range.upperBound, last)
        guard lo < hi else { return }
        let rect = Rect(x: gridX + (lo - first) * sw, y: y, width: (hi - lo) * sw, height: 1)
        b.fill(rect, style: Style(.tableHeld))
        b.write(g.held + l.holder, x: rect.x, y: y, style: Style(.tableHeld), maxWidth: rect.width)
    }

    /// Cells of a guest's name a block keeps before it shows their marks: enough to tell two guests apart.
    static let nameCellsKept = 4

    /// Draws one booking; returns whether the cursor is inside it. A joined booking is drawn on the row
    /// of each of its tables, ending in the others ("Garcia 10 +T5" on T4's row).
    static func drawBlock(_ e: BookEntry, s: AppState, day: DayIndex, first: Int, last: Int, y: Int, gridX: Int, sw: Int,
                          cursorSlot: Int?, into b: inout ScreenBuffer, glyphs g: Glyphs, row: DiningTable? = nil) -> Bool {
        let r = e.reservation
        var res = r
        let late = r.status == .seated && s.isToday && s.now > r.endsAt
        let lateToArrive = s.isToday && LateArrival.minutesLate(r, now: s.now) != nil
        if late { res.endsAt = s.now }  // an overrun still occupies the table: draw it up to now
        guard let range = day.slotRange(of: res) else { return false }
        let lo = max(range.lowerBound, first), hi = min(range.upperBound, last)
        guard lo < hi else { return false }
        let role: Role
        let glyph: String
        switch r.status {
        // Here (in part) and not seated yet: the floor's arrival glyphs (◑ ◉); part of a party is still late.
        case .pending where r.arrival == .partial, .confirmed where r.arrival == .partial:
            (role, glyph) = (lateToArrive ? .tableSoon : .blockConfirmed, g.partlyArrived)
        case .pending where r.arrival == .arrived, .confirmed where r.arrival == .arrived:
            (role, glyph) = (.blockConfirmed, g.arrived)
        // Not there at its time: drawn as the floor draws the table (◔, tableSoon), whether held or confirmed.
        case .pending where lateToArrive, .confirmed where lateToArrive: (role, glyph) = (.tableSoon, g.soon)
        case .pending: (role, glyph) = (.blockPending, g.pending)
        case .confirmed: (role, glyph) = (.blockConfirmed, g.confirmed)
        case .seated: (role, glyph) = late ? (.blockLate, g.late) : (.blockSeated, g.seated)
        default: (role, glyph) = (.blockDone, g.done)
        }
        let selected = s.selectedReservation == r.id
        // No bold on the selection: xterm draws bold black as dark grey, and on cyan that was the hardest block
        // to read; the ▶ mark shows the selection without colour.
        let style = Style(selected ? .selection : role)
        let rect = Rect(x: gridX + (lo - first) * sw, y: y, width: (hi - lo) * sw, height: 1)
        b.fill(rect, style: style)
        // The selected block also starts with ▶ (ASCII >): in monochrome a seated block is already reverse
        // and bold, so the selection would otherwise not show at all.
        let lead = (selected ? g.selectedMark : "") + glyph
        let joined = row.map { FloorPlanView.joinMark($0, e) } ?? ""
        let text = lead + e.customer.name + " " + String(r.partySize) + (joined.isEmpty ? "" : " " + joined)
        // A block followed at once by another on the row keeps its last cell blank: names ran into the next
        // block's glyph ("vCarmen DíazvÁlvaro Ruiz" in ASCII, where `v` is confirmed).
        let touching = rect.width > 2 && (row ?? day.table(r.tableID)).map { t in
            day.entries(for: t.id).contains { $0.id != e.id && day.slotRange(of: $0.reservation)?.lowerBound == range.upperBound }
        } == true
        let room = rect.width - (touching ? 1 : 0)
        // Marks at the block's end; the party size is cut first, then VIP, then the allergy mark, so the
        // name keeps its first cells.
        let marks = GuestMark.fitting(GuestMark.of(e.customer, glyphs: g), after: text,
                                      keep: lead.displayWidth + nameCellsKept, width: room)
        b.write(text, x: rect.x, y: y, style: style, maxWidth: room - (marks.isEmpty ? 0 : GuestMark.cells(marks) + 1))
        GuestMark.draw(marks, endingAt: rect.x + room, y: y, into: &b)
        if let c = cursorSlot, c >= lo, c < hi {
            b.restyle(Rect(x: gridX + (c - first) * sw, y: y, width: sw, height: 1), style: Style(.cursor))
            return true
        }
        return cursorSlot.map { range.contains($0) } ?? false
    }
}
