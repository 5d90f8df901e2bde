import Foundation

/// The arithmetic every report shares, in one place so a median means the same everywhere.
enum ReportMath {
    /// The `p` quantile (0...1) by linear interpolation between the closest ranks: PostgreSQL's
    /// `percentile_cont`, so a figure read straight from SQL agrees with the report's.
    static func percentile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = p * Double(sorted.count - 1)
        let low = Int(rank.rounded(.down)), high = Int(rank.rounded(.up))
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - Double(low))
    }

    static func median(_ values: [Double]) -> Double? { percentile(values, 0.5) }

    /// A share (0...1) with three decimals, or nothing when there is nothing to divide by.
    static func rate(_ part: Int, _ whole: Int) -> ReportValue { whole == 0 ? .none : .rounded(Double(part) / Double(whole), 3) }
    static func rate(_ part: Double, _ whole: Double) -> ReportValue { whole <= 0 ? .none : .rounded(part / whole, 3) }

    static func minutes(_ from: Date, _ to: Date) -> Double { to.timeIntervalSince(from) / 60 }

    static func covers(_ bookings: [ReportBooking]) -> Int { bookings.reduce(0) { $0 + $1.partySize } }

    /// "19:00" for the hour an instant falls in, in the venue's time.
    static func hour(_ instant: Date, _ clock: ZonedClock) -> String { Digits.padded(clock.timeOfDay(of: instant).hour, 2) + ":00" }

    /// The 15-minute slot an instant starts in ("19:15"), as pacing counts it.
    static func slot(_ instant: Date, _ clock: ZonedClock) -> String {
        let m = clock.timeOfDay(of: instant).minutes / 15 * 15
        return TimeOfDay(minutesSinceMidnight: m)!.description
    }
}

extension Schedule {
    /// The service a start falls in (its day's, or the day before's when that one runs past midnight), or
    /// "outside hours" (a walk-in seated before opening, hours changed since).
    func service(of instant: Date) -> String {
        let day = clock.localDate(of: instant)
        for d in [day, day.adding(days: -1)] {
            if let w = windows(on: d).first(where: { $0.opens <= instant && instant < $0.closes }) { return w.name }
        }
        return ReportFacts.outsideHours
    }

    /// Minutes the venue is open on the days of `range` (closures excluded), per day.
    func openMinutes(_ range: ReportRange) -> Double {
        range.dates.reduce(0) { sum, d in sum + windows(on: d).reduce(0) { $0 + ReportMath.minutes($1.opens, $1.closes) } }
    }
}

extension ReportFacts {
    static let outsideHours = "outside hours"

    /// The figure for this range and the previous one, computed the same way.
    func figure(_ name: String, _ label: String, unit: String, _ value: (ReportRange) -> ReportValue) -> ReportFigure {
        ReportFigure(name, label, unit: unit, current: value(range), previous: value(range.previous))
    }

    func report(_ kind: ReportKind, figures: [ReportFigure], tables: [ReportTable], advice: [String] = []) -> Report {
        Report(kind, venue: venue.slug, timeZone: venue.timeZone, range: range, figures: figures, tables: tables, advice: advice)
    }

    /// The report of this kind (the roll-up across venues is `Reports.venues`).
    public func report(_ kind: ReportKind) -> Report {
        switch kind {
        case .covers, .venues: coversReport()
        case .noShows: noShowReport()
        case .turns: turnReport()
        case .utilisation: utilisationReport()
        case .channels: channelReport()
        case .waitlist: waitlistReport()
        case .pacing: pacingReport()
        }
    }
}
