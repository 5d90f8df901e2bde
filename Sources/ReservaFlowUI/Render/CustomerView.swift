import Foundation
import ReservationDomain

/// The selected reservation's guest: who they are, what to watch for (allergies first), their record.
enum CustomerView {
    static func draw(_ s: AppState, pane: Rect, into b: inout ScreenBuffer, glyphs g: Glyphs, focused: Bool) {
        b.box(pane, glyphs: g, style: Style(focused ? .borderFocused : .border), title: "Guest", titleStyle: Style(.title))
        let inner = pane.inset(dx: 2, dy: 1)
        guard let panel = s.customer else {
            let lines = Draw.wrap("No guest selected. Move onto a booking in the timeline or floor, or press / to search by name or phone.", width: inner.width)
            for (i, l) in lines.enumerated() { b.write(l, x: inner.x, y: inner.y + i, style: Style(.muted)) }
            return
        }
        let c = panel.customer
        let w = inner.width
        var y = inner.y
        if c.anonymous {
            // The venue's placeholder for walk-ins who gave no name: no profile, counters or history to show.
            b.write(c.name, x: inner.x, y: y, style: Style(.title, .bold), maxWidth: w)
            let lines = Draw.wrap("A walk-in who gave no name: no guest record. Give a name (and phone) at the walk-in form to keep one.", width: w)
            for (i, l) in lines.enumerated() { b.write(l, x: inner.x, y: y + 2 + i, style: Style(.muted)) }
            return
        }
        func line(_ text: String, _ style: Style = .normal) {
            guard y < inner.maxY else { return }
            b.write(text, x: inner.x, y: y, style: style, maxWidth: w)
            y += 1
        }
        func wrapped(_ label: String, _ text: String, _ style: Style = .normal, maxLines: Int = 3) {
            let lw = label.displayWidth
            for (i, l) in Draw.wrap(text, width: w - lw, maxLines: maxLines).enumerated() {
                guard y < inner.maxY else { return }
                if i == 0 { b.write(label, x: inner.x, y: y, style: Style(.label)) }
                b.write(l, x: inner.x + lw, y: y, style: style, maxWidth: w - lw)
                y += 1
            }
        }

        var x = inner.x + b.write(c.name, x: inner.x, y: y, style: Style(.title, .bold), maxWidth: w - 6)
        if c.isVIP { b.write(" ★ VIP".replacingOccurrences(of: "★", with: s.config.ascii ? "*" : "★"), x: x, y: y, style: Style(.vip)) }
        x = 0
        y += 1
        // Allergies always get their own highlighted line(s), never truncated to nothing.
        if !c.allergyText.isEmpty {
            for (i, l) in Draw.wrap("ALLERGIES: " + c.allergyText, width: w - 2, maxLines: 3).enumerated() {
                guard y < inner.maxY else { break }
                b.fill(Rect(x: inner.x, y: y, width: w, height: 1), style: Style(.allergyWarning))
                b.write((i == 0 ? "! " : "  ") + l, x: inner.x, y: y, style: Style(.allergyWarning), maxWidth: w)
                y += 1
            }
        } else {
            line("No allergies recorded", Style(.muted))
        }
        y += 1
        let lw = 7
        Draw.labelled("Phone", c.phone, x: inner.x, y: y, width: w, labelWidth: lw, into: &b); y += 1
        Draw.labelled("Email", c.email ?? "-", x: inner.x, y: y, width: w, labelWidth: lw, into: &b); y += 1
        line("Visits \(c.visits) \(g.bullet) no-shows \(c.noShows) \(g.bullet) cancels \(c.cancellations)",
             c.noShows > 0 ? Style(.warning) : .normal)
        line("Last visit " + (c.lastVisitAt.map { DateInput.long(s.clock.localDate(of: $0)) } ?? "never"))
        // A likely second record of this guest: the host books the right one; a manager can merge them (M).
        if let d = panel.duplicates?.first {
            let contact = d.other.phone.isEmpty ? (d.other.email ?? "") : d.other.phone
            let more = (panel.duplicates?.count ?? 1) > 1 ? " (+\((panel.duplicates?.count ?? 1) - 1) more)" : ""
            let merge = (s.staff?.role ?? .host) >= .manager ? " \(g.bullet) M merges" : ""
            wrapped(s.config.ascii ? "=  " : "≈  ", "possible duplicate of #\(d.other.id) \(d.other.name) \(contact) (\(d.reason.phrase))\(more)\(merge)",
                    Style(.warning), maxLines: 3)
        }
        if !c.typedTags.isEmpty { wrapped("Tags   ", c.typedTags.joined(separator: ", "), Style(.vip), maxLines: 2) }
        if !c.notes.isEmpty { wrapped("Notes  ", c.notes, maxLines: 3) }

        if let e = s.selectedEntry, e.customer.id == c.id {
            y += 1
            let r = e.reservation
            line("This booking", Style(.label))
            line("\(e.seatLabel) \(g.bullet) \(s.clock.hhmm(r.startsAt))-\(s.clock.hhmm(r.endsAt)) \(g.bullet) ×\(r.partySize) \(g.bullet) \(r.status.label)")
            if !r.notes.isEmpty { wrapped("  ", r.notes, maxLines: 2) }
        }
        guard y + 2 < inner.maxY else { return }
        y += 1
        line("History", Style(.label))
        guard let history = panel.history else {
            line("loading…", Style(.muted))
            return
        }
        if history.isEmpty { line("no earlier bookings", Style(.muted)) }
        for h in history.sorted(by: { $0.reservation.startsAt > $1.reservation.startsAt }) {
            let r = h.reservation
            let d = s.clock.localDate(of: r.startsAt)
            line("\(d) \(s.clock.hhmm(r.startsAt)) \(h.seatLabel) ×\(r.partySize) \(r.status.label)",
                 r.status == .noShow ? Style(.warning) : .normal)
        }
    }
}
