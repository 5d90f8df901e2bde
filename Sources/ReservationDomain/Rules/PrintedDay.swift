import Foundation

/// A day's book and floor as plain text for paper (issue 22): what a host works from when the screens are
/// down. 78 columns of monospace fit an A4 page in portrait at 10 pt; a usual day (a line a booking, a line a
/// table) takes one or two pages. Names and notes are cleaned here too, as every printed cell is.
public enum PrintedDay {
    /// Bookings on the sheet: those the evening still has to deal with, or has dealt with (cancelled, lapsed
    /// and no-shows are left off: nobody will come for them).
    static func onSheet(_ e: BookEntry) -> Bool {
        [.pending, .confirmed, .seated, .completed].contains(e.reservation.status)
    }

    public static func text(_ sheet: DaySheet, printedAt: Date, width: Int = 78) -> String {
        let clock = sheet.restaurant.clock
        let entries = sheet.entries.filter(onSheet).sorted { ($0.reservation.startsAt, $0.tableLabel) < ($1.reservation.startsAt, $1.tableLabel) }
        let covers = entries.reduce(0) { $0 + $1.reservation.partySize }
        var out: [String] = []
        func line(_ s: String) { out.append(s.truncated(toWidth: width)) }
        func clean(_ s: String) -> String { TextSanitizer.clean(s) }
        line("\(clean(sheet.restaurant.name)) (\(sheet.restaurant.slug)) · \(sheet.date.weekdayName) \(sheet.date) · \(sheet.restaurant.timeZone)")
        line("Printed \(clock.localDate(of: printedAt)) \(clock.hhmm(printedAt)). \(entries.count) bookings, \(covers) covers.")
        if let c = sheet.closure { line("CLOSED: \(clean(c.reason))") }
        if let n = sheet.shiftNote { line("Shift notes: \(clean(n.text))") }
        line("")
        line("THE BOOK")
        let header = "TIME  " + "TABLE".padded(toWidth: 8) + "PARTY " + "GUEST".padded(toWidth: 22) + "PHONE".padded(toWidth: 16) + "STATUS / NOTES"
        for w in sheet.windows {
            let inService = entries.filter { w.opens <= $0.reservation.startsAt && $0.reservation.startsAt < w.closes }
            line("")
            line("\(clean(w.name)) \(clock.hhmm(w.opens))-\(clock.hhmm(w.closes)): \(inService.count) bookings, \(inService.reduce(0) { $0 + $1.reservation.partySize }) covers")
            if inService.isEmpty { continue }
            line(header)
            for e in inService { row(e, sheet.restaurant, width).forEach(line) }
        }
        let outside = entries.filter { e in !sheet.windows.contains { $0.opens <= e.reservation.startsAt && e.reservation.startsAt < $0.closes } }
        if !outside.isEmpty {
            line("")
            line("Outside the services")
            line(header)
            for e in outside { row(e, sheet.restaurant, width).forEach(line) }
        }
        line("")
        line("THE FLOOR")
        for area in sheet.areas.sorted(by: { ($0.sortOrder, $0.name) < ($1.sortOrder, $1.name) }) {
            line("")
            line(clean(area.name))
            for t in sheet.tables where t.areaID == area.id {
                let times = entries.filter { $0.tableLabels.contains(t.label) || $0.tableLabel == t.label }
                    .map { "\(clock.hhmm($0.reservation.startsAt)) \(surname(clean($0.customer.name))) ×\($0.reservation.partySize)" }
                let seats = "\(t.label) (\(t.minCovers)-\(t.maxCovers))".padded(toWidth: 12)
                let out = sheet.tablesClosed[t.id].map { "out of service" + ($0.days.reason.isEmpty ? "" : " (\(clean($0.days.reason)))") }
                    ?? (t.active ? nil : "out of service")
                line("  " + seats + (out ?? (times.isEmpty ? "free all day" : times.joined(separator: " · "))))
            }
        }
        let waiting = sheet.waitlist.filter { $0.status == .waiting || $0.status == .notified }
        if !waiting.isEmpty {
            line("")
            line("WAITLIST")
            for w in waiting { line("  \(clock.hhmm(w.createdAt))  ×\(w.partySize)  \(clean(w.name))  quoted \(w.quotedMinutes) min") }
        }
        return out.map { $0.trimmingCharacters(in: .whitespaces) == "" ? "" : $0 }.joined(separator: "\n") + "\n"
    }

    /// A booking's line, and under it, wrapped, what must not be lost to a narrow column: allergies first.
    static func row(_ e: BookEntry, _ venue: Restaurant, _ width: Int) -> [String] {
        let c = e.customer, clock = venue.clock
        var notes: [String] = []
        if !c.allergies.isEmpty { notes.append("ALLERGY " + TextSanitizer.clean(c.allergies)) }
        if c.isVIP { notes.append("VIP") }
        if !e.reservation.notes.isEmpty { notes.append(TextSanitizer.clean(e.reservation.notes)) }
        let first = clock.hhmm(e.reservation.startsAt) + " " + e.tableLabels.joined(separator: "+").truncated(toWidth: 7).padded(toWidth: 8)
            + String(e.reservation.partySize).padded(toWidth: 6) + TextSanitizer.clean(c.name).truncated(toWidth: 21).padded(toWidth: 22)
            + (c.anonymous ? "" : PhoneDisplay.format(c.phone, countryCode: venue.phoneCountryCode)).truncated(toWidth: 15).padded(toWidth: 16)
            + e.reservation.status.rawValue
        return [first] + wrap(notes.joined(separator: "; "), width: width - 6).map { "      " + $0 }
    }

    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ").map(String.init) {
            if !current.isEmpty, current.displayWidth + 1 + word.displayWidth > width {
                lines.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : " ") + word
        }
        return current.isEmpty ? lines : lines + [current]
    }

    /// "García López, Ana" → "García López": the floor has room for who, not the whole name.
    static func surname(_ name: String) -> String { String(name.split(separator: ",").first ?? Substring(name)).truncated(toWidth: 14) }
}
