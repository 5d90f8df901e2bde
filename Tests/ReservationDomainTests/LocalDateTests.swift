import Foundation
import Testing
@testable import ReservationDomain

@Suite("LocalDate and TimeOfDay")
struct LocalDateTests {
    @Test("calendar validity, leap years included", arguments: [
        ("2024-02-29", true), ("2026-02-29", false), ("2000-02-29", true), ("1900-02-29", false), ("2100-02-29", false),
        ("2026-02-28", true), ("2026-04-31", false), ("2026-04-30", true), ("2026-12-31", true), ("2026-13-01", false),
        ("2026-00-10", false), ("2026-01-00", false), ("2026-01-32", false), ("1899-12-31", false),
    ])
    func validity(iso: String, valid: Bool) {
        #expect((LocalDate(iso: iso) != nil) == valid)
    }

    @Test("ISO parsing is strict")
    func parsing() {
        #expect(LocalDate(iso: "2026-05-13") == LocalDate(year: 2026, month: 5, day: 13))
        for bad in ["2026-5-13", "26-05-13", "2026/05/13", "2026-05-13T00:00", "", "abcd-ef-gh", "2026-05", "+026-05-13"] {
            #expect(LocalDate(iso: bad) == nil, "\(bad)")
        }
        #expect(LocalDate(year: 2026, month: 5, day: 3)?.description == "2026-05-03")
    }

    @Test("dayNumber: known values and a round trip over four centuries")
    func dayNumbers() {
        #expect(date("1970-01-01").dayNumber == 0)
        #expect(date("1969-12-31").dayNumber == -1)
        #expect(date("2000-03-01").dayNumber == 11_017)
        #expect(date("2026-05-13").dayNumber == 20_586)
        #expect(LocalDate(dayNumber: 20_586) == date("2026-05-13"))
        var previous: LocalDate? = nil
        for n in stride(from: date("1900-01-01").dayNumber, through: date("2300-12-31").dayNumber, by: 1) {
            let d = LocalDate(dayNumber: n)
            #expect(d.dayNumber == n)
            if let p = previous, !(p < d) { Issue.record("\(p) !< \(d)"); break }
            previous = d
        }
    }

    @Test("weekdays and day arithmetic")
    func weekdays() {
        #expect(date("1970-01-01").isoWeekday == 4)
        #expect(date("1969-12-29").isoWeekday == 1)  // before the epoch: negative day numbers
        #expect(date("2026-05-13").weekdayName == "Wednesday")
        #expect(date("2026-03-29").weekdayName == "Sunday")
        #expect(date("2024-02-29").weekdayName == "Thursday")
        #expect(date("2000-01-01").isoWeekday == 6)
        #expect(date("2024-02-28").adding(days: 1) == date("2024-02-29"))
        #expect(date("2026-02-28").adding(days: 1) == date("2026-03-01"))
        #expect(date("2026-12-31").adding(days: 1) == date("2027-01-01"))
        #expect(date("2026-01-01").adding(days: -1) == date("2025-12-31"))
        #expect(date("2026-05-13").days(until: date("2026-07-12")) == 60)
        #expect(date("2026-05-13").days(until: date("2026-05-12")) == -1)
    }

    @Test("time of day")
    func timeOfDay() {
        #expect(TimeOfDay(hour: 24, minute: 0) == nil)
        #expect(TimeOfDay(hour: 23, minute: 60) == nil)
        #expect(TimeOfDay(hour: -1, minute: 0) == nil)
        #expect(TimeOfDay(minutesSinceMidnight: 1440) == nil)
        #expect(TimeOfDay(minutesSinceMidnight: 1439)?.description == "23:59")
        #expect(time(9, 5).description == "09:05")
        #expect(time(9, 5) < time(10, 0))
    }
}
