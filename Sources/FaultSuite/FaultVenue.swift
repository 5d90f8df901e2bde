import Foundation
import ReservationCore
import ReservationDomain

/// A round's own venue: a handful of tables and slots, so clients contend, laid around the real "now".
///
/// Each round gets its own venue (slug `faults-<round>`), so rounds never see each other's bookings and
/// the checker judges each one alone. The venue is in UTC and open all day, starting two hours before
/// now: every slot (from 30 minutes to a few hours ahead) and every turn is inside one service, whatever
/// time of day the suite runs, and seating or completing a booking is done on its own service day.
public struct FaultVenue: Sendable {
    public struct Slot: Sendable, Hashable, CustomStringConvertible {
        public var date: LocalDate
        public var time: TimeOfDay
        public var description: String { "\(date) \(time)" }
    }

    public var slug: String
    public var restaurantID: RestaurantID
    public var tables: [String]
    public var slots: [Slot]

    public static let reminderHours = 1

    public static func slug(round: String) -> String { String("faults-\(round)".prefix(40)) }

    /// Creates (or updates) the venue and returns it with slots 45 minutes apart starting 30-60 minutes
    /// from `now`. Turns: 90 minutes for two, 120 for four; tables seat 1-4.
    public static func create(book: ReservationBook, round: String, tables: Int = 8, slots: Int = 8,
                              now: Date = Date()) throws(ReservationError) -> FaultVenue {
        let slug = slug(round: round)
        let labels = (1...tables).map { "T\($0)" }
        let day = 86_400.0
        let t = now.timeIntervalSince1970
        let opens = Int((t.truncatingRemainder(dividingBy: day)) / 3600) - 2   // whole hours, two before now
        let opensAt = TimeOfDay(minutesSinceMidnight: ((opens + 24) % 24) * 60)!
        // Open 23h59m from `opens`: one service a day, crossing midnight, ending a minute before the next.
        let closesAt = TimeOfDay(minutesSinceMidnight: (opensAt.minutes + 1439) % 1440)!
        let hours = """
            [[hours]]
            days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            service = "all day"
            opens = "\(opensAt)"
            closes = "\(closesAt)"
            """
        let tableLines = labels.enumerated().map { i, label in
            """
            [[areas.tables]]
            label = "\(label)"
            min = 1
            max = 4
            x = \((i % 4) * 8)
            y = \((i / 4) * 4)
            """
        }.joined(separator: "\n\n")
        let toml = """
            [restaurant]
            slug = "\(slug)"
            name = "Fault round \(round)"
            time_zone = "UTC"
            phone_country_code = "34"
            hold_minutes = 15
            advance_days = 7
            min_party = 1
            max_party = 4
            reminder_hours = \(reminderHours)

            [[turn_times]]
            up_to_party = 2
            minutes = 90

            [[turn_times]]
            up_to_party = 4
            minutes = 120

            \(hours)

            [[areas]]
            name = "Sala"

            \(tableLines)
            """
        let r = try book.importFloor(try FloorFile.parse(toml), actor: Actor(staffID: nil, name: "faults:setup", role: .admin))
        // The first slot: the next half hour, plus half an hour (30-60 minutes from now).
        let first = (t / 1800).rounded(.up) * 1800 + 1800
        let list = (0..<slots).map { k -> Slot in
            let s = first + Double(k) * 45 * 60
            let dayNumber = Int((s / day).rounded(.down))
            let minute = Int(s - Double(dayNumber) * day) / 60
            return Slot(date: LocalDate(dayNumber: dayNumber), time: TimeOfDay(minutesSinceMidnight: minute)!)
        }
        return FaultVenue(slug: slug, restaurantID: r.id, tables: labels, slots: list)
    }
}
