import Foundation

/// How hosts type dates at the podium, resolved against the venue's `today`:
/// `today`, `tomorrow`, `yesterday`, weekday names (`fri`, `friday`: the next such day, today included;
/// `next fri`: strictly after today), `+3` (days ahead), `24/12` or `24.12` (day/month, this year or next
/// if already past), `24/12/26`, `24/12/2026`, `24 dec`, `dec 24`, and ISO `2026-12-24`.
public enum DateInput {
    public static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    static let months = ["january", "february", "march", "april", "may", "june", "july", "august",
                         "september", "october", "november", "december"]

    public static func parse(_ raw: String, today: LocalDate) -> LocalDate? {
        let text = raw.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        if text.isEmpty { return nil }
        switch text {
        case "today", "tod", "now": return today
        case "tomorrow", "tmr", "tom", "tomorow": return today.adding(days: 1)
        case "yesterday": return today.adding(days: -1)
        default: break
        }
        if text.hasPrefix("+"), let n = Int(text.dropFirst()), (0...3660).contains(n) { return today.adding(days: n) }
        var word = Substring(text)
        var strictlyAfter = false
        if word.hasPrefix("next ") {
            word = word.dropFirst(5)
            strictlyAfter = true
        }
        if let wd = weekday(String(word)) {
            var delta = (wd - today.isoWeekday + 7) % 7
            if strictlyAfter && delta == 0 { delta = 7 }
            return today.adding(days: delta)
        }
        if strictlyAfter { return nil }
        if let iso = LocalDate(iso: text) { return iso }
        if let d = dayMonth(text, today: today) { return d }
        return monthName(text, today: today)
    }

    /// ISO weekday (Monday = 1) from a name or an unambiguous prefix of at least three letters.
    public static func weekday(_ w: String) -> Int? {
        guard w.count >= 3, w.allSatisfy(\.isLetter) else { return nil }
        let hits = weekdays.indices.filter { weekdays[$0].hasPrefix(w) }
        return hits.count == 1 ? hits[0] + 1 : nil
    }

    static func month(_ w: Substring) -> Int? {
        guard w.count >= 3, w.allSatisfy(\.isLetter) else { return nil }
        let hits = months.indices.filter { months[$0].hasPrefix(w) }
        return hits.count == 1 ? hits[0] + 1 : nil
    }

    /// `24/12`, `24.12`, `24/12/26`, `24/12/2026`.
    static func dayMonth(_ text: String, today: LocalDate) -> LocalDate? {
        let sep: Character = text.contains("/") ? "/" : "."
        let parts = text.split(separator: sep, omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) }),
              let d = Int(parts[0]), let m = Int(parts[1]), parts[0].count <= 2, parts[1].count <= 2 else { return nil }
        if parts.count == 3 {
            guard let y = Int(parts[2]) else { return nil }
            switch parts[2].count {
            case 2: return LocalDate(year: 2000 + y, month: m, day: d)
            case 4: return LocalDate(year: y, month: m, day: d)
            default: return nil
            }
        }
        return upcoming(day: d, month: m, today: today)
    }

    /// `24 dec`, `dec 24`, `24 december`.
    static func monthName(_ text: String, today: LocalDate) -> LocalDate? {
        let parts = text.split(separator: " ")
        guard parts.count == 2 else { return nil }
        if let d = Int(parts[0]), let m = month(parts[1]) { return upcoming(day: d, month: m, today: today) }
        if let m = month(parts[0]), let d = Int(parts[1]) { return upcoming(day: d, month: m, today: today) }
        return nil
    }

    /// A day and month without a year mean the next time that date comes round (today counts).
    static func upcoming(day: Int, month: Int, today: LocalDate) -> LocalDate? {
        if let d = LocalDate(year: today.year, month: month, day: day), d >= today { return d }
        // 29/02 in a non-leap year: search forward for the next year that has it.
        for y in (today.year + 1)...(today.year + 8) {
            if let d = LocalDate(year: y, month: month, day: day) { return d }
        }
        return nil
    }

    /// "Fri 18 Dec 2026".
    public static func long(_ d: LocalDate) -> String {
        let wd = String(d.weekdayName.prefix(3))
        let mon = months[d.month - 1].prefix(3).capitalized
        return "\(wd) \(d.day) \(mon) \(d.year)"
    }

    /// "Fri 18 Dec".
    public static func short(_ d: LocalDate) -> String {
        "\(d.weekdayName.prefix(3)) \(d.day) \(months[d.month - 1].prefix(3).capitalized)"
    }
}

/// Times as typed: `19:30`, `19.30`, `19h30`, `1930`, `930`, `19`, `7:30pm`, `7:30 pm`, `7pm`, `7p`,
/// `12am` (midnight), `noon`, `midnight`. A bare hour of 1-11 with no am/pm is moved to the afternoon
/// when only that reading falls within the day's service (`7` at a dinner-only venue means 19:00).
public enum TimeInput {
    public static func parse(_ raw: String, service: ClosedRange<Int>? = nil) -> TimeOfDay? {
        var text = raw.lowercased().filter { $0 != " " }
        if text.isEmpty { return nil }
        if text == "noon" { return TimeOfDay(hour: 12, minute: 0) }
        if text == "midnight" { return TimeOfDay(hour: 0, minute: 0) }
        var meridiem: Character? = nil
        for suffix in ["am", "pm", "a", "p"] where text.hasSuffix(suffix) {
            meridiem = suffix.first
            text.removeLast(suffix.count)
            break
        }
        var hour: Int
        var minute = 0
        if let sep = text.firstIndex(where: { $0 == ":" || $0 == "." || $0 == "h" }) {
            let h = text[..<sep], m = text[text.index(after: sep)...]
            guard !h.isEmpty, h.count <= 2, let hv = Int(h), h.allSatisfy(\.isASCII) else { return nil }
            hour = hv
            if !m.isEmpty {
                guard m.count == 2, let mv = Int(m), m.allSatisfy(\.isASCII) else { return nil }
                minute = mv
            }
        } else {
            guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(text) else { return nil }
            switch text.count {
            case 1, 2: hour = v
            case 3, 4:
                hour = v / 100
                minute = v % 100
            default: return nil
            }
        }
        guard (0...59).contains(minute) else { return nil }
        if let m = meridiem {
            guard (1...12).contains(hour) else { return nil }
            if m == "a" { hour = hour == 12 ? 0 : hour }
            else { hour = hour == 12 ? 12 : hour + 12 }
        } else if let service, (1...11).contains(hour) {
            let am = hour * 60 + minute, pm = am + 12 * 60
            if !service.contains(am) && service.contains(pm) { hour += 12 }
        }
        return TimeOfDay(hour: hour, minute: minute)
    }
}

/// Party sizes as typed: "4", "4p", "4 pax".
public enum PartyInput {
    /// Why what was typed is not a party size, nil when it is one or nothing is typed yet: every form says
    /// it as the host types and refuses it on Enter with the same words ("3.5" is never read as 3).
    public static func problem(_ raw: String) -> String? {
        let typed = raw.trimmingCharacters(in: .whitespaces)
        guard !typed.isEmpty, parse(typed) == nil else { return nil }
        return "Party: \"\(typed.prefix(6))\" is not a number of guests; type a whole number from 1 to 99."
    }

    public static func parse(_ raw: String) -> Int? {
        var t = raw.lowercased().filter { $0 != " " }
        for suffix in ["people", "pax", "p"] where t.hasSuffix(suffix) {
            t.removeLast(suffix.count)
            break
        }
        guard !t.isEmpty, t.allSatisfy({ $0.isASCII && $0.isNumber }), t.count <= 3, let n = Int(t), (1...99).contains(n) else { return nil }
        return n
    }
}
