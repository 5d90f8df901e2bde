import Foundation

/// UTC timestamps as the original printed them, and as every JSON answer (API and CLI) gives them:
/// 2026-12-01T19:30:00Z, to the second.
public enum ISOTime {
    public static func utc(_ date: Date) -> String { wall(date.timeIntervalSince1970) + "Z" }

    /// The venue's wall-clock time with its offset (2026-12-01T20:30:00+01:00): what a spreadsheet shows as
    /// the venue's time and what a script can still turn into the instant.
    public static func local(_ date: Date, clock: ZonedClock) -> String {
        let offset = clock.zone.secondsFromGMT(for: date)
        let sign = offset < 0 ? "-" : "+"
        func p2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return wall(date.timeIntervalSince1970 + Double(offset)) + "\(sign)\(p2(abs(offset) / 3600)):\(p2(abs(offset) % 3600 / 60))"
    }

    /// The instant of an ISO 8601 timestamp as PostgreSQL writes one into JSON (`2026-12-06T20:00:00+00:00`,
    /// `2026-12-06T20:00:00.123456+01:00`, or ending in `Z`); nil for anything else. By hand: a formatter made
    /// per value cost more than the rest of reading an audit row (a page of a thousand made two thousand).
    public static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var n = 0
            for c in b[from..<(from + count)] {
                guard c >= 48 && c <= 57 else { return nil }
                n = n * 10 + Int(c - 48)
            }
            return n
        }
        guard b.count >= 20, b[4] == 45, b[7] == 45, b[10] == 84 || b[10] == 32, b[13] == 58, b[16] == 58,
              let y = number(0, 4), let mo = number(5, 2), let d = number(8, 2), let date = LocalDate(year: y, month: mo, day: d),
              let h = number(11, 2), let mi = number(14, 2), let sec = number(17, 2), h < 24, mi < 60, sec < 61 else { return nil }
        var i = 19
        var fraction = 0.0
        if b[i] == 46 {
            var scale = 0.1
            i += 1
            while i < b.count, b[i] >= 48 && b[i] <= 57 {
                fraction += Double(b[i] - 48) * scale
                scale /= 10
                i += 1
            }
        }
        guard i < b.count else { return nil }
        var offset = 0
        if b[i] == 90 {
            i += 1
        } else if b[i] == 43 || b[i] == 45, let oh = number(i + 1, 2) {
            let om = (i + 3 < b.count && b[i + 3] == 58) ? number(i + 4, 2) : (i + 3 == b.count ? 0 : nil)
            guard let om else { return nil }
            offset = (oh * 3600 + om * 60) * (b[i] == 45 ? -1 : 1)
            i += (i + 3 < b.count) ? 6 : 3
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let seconds = date.dayNumber * 86_400 + h * 3600 + mi * 60 + sec - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    private static func wall(_ seconds: Double) -> String {
        var t = time_t(seconds.rounded(.down))
        var tm = tm()
        gmtime_r(&t, &tm)
        func p2(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(tm.tm_year + 1900)-\(p2(tm.tm_mon + 1))-\(p2(tm.tm_mday))T\(p2(tm.tm_hour)):\(p2(tm.tm_min)):\(p2(tm.tm_sec))"
    }
}
