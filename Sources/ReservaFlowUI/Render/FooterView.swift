import Foundation
import ReservationDomain

/// The status line (command line, search, messages, or what is selected) and the key hints.
enum FooterView {
    static func draw(_ s: AppState, layout: Layout, into b: inout ScreenBuffer, glyphs g: Glyphs) {
        let y = layout.status.y, w = layout.status.width
        if let c = s.commandLine {
            b.write(":", x: 0, y: y, style: Style(.key))
            Draw.field(c.field, x: 1, y: y, width: w - 2, focused: true, into: &b)
            if c.completions.count > 1 {
                let more = " \(c.completionIndex + 1)/\(c.completions.count) "
                b.write(more, x: w - more.displayWidth, y: y, style: Style(.muted))
            }
        } else if let q = s.search {
            b.write("/", x: 0, y: y, style: Style(.key))
            let info = q.field.isEmpty ? "name or phone" : "\(q.matches.isEmpty ? 0 : q.matchIndex + 1)/\(q.matches.count) today" + (q.customers.isEmpty ? "" : " \(g.bullet) \(q.customers.count) guests")
            let infoW = info.displayWidth + 2
            Draw.field(q.field, x: 1, y: y, width: max(10, w - 2 - infoW), focused: true, into: &b)
            b.write(info, x: w - infoW + 1, y: y, style: Style(.muted))
            // A result that comes back while the host types (a seat, a refusal) shows above the line at
            // once, not when the search closes.
            drawMessage(s, above: y - 1, width: w, glyphs: g, into: &b)
        } else if case .confirm(let p, nil)? = s.overlay {
            // A question about the selected booking (cancel, no-show, finish, seat early) is asked here,
            // where the host is looking, rather than in a box over the floor.
            drawWrapped(p.question, above: y, width: w, style: Style(.warning, .bold), into: &b)
        } else if s.message?.text.isEmpty == false {
            drawMessage(s, above: y, width: w, glyphs: g, into: &b)
        } else {
            b.write(selectionLine(s, glyphs: g), x: 0, y: y, style: Style(.muted), maxWidth: w)
        }

        let fy = layout.footer.y
        b.fill(layout.footer, style: Style(.footer))
        // "? help" is always there, at the right, so help is never cut off.
        let help = " ? help "
        let helpX = w - help.displayWidth
        b.write(" ?", x: helpX, y: fy, style: Style(.footerKey))
        b.write(" help ", x: helpX + 2, y: fy, style: Style(.footer))
        var x = 1
        for (key, word) in KeyBindings.footer(s) {
            let need = key.displayWidth + word.displayWidth + 3
            if x + need > helpX { break }
            x += b.write(key, x: x, y: fy, style: Style(.footerKey))
            x += b.write(" " + word, x: x, y: fy, style: Style(.footer))
            x += 2
        }
    }

    /// A message or question can take this many rows, the status line and those above it.
    static let maxMessageRows = 4

    static func drawMessage(_ s: AppState, above y: Int, width w: Int, glyphs g: Glyphs, into b: inout ScreenBuffer) {
        guard let m = s.message, !m.text.isEmpty else { return }
        drawWrapped(messageText(m, glyphs: g), above: y, width: w, style: Style(m.isError ? .error : .success), into: &b)
    }

    static func messageText(_ m: StatusMessage, glyphs g: Glyphs) -> String {
        (m.isError ? g.bad + " " : "") + m.text
    }

    /// How many rows the message takes above the open search line, which the guest list then sits over.
    static func rowsAboveSearch(_ s: AppState, width: Int, glyphs g: Glyphs) -> Int {
        guard s.search != nil, let m = s.message, !m.text.isEmpty else { return 0 }
        return Draw.wrap(messageText(m, glyphs: g), width: width, maxLines: maxMessageRows).count
    }

    /// The whole text, wrapped, its last line on the status line and the others over the bottom of the body:
    /// the useful part of an error is often its end ("outside opening hours ...: Dinner 19:00-23:30 ..."),
    /// which one row cut off.
    static func drawWrapped(_ text: String, above y: Int, width w: Int, style: Style, into b: inout ScreenBuffer) {
        let lines = Draw.wrap(text, width: w, maxLines: maxMessageRows)
        for (i, line) in lines.enumerated() {
            let ly = y - (lines.count - 1) + i
            b.fill(Rect(x: 0, y: ly, width: w, height: 1), style: .normal)
            b.write(line, x: 0, y: ly, style: style, maxWidth: w)
        }
    }

    /// "T3 (2-4, window): seated 45 min (García ×4) · selected: García ×4 19:30-21:30 confirmed", after the
    /// cursor's time ("21:15 · ") on the timeline.
    static func selectionLine(_ s: AppState, glyphs g: Glyphs) -> String {
        guard let day = s.day else { return s.loading ? "Loading \(DateInput.long(s.date))…" : "" }
        if day.sheet.windows.isEmpty { return "Closed on \(DateInput.long(s.date))." }
        var parts: [String] = []
        // Which time the timeline cursor is on: the hour labels are up to an hour apart.
        if s.focus == .timeline, let slot = day.slots[safe: s.cursorSlot] { parts.append(s.clock.hhmm(slot)) }
        if let t = s.selectedTable.flatMap({ day.table($0) }) {
            var text = "\(t.label) (\(t.minCovers)-\(t.maxCovers)"
            if !t.features.isEmpty { text += ", " + t.features.map(\.rawValue).sorted().joined(separator: ", ") }
            text += ")"
            if let shut = day.sheet.tablesClosed[t.id] {
                text += ": out of service \(shut.days.span)" + (shut.days.reason.isEmpty ? "" : " (\(shut.days.reason))")
            } else if s.isToday || !t.active {
                let status = TableStatus.of(t, in: day, now: s.now, ownLease: s.ownLeaseToken)
                text += ": " + status.sentence(clock: s.clock, now: s.now, next: TableStatus.nextDue(t, in: day, now: s.now))
            }
            parts.append(text)
        }
        if let e = s.selectedEntry {
            let r = e.reservation
            parts.append("\(e.customer.name) ×\(r.partySize) \(s.clock.hhmm(r.startsAt))-\(s.clock.hhmm(r.endsAt)) \(r.status.label)")
        }
        return parts.joined(separator: " \(g.bullet) ")
    }
}
