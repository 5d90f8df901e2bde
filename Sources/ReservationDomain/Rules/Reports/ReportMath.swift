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

    /// "19:00" for the hour a minute of the day falls in.
    static func hour(_ minute: Int) -> String { Digits.padded(minute / 60, 2) + ":00" }

    /// The 15-minute slot a minute of the day is in ("19:15"), as pacing counts it.
    static func slot(_ minute: Int) -> String { TimeOfDay(minutesSinceMidnight: minute / 15 * 15)!.description }
}

extension ReportFacts {
    static let outsideHours = "outside hours"

    /// Each day's services as instants, from the day before the previous range to the last day. Turning wall
    /// times into instants is the costly part of a report (the zone's rules, per service and day): done once
    /// per report that needs it, and never for the roll-up, which needs none.
    func serviceDays() -> [LocalDate: [ServiceWindow]] {
        Dictionary(uniqueKeysWithValues: (-1..<(range.days * 2)).map { i in
            let d = range.previous.from.adding(days: i)
            return (d, schedule.windows(on: d))
        })
    }

    /// The service a booking starts in (its day's, or the day before's when that one runs past midnight), or
    /// "outside hours" (a walk-in seated before opening, hours changed since).
    func service(of b: ReportBooking, _ days: [LocalDate: [ServiceWindow]]) -> String {
        for d in [b.day, b.day.adding(days: -1)] {
            if let w = days[d]?.first(where: { $0.opens <= b.startsAt && b.startsAt < $0.closes }) { return w.name }
        }
        return Self.outsideHours
    }

    /// Minutes the venue is open on the days of `range` (closures excluded), per table.
    func openMinutes(_ range: ReportRange, _ days: [LocalDate: [ServiceWindow]]) -> Double {
        range.dates.reduce(0) { sum, d in sum + (days[d] ?? []).reduce(0) { $0 + ReportMath.minutes($1.opens, $1.closes) } }
    }

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
