import Foundation

/// When a walk-in may sit down, and until when: one rule for the core (which seats) and the podium's form
/// (which says what Enter will do). A walk-in sits during a service, or up to half an hour before it opens
/// (the first guests at the door); their stay is their turn, cut at the service's close. Outside that the
/// venue is closed: "closed now; dinner opens at 19:00".
public enum WalkInHours {
    public static let earlySeating: TimeInterval = 30 * 60

    public enum Answer: Hashable, Sendable {
        case open(ServiceWindow)
        /// Closed now; the next service today or tomorrow, if any.
        case closed(next: ServiceWindow?)
    }

    /// `windows`: the services around `now` (yesterday's late one, today's, tomorrow's), in any order.
    public static func at(_ now: Date, windows: [ServiceWindow]) -> Answer {
        let sorted = windows.sorted { $0.opens < $1.opens }
        // Of the services under way, the one that runs longest: overlapping services are one stretch open.
        if let w = sorted.filter({ $0.opens.addingTimeInterval(-earlySeating) <= now && now < $0.closes }).max(by: { $0.closes < $1.closes }) {
            return .open(w)
        }
        return .closed(next: sorted.first { $0.opens > now })
    }

    /// The services a walk-in on `date` could fall in: the day before's (a late one past midnight), the
    /// day's, and the next day's (the next to open).
    public static func windows(around date: LocalDate, schedule: Schedule) -> [ServiceWindow] {
        schedule.windows(on: date.adding(days: -1)) + schedule.windows(on: date) + schedule.windows(on: date.adding(days: 1))
    }

    /// The end of a walk-in's stay: the turn, or the close if that comes first.
    public static func end(start: Date, turnMinutes: Int, window: ServiceWindow) -> Date {
        min(start.addingTimeInterval(Double(turnMinutes) * 60), window.closes)
    }

    /// A party may agree to leave before its turn ends, at a table free now until its next booking ("must
    /// leave by 20:00", as hosts seat a party of 12 at 17:30); a stay shorter than this is not offered.
    public static let shortestStay: TimeInterval = 30 * 60

    /// The end of a stay cut short at `leaveBy`, or why not (shorter than `shortestStay`). A `leaveBy` at or
    /// after the turn's end cuts nothing.
    public static func shortStay(start: Date, end: Date, leaveBy: Date, clock: ZonedClock) -> Result<Date, ReservationError> {
        guard leaveBy < end else { return .success(end) }
        guard leaveBy.timeIntervalSince(start) >= shortestStay else {
            return .failure(.invalid(field: "table", message: "The table is free only until \(clock.hhmm(leaveBy)): too short a stay (at least \(Int(shortestStay / 60)) min)."))
        }
        return .success(leaveBy)
    }

    /// The note a shortened stay carries, so whoever serves the party knows.
    public static func leaveByNote(_ leaveBy: Date, clock: ZonedClock) -> String { "Must leave by \(clock.hhmm(leaveBy))." }

    /// What the host is told at a closed door.
    public static func closedMessage(venue: String, next: ServiceWindow?, now: Date, clock: ZonedClock) -> String {
        guard let next else { return "\(venue) is closed now, with no service today or tomorrow." }
        let day = clock.localDate(of: next.opens) == clock.localDate(of: now) ? "" : " tomorrow"
        return "\(venue) is closed now; \(next.name.lowercased()) opens\(day) at \(clock.hhmm(next.opens)) (walk-ins from \(clock.hhmm(next.opens.addingTimeInterval(-earlySeating))))."
    }
}
