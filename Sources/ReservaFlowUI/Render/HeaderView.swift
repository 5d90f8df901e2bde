import Foundation
import ReservationDomain

/// Two header rows: where and when (venue, day, service, clock, who), then panes and health.
enum HeaderView {
    /// A heartbeat older than this means the daemon is not running (it writes one every few seconds).
    static let staleHeartbeat = DaemonInstance.staleAfter
    /// The cells the shift notes are given at least, when the row can spare them by shortening the day.
    static let noteRoom = 24

    static func draw(_ s: AppState, layout: Layout, into b: inout ScreenBuffer, glyphs g: Glyphs) {
        let w = layout.header.width
        b.fill(layout.header, style: Style(.header))
        let venue = s.day?.sheet.restaurant.name ?? "ReservaFlow"
        let who = s.staff.map { "\($0.displayName) (\($0.role.rawValue)) " } ?? ""
        let whoW = who.displayWidth
        // Longest form that fits; the clock and the day are never the parts dropped.
        let service = serviceName(s)
        let clock = " \(g.separator) \(s.clock.hhmm(s.now))"
        let todayMark = s.isToday ? " (today)" : ""
        let candidates = [
            " \(venue) \(g.separator) \(DateInput.long(s.date))\(todayMark)" + (service.map { " \(g.bullet) \($0)" } ?? "") + clock,
            " \(venue) \(g.separator) \(DateInput.short(s.date))\(todayMark)" + (service.map { " \(g.bullet) \(serviceNames($0))" } ?? "") + clock,
            " \(venue) \(g.separator) \(DateInput.short(s.date))\(todayMark)" + clock,
        ]
        let room = w - whoW - 1
        // The day's shift notes go between the two, on the same row, cut with "…": a shorter form of the
        // left part is taken to leave them at least `noteRoom` cells (at 80 columns a few words; `:note`
        // shows them whole).
        let note = s.day?.sheet.shiftNote.map { "\(g.note) \($0.text)" }
        let wanted = note.map { min($0.displayWidth, noteRoom) + 2 } ?? 0
        let left = candidates.first { $0.displayWidth + wanted <= room }
            ?? (note == nil ? candidates.first { $0.displayWidth <= room } : candidates.last { $0.displayWidth <= room })
            ?? candidates.last!
        b.write(left, x: 0, y: 0, style: Style(.header, .bold), maxWidth: room)
        if let note {
            let x = left.displayWidth + 2, space = room - left.displayWidth - 2
            if space >= 6 { b.write(note.truncated(toWidth: space, ellipsis: g.ellipsis), x: x, y: 0, style: Style(.header), maxWidth: space) }
        }
        b.write(who, x: w - whoW, y: 0, style: Style(.header))

        // Row 1: pane tabs (one pane at a time) or the day's numbers, then health on the right.
        var x = 1
        if layout.mode == .compact {
            for p in Pane.allCases {
                let label = " \(p.title) "
                x += b.write(label, x: x, y: 1, style: Style(p == s.focus ? .tabActive : .header))
                x += 1
            }
        }
        let health = healthParts(s, glyphs: g)
        let healthW = health.reduce(0) { $0 + $1.0.displayWidth + 2 }
        if let day = s.day {
            let sum = day.sheet.counts
            let text = "\(sum.bookings) bookings \(g.bullet) \(sum.covers) covers \(g.bullet) \(sum.seated) seated \(g.bullet) \(sum.waiting) waiting"
            if x + text.displayWidth + 2 < w - healthW { b.write(text, x: x + 1, y: 1, style: Style(.header)) }
        } else if s.loading {
            b.write("loading…", x: x + 1, y: 1, style: Style(.header))
        }
        var hx = w - healthW
        for (text, role) in health {
            hx += b.write(text, x: hx, y: 1, style: Style(role, role == .headerAlert ? .bold : []))
            hx += 2
        }
    }

    /// Today the service running now (or next), e.g. "Dinner 20:00-23:30"; another day every service, "Lunch
    /// 13:00-16:00, Dinner 19:00-23:30" (only the first was named, as if the day had no dinner).
    static func serviceName(_ s: AppState) -> String? {
        guard let day = s.day else { return nil }
        if let c = day.sheet.closure { return "closed: \(c.reason)" }
        let windows = day.sheet.windows.sorted { $0.opens < $1.opens }
        if windows.isEmpty { return "closed" }
        let shown = s.isToday ? [windows.first { $0.closes > s.now } ?? windows.last!] : windows
        return shown.map { "\($0.name.capitalized) \(s.clock.hhmm($0.opens))-\(s.clock.hhmm($0.closes))" }.joined(separator: ", ")
    }

    /// The services' names alone ("Lunch, Dinner"), for a narrower header.
    static func serviceNames(_ full: String) -> String {
        full.split(separator: ",").compactMap { $0.split(separator: " ").first.map(String.init) }.joined(separator: ", ")
    }

    static func healthParts(_ s: AppState, glyphs g: Glyphs) -> [(String, Role)] {
        var parts: [(String, Role)] = []
        if s.config.readOnly { parts.append(("READ-ONLY", .headerAlert)) }
        guard let h = s.health else {
            parts.append(("health unknown", .header))
            return parts
        }
        parts.append(("DB " + (h.database ? g.ok : g.bad), h.database ? .headerOK : .headerAlert))
        parts.append(("Redis " + (h.redis ? g.ok : g.bad), h.redis ? .headerOK : .headerAlert))
        if let beat = h.daemonHeartbeat, s.now.timeIntervalSince(beat) < staleHeartbeat {
            parts.append(("daemon " + g.ok, .headerOK))
        } else {
            parts.append(("daemon not running", .headerAlert))
        }
        // Changes come through the database: while it is down nothing is live, even if the feed's own socket
        // has not noticed yet (a server killed hard or a cut network can leave it open for a while).
        let live = s.liveUpdates && h.database
        parts.append(live ? ("live " + g.ok, .headerOK) : ("live " + g.bad, .headerAlert))
        return parts
    }
}
