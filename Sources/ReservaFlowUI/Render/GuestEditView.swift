import Foundation
import ReservationDomain

/// `E`: a guest's profile as a form, one field a row; the two switches flip with Space or ←→.
enum GuestEditView {
    static func draw(_ f: GuestEditForm, body: Rect, into b: inout ScreenBuffer, glyphs g: Glyphs) {
        let fields = GuestEditForm.Field.allCases
        let (r, errorLines) = Draw.formDialog(in: body, rows: fields.count + 5, title: "Guest \(g.bullet) \(f.guest.name)",
                                              submitting: f.submitting, error: f.error, into: &b, glyphs: g)
        let lx = r.x + 2, fx = r.x + 13, fw = max(8, r.maxX - 2 - fx)
        for (i, field) in fields.enumerated() {
            let y = r.y + 1 + i
            let focused = f.focus == field
            b.write(field.label, x: lx, y: y, style: Style(focused ? .key : .label))
            if let text = f.text(field) {
                Draw.field(text, x: fx, y: y, width: fw, focused: focused, into: &b)
            } else if field == .allergens {
                drawAllergens(f, focused: focused, x: fx, y: y, width: fw, into: &b)
            } else if field == .language {
                let words = ["es": "es, Spanish", "en": "en, English"][f.language ?? ""] ?? "the venue's"
                b.write("‹ \(words) ›", x: fx, y: y, style: Style(focused ? .selection : .normal), maxWidth: fw)
            } else {
                let on = field == .vip ? f.vip : f.marketing
                let words = field == .vip ? (on ? "yes, a VIP" : "no") : (on ? "yes, agreed to offers by e-mail" : "no")
                b.write((on ? "[x] " : "[ ] ") + words, x: fx, y: y, style: Style(focused ? .selection : .normal), maxWidth: fw)
            }
        }
        let hint = hintText(f.focus)
        b.write(hint, x: lx, y: r.y + fields.count + 2, style: Style(.muted), maxWidth: r.width - 4)
        if !errorLines.isEmpty {
            for (i, l) in errorLines.enumerated() { b.write(l, x: lx, y: r.y + fields.count + 3 + i, style: Style(.error)) }
        } else {
            b.write("Enter save · Tab ↑↓ field · Space switch · Esc cancel", x: lx, y: r.maxY - 2, style: Style(.muted), maxWidth: r.width - 4)
        }
    }

    /// The fourteen flags on one row, marked ones first to the eye ([x]); focused, the window follows the
    /// cursor so the flag Space would change is always on screen.
    static func drawAllergens(_ f: GuestEditForm, focused: Bool, x: Int, y: Int, width: Int, into b: inout ScreenBuffer) {
        let all = Allergen.allCases
        let items = all.map { (f.allergens.contains($0) ? "[x]" : "[ ]") + $0.label }
        guard focused else {
            let marked = all.filter { f.allergens.contains($0) }.map(\.label)
            b.write(marked.isEmpty ? "none marked" : marked.joined(separator: ", "), x: x, y: y, style: Style(marked.isEmpty ? .muted : .allergyWarning), maxWidth: width)
            return
        }
        var start = 0
        while items[start...f.allergenCursor].map { $0.count + 1 }.reduce(0, +) > width, start < f.allergenCursor { start += 1 }
        var cx = x
        for i in start..<items.count {
            let item = items[i]
            guard cx + item.count <= x + width else { break }
            b.write(item, x: cx, y: y, style: Style(i == f.allergenCursor ? .selection : (f.allergens.contains(all[i]) ? .allergyWarning : .normal)))
            cx += item.count + 1
        }
    }

    static func hintText(_ field: GuestEditForm.Field) -> String {
        switch field {
        case .name: "as the guest gives it"
        case .phone: "any form: 600 123 456, +44 7700 900123; empty: none"
        case .email: "for confirmations and reminders; empty: none"
        case .allergies: "shown with ⚠ on every screen; empty: none recorded"
        case .allergens: "←→ pick, Space marks: the 14 an EU kitchen declares; shown with ⚠"
        case .tags: "comma-separated: regular, window seat, birthday"
        case .notes: "anything the next host should know"
        case .vip: "marked on the floor and the timeline"
        case .marketing: "only with the guest's word; never assumed"
        case .language: "of their mails (hold, confirmation, reminder); ←→ or Space"
        }
    }
}

/// `d`: a booking's history, oldest first: when (venue time), who, what, and the changes in words.
enum HistoryView {
    static func draw(_ p: HistoryPanel, state s: AppState, body: Rect, into b: inout ScreenBuffer, glyphs g: Glyphs) {
        let rows = (p.events ?? []).map { e -> (String, String) in
            let when = "\(DateInput.short(s.clock.localDate(of: e.at))) \(s.clock.hhmm(e.at))"
            return ("\(when)  \(e.actor)", "\(e.action)\(e.changes.isEmpty ? "" : ": " + e.changes.joined(separator: "; "))")
        }
        let r = body.centered(width: min(96, body.width - 2), height: min(body.height, max(rows.count * 2, 1) + 4))
        Draw.dialog(r, title: "History \(g.bullet) \(p.title)", into: &b, glyphs: g)
        let inner = r.inset(dx: 2, dy: 1)
        guard p.events != nil, !rows.isEmpty else {
            b.write(p.events == nil ? "Loading…" : "No change recorded.", x: inner.x, y: inner.y, style: Style(.muted))
            return
        }
        var lines: [(String, Style)] = []
        for (who, what) in rows {
            lines.append((who, Style(.label)))
            for part in Draw.wrap(what, width: max(1, inner.width - 2)) { lines.append(("  " + part, Style(.normal))) }
        }
        let height = inner.height - 1
        let start = min(p.scroll, max(0, lines.count - height))
        for (i, (text, style)) in lines.dropFirst(start).prefix(height).enumerated() {
            b.write(text, x: inner.x, y: inner.y + i, style: style, maxWidth: inner.width)
        }
        let more = start + height < lines.count ? "↓ more · " : ""
        b.write("\(more)↑↓ scroll · any key closes", x: inner.x, y: r.maxY - 2, style: Style(.muted), maxWidth: inner.width)
    }
}
