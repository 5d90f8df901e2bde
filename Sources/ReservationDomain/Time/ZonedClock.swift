import Foundation

/// Converts between instants and the restaurant's wall clock. DST gaps and folds are explicit:
/// a wall time that does not exist is reported, never silently shifted.
public struct ZonedClock: Sendable {
    public let zone: TimeZone
    private let calendar: Calendar

    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.init(zone: zone)
    }

    public init(zone: TimeZone) {
        self.zone = zone
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = zone
        calendar = cal
    }

    public enum Resolution: Equatable, Sendable {
        case exact(Date)
        /// The wall time falls in a spring-forward gap (e.g. 02:30 on the last Sunday of March in Madrid).
        case skipped
    }

    /// The instant at which the wall clock shows `date` `time`. In an autumn fold (the hour that
    /// happens twice) the first occurrence is chosen, as a guest arriving "at 01:30" means the first.
    public func resolve(_ date: LocalDate, _ time: TimeOfDay) -> Resolution {
        // Candidate offsets: the zone's offset a day before and a day after cover both sides of a change.
        let naive = Double(date.dayNumber) * 86_400 + Double(time.minutes) * 60
        var candidates: [Date] = []
        for probe in [naive - 86_400 * 1.5, naive + 86_400 * 1.5] {
            let off = Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: probe)))
            let instant = Date(timeIntervalSince1970: naive - off)
            if localParts(of: instant) == (date, time), !candidates.contains(instant) {
                candidates.append(instant)
            }
        }
        guard let first = candidates.min() else { return .skipped }
        return .exact(first)
    }

    /// The wall date and time at an instant.
    public func localParts(of instant: Date) -> (LocalDate, TimeOfDay) {
        let shifted = instant.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: instant))
        let days = Int((shifted / 86_400).rounded(.down))
        let minutes = Int(((shifted - Double(days) * 86_400) / 60).rounded(.down))
        return (LocalDate(dayNumber: days), TimeOfDay(minutesSinceMidnight: min(max(minutes, 0), 1439))!)
    }

    public func localDate(of instant: Date) -> LocalDate { localParts(of: instant).0 }
    public func timeOfDay(of instant: Date) -> TimeOfDay { localParts(of: instant).1 }

    /// Local midnight (or the first instant of the day when midnight itself is skipped).
    public func startOfDay(_ date: LocalDate) -> Date {
        for minute in stride(from: 0, to: 180, by: 15) {
            if case .exact(let d) = resolve(date, TimeOfDay(minutesSinceMidnight: minute)!) { return d }
        }
        return Date(timeIntervalSince1970: Double(date.dayNumber) * 86_400)
    }

    /// "19:30" in the restaurant's zone.
    public func hhmm(_ instant: Date) -> String { timeOfDay(of: instant).description }
}

extension ZonedClock.Resolution {
    public var instant: Date? { if case .exact(let d) = self { d } else { nil } }
}
