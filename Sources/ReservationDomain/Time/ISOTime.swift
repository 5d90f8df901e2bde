import Foundation

/// UTC timestamps as the original printed them, and as every JSON answer (API and CLI) gives them:
/// 2026-12-01T19:30:00Z, to the second.
public enum ISOTime {
    public static func utc(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var tm = tm()
        gmtime_r(&t, &tm)
        func p2(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(tm.tm_year + 1900)-\(p2(tm.tm_mon + 1))-\(p2(tm.tm_mday))T\(p2(tm.tm_hour)):\(p2(tm.tm_min)):\(p2(tm.tm_sec))Z"
    }
}
