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

    private static func wall(_ seconds: Double) -> String {
        var t = time_t(seconds.rounded(.down))
        var tm = tm()
        gmtime_r(&t, &tm)
        func p2(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(tm.tm_year + 1900)-\(p2(tm.tm_mon + 1))-\(p2(tm.tm_mday))T\(p2(tm.tm_hour)):\(p2(tm.tm_min)):\(p2(tm.tm_sec))"
    }
}
