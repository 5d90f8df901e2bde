import Foundation
import ReservationCore
import ReservationDomain

/// A small venue and the dates the tests use.
enum Fixtures {
    static let madrid = "Europe/Madrid"
    static let newYork = "America/New_York"

    /// "Now" in most tests: Wednesday 13 May 2026, 12:00 in Madrid.
    static let wednesday = LocalDate(year: 2026, month: 5, day: 13)!
    /// The usual booking day, two days later.
    static let friday = LocalDate(year: 2026, month: 5, day: 15)!
    /// A closure in the default floor.
    static let holiday = LocalDate(year: 2026, month: 5, day: 20)!

    static func date(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }
    static func time(_ hour: Int, _ minute: Int = 0) -> TimeOfDay { TimeOfDay(hour: hour, minute: minute)! }

    /// The instant a wall clock in `zone` shows `hour:minute` on `date` (first one in a fold).
    static func instant(_ date: LocalDate, _ hour: Int, _ minute: Int = 0, zone: String = madrid) -> Date {
        guard let i = ZonedClock(identifier: zone)!.resolve(date, time(hour, minute)).instant else {
            fatalError("\(date) \(hour):\(minute) does not exist in \(zone)")
        }
        return i
    }

    /// A venue with lunch 13:00-16:00 and dinner 19:00-23:30 every day, closed on `holiday`, turn times
    /// 90/120/150/180 minutes (parties up to 2/4/6/more), and tables:
    ///   Sala: T1 1-2, T2 1-2, T3 2-4, T4 3-6     Terraza: P1 2-4
    static func floor(slug: String = "casa", zone: String = madrid, countryCode: String = "34", hours: String? = nil,
                      holdMinutes: Int = 15, advanceDays: Int = 60, extraTables: String = "") -> String {
        let defaultHours = """
            [[hours]]
            days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            service = "lunch"
            opens = "13:00"
            closes = "16:00"

            [[hours]]
            days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            service = "dinner"
            opens = "19:00"
            closes = "23:30"
            """
        return """
            [restaurant]
            slug = "\(slug)"
            name = "Casa Test"
            time_zone = "\(zone)"
            phone_country_code = "\(countryCode)"
            hold_minutes = \(holdMinutes)
            advance_days = \(advanceDays)
            min_party = 1
            max_party = 12
            reminder_hours = 24

            [[turn_times]]
            up_to_party = 2
            minutes = 90

            [[turn_times]]
            up_to_party = 4
            minutes = 120

            [[turn_times]]
            up_to_party = 6
            minutes = 150

            [[turn_times]]
            up_to_party = 99
            minutes = 180

            \(hours ?? defaultHours)

            [[closures]]
            from = "\(holiday)"
            to = "\(holiday)"
            reason = "Private event"

            [[areas]]
            name = "Sala"

            [[areas.tables]]
            label = "T1"
            min = 1
            max = 2
            x = 0
            y = 0

            [[areas.tables]]
            label = "T2"
            min = 1
            max = 2
            x = 6
            y = 0

            [[areas.tables]]
            label = "T3"
            min = 2
            max = 4
            x = 12
            y = 0
            shape = "round"

            [[areas.tables]]
            label = "T4"
            min = 3
            max = 6
            x = 18
            y = 0
            features = ["window"]
            \(extraTables)

            [[areas]]
            name = "Terraza"

            [[areas.tables]]
            label = "P1"
            min = 2
            max = 4
            x = 0
            y = 10
            features = ["outdoor"]
            """
    }

    /// Two overlapping services every day, so any moment is bookable and walk-ins are always in service
    /// (for tests in real time, which must not depend on the hour they run at).
    static let aroundTheClock = """
        [[hours]]
        days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        service = "Day"
        opens = "00:00"
        closes = "00:00"
        [[hours]]
        days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        service = "Night"
        opens = "12:00"
        closes = "12:00"
        """

    /// One service a day that runs past midnight (for the DST nights).
    static func nightHours(opens: String = "20:00", closes: String = "05:00") -> String {
        """
        [[hours]]
        days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        service = "night"
        opens = "\(opens)"
        closes = "\(closes)"
        """
    }

    static func request(_ r: Restaurant, table: String? = "T3", date: LocalDate = friday, time: TimeOfDay = Fixtures.time(19),
                        party: Int = 4, name: String = "Lucía Garrido", phone: String = "600 12 34 56",
                        email: String? = "lucia@example.com", notes: String = "", holdMinutes: Int? = nil) -> BookingRequest {
        BookingRequest(restaurantID: r.id, tableLabel: table, date: date, time: time, partySize: party,
                       guest: .new(name: name, phone: phone, email: email), notes: notes, holdMinutes: holdMinutes)
    }

    /// A distinct Spanish mobile number per index.
    static func phone(_ i: Int) -> String { String(format: "6%08d", 10_000_000 + i) }
}
