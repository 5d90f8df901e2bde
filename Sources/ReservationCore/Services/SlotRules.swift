import Foundation
import ReservationDomain

/// Where a reservation may sit in time: the venue's rules for dates, opening hours and closures.
extension ReservationBook {
    struct ResolvedSlot {
        var start: Date
        var end: Date
        var window: ServiceWindow
    }

    /// Checks a wall-clock date and time against the venue's rules and returns the instants of the turn.
    func resolveSlot(_ r: Restaurant, date: LocalDate, time: TimeOfDay, party: Int,
                     schedule: Schedule) throws(ReservationError) -> ResolvedSlot {
        let clock = r.clock
        try checkBookingWindow(r, date)
        guard case .exact(let start) = clock.resolve(date, time) else {
            throw .invalid(field: "time", message: "\(time) does not exist on \(date): the clocks go forward that night. Pick a later time.")
        }
        if start < now().addingTimeInterval(-60) {
            throw .invalid(field: "time", message: "\(time) on \(date) has already passed.")
        }
        let end = start.addingTimeInterval(Double(r.rules.turnMinutes(forParty: party)) * 60)
        // The day's services and the previous day's late service running past midnight; a closed day has
        // none, so 00:30 after an open Saturday stays bookable even when Sunday is closed, and vice versa.
        let windows = schedule.windows(on: date) + schedule.windows(on: date.adding(days: -1)).filter { $0.closes > clock.startOfDay(date) }
        guard let window = windows.first(where: { $0.contains(start: start, end: end) }) else {
            if let closure = schedule.closure(on: date) {
                let why = closure.reason.isEmpty ? "" : " (\(closure.reason))"
                throw .invalid(field: "date", message: "\(r.name) is closed on \(date.weekdayName) \(date)\(why). Pick another day.")
            }
            throw .invalid(field: "time", message: hoursMessage(time: time, date: date, turn: end.timeIntervalSince(start), windows: schedule.windows(on: date), clock: clock))
        }
        return ResolvedSlot(start: start, end: end, window: window)
    }

    /// Why a booking at this wall time would be refused whatever the tables (a day outside the booking
    /// window, a closure, a time that does not exist or has passed, outside the services for a party this
    /// size), or nil: the refusal `book` gives, asked for while a host is still typing, so the form says the
    /// real reason rather than "nothing free".
    public func timeProblem(restaurantID: RestaurantID, date: LocalDate, time: TimeOfDay, party: Int) throws(ReservationError) -> String? {
        let r = try restaurant(id: restaurantID)
        do { _ = try resolveSlot(r, date: date, time: time, party: party, schedule: try schedule(for: r)) } catch {
            if case .invalid(_, let message) = error { return message }
            throw error
        }
        return nil
    }

    /// `BookingRules.checkBookable` against the venue's today.
    func checkBookingWindow(_ r: Restaurant, _ date: LocalDate) throws(ReservationError) {
        try r.rules.checkBookable(date, today: r.clock.localDate(of: now()))
    }

    /// Seating and no-shows belong to the booking's time (`ActionWindows`): a booking twelve days ahead, or
    /// at 19:45 while it is 17:30, can be confirmed or cancelled, not seated; a no-show needs the booking to
    /// be late first.
    func checkActionTime(_ action: ReservationAction, _ res: Reservation, _ r: Restaurant) throws(ReservationError) {
        if let why = ActionWindows.refusal(action, start: res.startsAt, end: res.endsAt, now: now(), clock: r.clock) {
            throw .invalid(field: "action", message: why)
        }
    }

    private func hoursMessage(time: TimeOfDay, date: LocalDate, turn: TimeInterval, windows: [ServiceWindow], clock: ZonedClock) -> String {
        if windows.isEmpty { return "There is no service on \(date.weekdayName) \(date)." }
        let list = windows.map { w in
            let lastSeating = w.closes.addingTimeInterval(-turn)
            return "\(w.name) \(clock.hhmm(w.opens))-\(clock.hhmm(w.closes)) (last seating \(clock.hhmm(lastSeating)))"
        }.joined(separator: ", ")
        return "\(time) is outside opening hours for a party this size on \(date.weekdayName): \(list)."
    }

    func validatedParty(_ n: Int, rules: BookingRules) throws(ReservationError) -> Int {
        try Fields.partySize(n, rules: rules)
    }

    func checkTableFits(_ t: DiningTable, party: Int) throws(ReservationError) {
        guard t.active else { throw .invalid(field: "table", message: "Table \(t.label) is out of service.") }
        guard t.minCovers <= party && party <= t.maxCovers else {
            throw .invalid(field: "table", message: "Table \(t.label) seats \(t.minCovers)-\(t.maxCovers); a party of \(party) does not fit.")
        }
    }
}
