import Foundation
import ReservationDomain

enum OverlayView {
    static func draw(_ o: Overlay, state s: AppState, body: Rect, into b: inout ScreenBuffer, glyphs g: Glyphs) {
        switch o {
        case .help(let scroll): HelpView.draw(scroll: scroll, body: body, into: &b, glyphs: g)
        case .booking(let f): BookingFormView.draw(f, state: s, body: body, into: &b, glyphs: g)
        case .walkIn(let f): WalkInView.draw(f, state: s, body: body, into: &b, glyphs: g)
        case .confirm(let p, let under):
            // A question over nothing is asked on the status line (FooterView); over a form, in a box.
            guard let under else { return }
            draw(under, state: s, body: body, into: &b, glyphs: g)
            let lines = Draw.wrap(p.question, width: min(60, body.width - 6))
            let r = body.centered(width: min(64, body.width - 2), height: lines.count + 4)
            Draw.dialog(r, title: "Are you sure?", into: &b, glyphs: g)
            for (i, l) in lines.enumerated() { b.write(l, x: r.x + 2, y: r.y + 1 + i, style: Style(.label)) }
            b.write("y yes   n no", x: r.x + 2, y: r.maxY - 2, style: Style(.key))
        case .prompt(let p): PromptView.draw(p, body: body, into: &b, glyphs: g)
        case .actions(let id): ActionsView.draw(id, state: s, body: body, into: &b, glyphs: g)
        case .tableBookings(let t, let index): TableBookingsView.draw(t, index: index, state: s, body: body, into: &b, glyphs: g)
        case .waitlist(let index): WaitlistView.draw(index: index, state: s, body: body, into: &b, glyphs: g)
        case .waitlistSeat(let f): WaitlistSeatView.draw(f, state: s, body: body, into: &b, glyphs: g)
        case .lateArrivals(let index): LateArrivalsView.draw(index: index, state: s, body: body, into: &b, glyphs: g)
        case .venuePicker(let venues, let index): VenuePickerView.draw(venues, index: index, body: body, into: &b, glyphs: g)
        case .history(let p): HistoryView.draw(p, state: s, body: body, into: &b, glyphs: g)
        case .guestEdit(let f): GuestEditView.draw(f, body: body, into: &b, glyphs: g)
        case .admin(let screen): AdminView.draw(screen, body: body, into: &b, glyphs: g)
        case .reports(let screen): ReportView.draw(screen, body: body, into: &b, glyphs: g)
        }
    }
}

enum HelpView {
    static func draw(scroll: Int, body: Rect, into b: inout ScreenBuffer, glyphs g: Glyphs) {
        // As wide as the longest line needs when the screen has room (a fixed 76 cut "u … made here (5 m" at
        // 160 columns); narrower, an action wraps onto the next rows rather than being cut. Where two such
        // columns fit side by side (160 columns) and one would not hold every key, the sections go in two.
        let longest = KeyBindings.sections.flatMap(\.1).map(\.action.displayWidth).max() ?? 0
        let single = min(longest + 18, body.width - 4)
        let oneColumn = lines(width: single - 4)
        let twoColumns = body.width - 4 >= 2 * single + 1 && oneColumn.count > body.height - 2
        // (Every action is kept to 59 characters so that two whole columns fit in 160.)
        let r = body.centered(width: twoColumns ? 2 * single + 1 : single, height: body.height)
        let inner = r.inset(dx: 2, dy: 1)
        Draw.dialog(r, title: "Keys (any key closes)", into: &b, glyphs: g)
        let columns: [[(String, String, Bool)]] = twoColumns ? split(oneColumn) : [oneColumn]
        let width = twoColumns ? (inner.width - 1) / 2 : inner.width
        var cut = false
        for (c, column) in columns.enumerated() {
            let x = inner.x + c * (width + 1)
            let start = min(scroll, max(0, column.count - inner.height))
            for (i, (k, a, heading)) in column.dropFirst(start).prefix(inner.height).enumerated() {
                if heading {
                    b.write(k, x: x, y: inner.y + i, style: Style(.title, .underline))
                } else {
                    b.write(k, x: x + 1, y: inner.y + i, style: Style(.key), maxWidth: 12)
                    b.write(a, x: x + 14, y: inner.y + i, maxWidth: width - 14)
                }
            }
            cut = cut || start + inner.height < column.count
        }
        if cut { b.write("↓ more", x: r.maxX - 9, y: r.maxY - 1, style: Style(.muted)) }
    }

    /// Every section's heading and keys, actions wrapped to `width`.
    private static func lines(width: Int) -> [(String, String, Bool)] {
        var lines: [(String, String, Bool)] = []
        for (section, bindings) in KeyBindings.sections {
            lines.append((section, "", true))
            for k in bindings {
                for (i, part) in Draw.wrap(k.action, width: max(1, width - 14)).enumerated() { lines.append((i == 0 ? k.keys : "", part, false)) }
            }
        }
        return lines
    }

    /// Two columns, split before the section heading nearest the middle.
    private static func split(_ lines: [(String, String, Bool)]) -> [[(String, String, Bool)]] {
        let headings = lines.indices.filter { lines[$0].2 }
        let middle = headings.min { abs($0 - lines.count / 2) < abs($1 - lines.count / 2) } ?? lines.count / 2
        return [Array(lines[..<middle]), Array(lines[middle...])]
    }
}

enum PromptView {
    static func draw(_ p: PromptForm, body: Rect, into b: inout ScreenBuffer, glyphs g: Glyphs) {
        let width = min(64, body.width - 2)
        // The whole error, on as many rows as it needs (the core's answers name what is in the way).
        let errorLines = p.error.map { Draw.wrap($0, width: width - 4, maxLines: 4) } ?? []
        let r = body.centered(width: width, height: 6 + max(1, errorLines.count))
        Draw.dialog(r, title: p.title, into: &b, glyphs: g)
        Draw.field(p.field, x: r.x + 2, y: r.y + 2, width: r.width - 4, focused: true, into: &b)
        b.write(p.hint, x: r.x + 2, y: r.y + 3, style: Style(.muted), maxWidth: r.width - 4)
        for (i, l) in errorLines.enumerated() { b.write(l, x: r.x + 2, y: r.y + 4 + i, style: Style(.error)) }
        b.write("Enter save · Esc cancel", x: r.x + 2, y: r.maxY - 2, style: Style(.muted), maxWidth: r.width - 4)
    }
}

enum ActionsView {
    static func draw(_ id: UUID, state s: AppState, body: Rect, into b: inout ScreenBuffer, glyphs g: Glyphs) {
        guard let e = s.day?.entry(id) else { return }
        let r0 = e.reservation
        let items: [(String, String, Bool)] = [
            ("c", "confirm", StatusMachine.canMove(r0.status, to: .confirmed)),
            ("s", "seat", StatusMachine.canMove(r0.status, to: .seated)),
            ("f", "finish (complete)", StatusMachine.canMove(r0.status, to: .completed)),
            ("x", "cancel…", StatusMachine.canMove(r0.status, to: .cancelled)),
            ("!", "no-show…", StatusMachine.canMove(r0.status, to: .noShow)),
            ("m", "move table", r0.status.isLive), ("r", "change time", r0.status.isLive),
            ("p", "party size", r0.status.isLive), ("e", "edit notes", true), ("i", "guest details", true),
            ("E", "edit the guest's profile", !e.customer.anonymous), ("d", "history: every change", true),
        ]
        let r = body.centered(width: min(56, body.width - 2), height: items.count + 6)
        Draw.dialog(r, title: "Booking", into: &b, glyphs: g)
        let head = "\(e.customer.name) ×\(r0.partySize) \(g.bullet) \(e.seatLabel) \(s.clock.hhmm(r0.startsAt))-\(s.clock.hhmm(r0.endsAt))"
        b.write(head, x: r.x + 2, y: r.y + 1, style: Style(.label), maxWidth: r.width - 4)
        b.write("status: \(r0.status.label)", x: r.x + 2, y: r.y + 2, style: Style(.muted), maxWidth: r.width - 4)
        for (i, (k, label, ok)) in items.enumerated() {
            let y = r.y + 4 + i
            b.write(k, x: r.x + 3, y: y, style: Style(ok ? .key : .muted))
            b.write(label + (ok ? "" : " (not from \(r0.status.label))"), x: r.x + 6, y: y, style: Style(ok ? .normal : .muted), maxWidth: r.width - 8)
        }
    }
}

enum TableBookingsView {
    static func draw(_ table: TableID, index: Int, state s: AppState, body: Rect, into b: inout ScreenBuffer, glyphs g: Glyphs) {
        guard let day = s.day, let t = day.table(table) else { return }
        let entries = day.sheet.entries(for: table)
        let r = body.centered(width: min(70, body.width - 2), height: min(body.height, max(entries.count, 1) + 5))
        Draw.dialog(r, title: "\(t.label) (\(t.minCovers)-\(t.maxCovers)) \(g.bullet) \(DateInput.short(s.date))", into: &b, glyphs: g)
        if entries.isEmpty {
            b.write("No bookings. n books this table.", x: r.x + 2, y: r.y + 2, style: Style(.muted))
        }
        let visible = r.height - 4
        let start = max(0, min(index - visible + 1, entries.count - visible))
        for (i, e) in entries.dropFirst(start).prefix(visible).enumerated() {
            let y = r.y + 2 + i
            let res = e.reservation
            let text = "\(s.clock.hhmm(res.startsAt))-\(s.clock.hhmm(res.endsAt))  ×\(res.partySize)  \(res.status.label.padded(toWidth: 9)) \(e.customer.name)"
            let sel = start + i == index
            if sel { b.fill(Rect(x: r.x + 1, y: y, width: r.width - 2, height: 1), style: Style(.selection)) }
            b.write((sel ? g.selectedMark : " ") + " " + text, x: r.x + 1, y: y, style: Style(sel ? .selection : (res.status.isLive ? .normal : .muted)), maxWidth: r.width - 3)
        }
    }
}

enum SearchResultsView {
    static func draw(_ q: SearchState, state s: AppState, above status: Rect, into b: inout ScreenBuffer, glyphs g: Glyphs) {
        let n = min(q.customers.count, 6)
        let r = Rect(x: 0, y: status.y - n - 2, width: min(72, status.width), height: n + 2)
        Draw.dialog(r, title: "Guests (↓ pick, Enter show)", into: &b, glyphs: g)
        for (i, c) in q.customers.prefix(n).enumerated() {
            let sel = q.customerIndex == i
            let text = "\(c.name.padded(toWidth: 28)) \(c.phone.padded(toWidth: 16)) \(Draw.count(c.visits, "visit"))" + (c.isVIP ? " VIP" : "")
            b.write((sel ? g.selectedMark : " ") + text, x: r.x + 1, y: r.y + 1 + i, style: Style(sel ? .selection : .normal), maxWidth: r.width - 2)
        }
    }
}

enum VenuePickerView {
    static func draw(_ venues: [Restaurant], index: Int, body: Rect, into b: inout ScreenBuffer, glyphs g: Glyphs) {
        let r = body.centered(width: min(64, body.width - 2), height: min(body.height, venues.count + 5))
        Draw.dialog(r, title: "Choose a venue", into: &b, glyphs: g)
        let visible = r.height - 4
        let start = max(0, min(index - visible + 1, venues.count - visible))
        for (i, v) in venues.dropFirst(start).prefix(visible).enumerated() {
            let n = start + i
            let sel = n == index
            let y = r.y + 1 + i
            if sel { b.fill(Rect(x: r.x + 1, y: y, width: r.width - 2, height: 1), style: Style(.selection)) }
            let number = n < 9 ? "\(n + 1) " : "  "
            b.write((sel ? g.selectedMark : " ") + number + v.name + "  (" + v.slug + ")", x: r.x + 1, y: y,
                    style: Style(sel ? .selection : .normal), maxWidth: r.width - 3)
        }
        b.write("↑↓ choose  Enter open  1-9 pick  q quit", x: r.x + 2, y: r.maxY - 2, style: Style(.muted), maxWidth: r.width - 4)
    }
}
