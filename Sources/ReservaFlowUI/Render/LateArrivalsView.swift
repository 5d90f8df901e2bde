import Foundation
import ReservationDomain

/// `o`: the parties past their booking time who are not seated, most late first.
enum LateArrivalsView {
    static func draw(index: Int, state s: AppState, body: Rect, into b: inout ScreenBuffer, glyphs g: Glyphs) {
        let list = s.lateArrivals
        let r = body.centered(width: min(70, body.width - 2), height: min(body.height, max(list.count, 1) + 5))
        Draw.dialog(r, title: "Late, not seated (\(list.count))", into: &b, glyphs: g)
        if list.isEmpty {
            let why = s.isToday ? "Nobody is late." : "Only today's parties can be late: t goes to today."
            b.write(why, x: r.x + 2, y: r.y + 2, style: Style(.muted), maxWidth: r.width - 4)
        }
        let visible = r.height - 4
        let start = max(0, min(index - visible + 1, list.count - visible))
        for (i, late) in list.dropFirst(start).prefix(visible).enumerated() {
            let y = r.y + 1 + i
            let res = late.entry.reservation
            let text = "\(s.clock.hhmm(res.startsAt))  \(late.entry.seatLabel.padded(toWidth: 4)) ×\(res.partySize)  "
                + "\(String(late.minutesLate).padded(toWidth: 3)) min late  "
                + (res.arrival == .partial ? "\(g.partlyArrived) partly arrived  " : "") + late.entry.customer.name
            let sel = start + i == index
            if sel { b.fill(Rect(x: r.x + 1, y: y, width: r.width - 2, height: 1), style: Style(.selection)) }
            b.write((sel ? g.selectedMark : " ") + " " + text, x: r.x + 1, y: y,
                    style: Style(sel ? .selection : .tableSoon), maxWidth: r.width - 3)
        }
        b.write("Enter select  Esc close", x: r.x + 2, y: r.maxY - 2, style: Style(.muted), maxWidth: r.width - 4)
    }
}
