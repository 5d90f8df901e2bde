import Foundation
import ReservationDomain

/// `W`: the waiting parties in the host's order, each with what the host calls them by (name, phone as
/// read aloud), the quote as minutes and as the time of day it promised, how long they have waited, and
/// when they were told their table is ready.
enum WaitlistView {
    /// One row per entry from this box width up; narrower (80 columns), two rows each.
    static let oneRowWidth = 96

    static func draw(index: Int, state s: AppState, body: Rect, into b: inout ScreenBuffer, glyphs g: Glyphs) {
        let list = s.activeWaitlist
        let width = min(100, body.width - 2)
        let rowsEach = width >= oneRowWidth ? 1 : 2
        let r = body.centered(width: width, height: min(body.height, max(list.count * rowsEach, 1) + 5))
        Draw.dialog(r, title: "Waitlist (\(list.count))", into: &b, glyphs: g)
        if list.isEmpty { b.write("Nobody is waiting. w adds a walk-in.", x: r.x + 2, y: r.y + 2, style: Style(.muted)) }
        let visible = max(1, (r.height - 5) / rowsEach)
        let start = max(0, min(index - visible + 1, list.count - visible))
        let country = s.day?.sheet.restaurant.phoneCountryCode ?? ""
        for (i, w) in list.dropFirst(start).prefix(visible).enumerated() {
            let y = r.y + 2 + i * rowsEach
            let sel = start + i == index
            let who = "×\(w.partySize)".padded(toWidth: 4) + w.name.truncated(toWidth: 20).padded(toWidth: 21)
                + (w.phone.map { PhoneDisplay.format($0, countryCode: country) } ?? "no phone").padded(toWidth: 16)
            let when = times(w, state: s, glyphs: g)
            let overdue = s.now > w.promisedAt
            if sel { b.fill(Rect(x: r.x + 1, y: y, width: r.width - 2, height: rowsEach), style: Style(.selection)) }
            let style = Style(sel ? .selection : (overdue ? .warning : .normal))
            let mark = (sel ? g.selectedMark : " ") + " "
            if rowsEach == 1 {
                b.write(mark + who + when, x: r.x + 1, y: y, style: style, maxWidth: r.width - 3)
            } else {
                b.write(mark + who, x: r.x + 1, y: y, style: style, maxWidth: r.width - 3)
                b.write("      " + when, x: r.x + 1, y: y + 1, style: style, maxWidth: r.width - 3)
            }
        }
        b.write("s seat  m told ready  K/J move up/down  x remove  w walk-in  Esc close", x: r.x + 2, y: r.maxY - 2,
                style: Style(.muted), maxWidth: r.width - 4)
    }

    /// "~25 min, by 21:55 · waited 12 min · told 3 min ago".
    static func times(_ w: WaitlistEntry, state s: AppState, glyphs g: Glyphs) -> String {
        let waited = max(0, Int(s.now.timeIntervalSince(w.createdAt) / 60))
        var text = "~\(w.quotedMinutes) min, by \(s.clock.hhmm(w.promisedAt)) \(g.bullet) waited \(waited) min"
        if let told = w.notifiedAt {
            text += " \(g.bullet) told \(max(0, Int(s.now.timeIntervalSince(told) / 60))) min ago"
        }
        return text
    }
}

/// Seating a waiting party: the table the host picks (the best free one offered first, as for walk-ins).
enum WaitlistSeatView {
    static func draw(_ f: WaitlistSeatForm, state s: AppState, body: Rect, into b: inout ScreenBuffer, glyphs g: Glyphs) {
        let (r, errorLines) = Draw.formDialog(in: body, rows: 8, title: "Seat \(f.name) ×\(f.party)", submitting: f.submitting,
                                              error: f.error, into: &b, glyphs: g)
        let lx = r.x + 2, fx = r.x + 10
        b.write("Table", x: lx, y: r.y + 1, style: Style(.key))
        let plan = s.waitlistSeatPlan(f)
        // Empty field: the best fit is what Enter takes, so the form shows its label.
        var shown = f.table
        if shown.isEmpty, let t = plan?.table { shown.set(t.label) }
        Draw.field(shown, x: fx, y: r.y + 1, width: 8, focused: true, into: &b)
        b.write("←→ other free tables, or type a label", x: fx + 10, y: r.y + 1, style: Style(.muted), maxWidth: r.maxX - 2 - (fx + 10))
        let y = r.y + 3
        if let plan, let why = plan.closed ?? plan.problem {
            for (i, l) in Draw.wrap(why, width: r.width - 4, maxLines: 2).enumerated() { b.write(l, x: lx, y: y + i, style: Style(.warning)) }
        } else if let plan, let sheet = s.day?.sheet, let short = plan.shortStayText(sheet) {
            for (i, l) in Draw.wrap(short, width: r.width - 4, maxLines: 2).enumerated() { b.write(l, x: lx, y: y + i, style: Style(.warning)) }
        } else if let plan, let label = plan.seatLabel, let covers = plan.seatCovers {
            let others = plan.choiceLabels.count - 1
            b.write("\(g.free) \(label) (\(covers)) is free now until \(plan.freeUntil.map(s.clock.hhmm) ?? "close")"
                    + (others > 0 ? " \(g.bullet) \(others) other\(others == 1 ? "" : "s") free" : ""),
                    x: lx, y: y, style: Style(.success), maxWidth: r.width - 4)
        } else {
            b.write("No table is free now for \(f.party)" + (plan?.quotedMinutes.map { " (about \($0) min)." } ?? "."),
                    x: lx, y: y, style: Style(.warning), maxWidth: r.width - 4)
        }
        if !errorLines.isEmpty {
            for (i, l) in errorLines.enumerated() { b.write(l, x: lx, y: r.y + 5 + i, style: Style(.error)) }
        }
        b.write("Enter seat · ←→ table · Esc back to the list", x: lx, y: r.maxY - 2, style: Style(.muted), maxWidth: r.width - 4)
    }
}
