import Foundation

public typealias RestaurantID = Int64

/// A venue and the booking rules it runs by.
public struct Restaurant: Hashable, Sendable, Identifiable {
    public var id: RestaurantID
    public var slug: String
    public var name: String
    public var timeZone: String
    public var phone: String?
    public var email: String?
    public var address: String?
    public var description: String?
    /// The country calling code used to read national phone numbers ("34" for Spain).
    public var phoneCountryCode: String
    public var rules: BookingRules

    public init(id: RestaurantID, slug: String, name: String, timeZone: String, phone: String? = nil,
                email: String? = nil, address: String? = nil, description: String? = nil,
                phoneCountryCode: String = Restaurant.defaultPhoneCountryCode, rules: BookingRules = BookingRules()) {
        self.id = id
        self.slug = slug
        self.name = name
        self.timeZone = timeZone
        self.phone = phone
        self.email = email
        self.address = address
        self.description = description
        self.phoneCountryCode = phoneCountryCode
        self.rules = rules
    }

    public var clock: ZonedClock { ZonedClock(identifier: timeZone) ?? ZonedClock(zone: .gmt) }

    /// The calling code a venue reads national numbers with when it names none: the original's country (Spain).
    public static let defaultPhoneCountryCode = "34"
}

public struct BookingRules: Hashable, Sendable {
    /// How long an unconfirmed (pending) hold lasts before it lapses.
    public var holdMinutes: Int = 15
    /// How many days ahead guests may book.
    public var advanceDays: Int = 60
    public var minParty: Int = 1
    public var maxParty: Int = 12
    public var reminderHours: Int = 24
    public var acceptsWalkIns: Bool = true
    /// Pacing: the most covers that may start in any one 15-minute slot (the kitchen's pace); nil for no limit.
    /// Bookings respect it (a manager may override); walk-ins count toward it but are never refused by it.
    public var pacingCovers: Int? = nil
    /// Turn time by party size, ascending by `upToParty`; the last entry covers anything larger.
    public var turnTimes: [TurnTime] = TurnTime.defaults

    public init() {}

    /// The booking window, the one rule for every place that takes a date to offer or book (availability,
    /// booking, changes): from today, the venue's date, to `advanceDays` ahead.
    public func checkBookable(_ date: LocalDate, today: LocalDate) throws(ReservationError) {
        if date.days(until: today) > 0 {
            throw .invalid(field: "date", message: "\(date) is in the past.")
        }
        if today.days(until: date) > advanceDays {
            throw .invalid(field: "date", message: "\(date) is more than \(advanceDays) days ahead; bookings open \(advanceDays) days in advance.")
        }
    }

    /// Minutes a party of this size keeps its table.
    public func turnMinutes(forParty party: Int) -> Int {
        let sorted = turnTimes.sorted { $0.upToParty < $1.upToParty }
        return (sorted.first { party <= $0.upToParty } ?? sorted.last)?.minutes ?? 120
    }
}

public struct TurnTime: Hashable, Sendable {
    public var upToParty: Int
    public var minutes: Int
    public init(upToParty: Int, minutes: Int) {
        self.upToParty = upToParty
        self.minutes = minutes
    }

    public static let defaults = [
        TurnTime(upToParty: 2, minutes: 90), TurnTime(upToParty: 4, minutes: 120),
        TurnTime(upToParty: 6, minutes: 150), TurnTime(upToParty: 99, minutes: 180),
    ]
}

/// One service (lunch, dinner) on a weekday. `closes` at or before `opens` means past midnight.
public struct ServiceHours: Hashable, Sendable {
    public var weekday: Int  // ISO: Monday = 1
    public var name: String
    public var opens: TimeOfDay
    public var closes: TimeOfDay

    public init(weekday: Int, name: String, opens: TimeOfDay, closes: TimeOfDay) {
        self.weekday = weekday
        self.name = name
        self.opens = opens
        self.closes = closes
    }

    public var crossesMidnight: Bool { closes <= opens }
}

/// Days the venue is shut (holidays, private events), inclusive.
public struct Closure: Hashable, Sendable {
    public var startsOn: LocalDate
    public var endsOn: LocalDate
    public var reason: String

    public init(startsOn: LocalDate, endsOn: LocalDate, reason: String) {
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.reason = reason
    }

    public func covers(_ date: LocalDate) -> Bool { startsOn <= date && date <= endsOn }

    /// "Thu 24 Dec", or "Thu 24 Dec-Fri 25 Dec".
    public var span: String {
        startsOn == endsOn ? DateInput.short(startsOn) : "\(DateInput.short(startsOn))-\(DateInput.short(endsOn))"
    }
}

/// A closure added (`ReservationBook.addClosure`), and the live bookings it leaves on closed days (only when
/// the manager said to close anyway).
public struct ClosureOutcome: Sendable, Hashable {
    public var closure: Closure
    public var stranded: [BookEntry]

    public init(closure: Closure, stranded: [BookEntry]) {
        self.closure = closure
        self.stranded = stranded
    }
}

/// A service on a concrete date, as instants.
public struct ServiceWindow: Hashable, Sendable {
    public var name: String
    public var opens: Date
    public var closes: Date

    public init(name: String, opens: Date, closes: Date) {
        self.name = name
        self.opens = opens
        self.closes = closes
    }

    public func contains(start: Date, end: Date) -> Bool { opens <= start && end <= closes }
}

/// The venue's opening hours and closures, resolved against its clock.
public struct Schedule: Sendable {
    public var hours: [ServiceHours]
    public var closures: [Closure]
    /// Tables out of service for a range of days, in date order (`TableClosure`).
    public var tableClosures: [TableClosure]
    public var clock: ZonedClock

    public init(hours: [ServiceHours], closures: [Closure], tableClosures: [TableClosure] = [], clock: ZonedClock) {
        self.hours = hours
        self.closures = closures
        self.tableClosures = tableClosures
        self.clock = clock
    }

    public func closure(on date: LocalDate) -> Closure? { closures.first { $0.covers(date) } }

    /// The tables out of service on `date` for a range of days, by table.
    public func tablesClosed(on date: LocalDate) -> [TableID: TableClosure] {
        Dictionary(tableClosures.filter { $0.covers(date) }.map { ($0.tableID, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The services that start on `date`, in order. Opening or closing times that fall into a DST gap
    /// move to the first real instant after it, so a service is never lost, only shortened.
    public func windows(on date: LocalDate) -> [ServiceWindow] {
        guard closure(on: date) == nil else { return [] }
        return hours.filter { $0.weekday == date.isoWeekday }
            .sorted { $0.opens < $1.opens }
            .compactMap { h in
                let closeDate = h.crossesMidnight ? date.adding(days: 1) : date
                guard let o = instant(date, h.opens), let c = instant(closeDate, h.closes), o < c else { return nil }
                return ServiceWindow(name: h.name, opens: o, closes: c)
            }
    }

    private func instant(_ date: LocalDate, _ time: TimeOfDay) -> Date? {
        var minutes = time.minutes
        while minutes < 1440 + 120 {
            let d = minutes >= 1440 ? date.adding(days: 1) : date
            if case .exact(let i) = clock.resolve(d, TimeOfDay(minutesSinceMidnight: minutes % 1440)!) { return i }
            minutes += 1
        }
        return nil
    }
}
