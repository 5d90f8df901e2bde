import Foundation
import ReservationDomain

extension FloorFile {
    /// `[[turn_times]]`: one per party size, each a turn the core can book.
    func validateTurnTimes(_ c: FloorChecks) throws(ReservationError) {
        let turns = turn_times ?? []
        try c.count(turns.count, "turn_times", max: Limits.turnTimes, "turn times")
        var turnLines: [Int: Int] = [:]
        for (i, t) in turns.enumerated() {
            let p = "turn_times[\(i)]"
            try c.range(t.up_to_party, p + ".up_to_party", 1...200, "a party")
            try c.range(t.minutes, p + ".minutes", 15...720, "a turn in minutes")
            if let first = turnLines[t.up_to_party] {
                throw c.fail(p + ".up_to_party", "a turn time for up to \(t.up_to_party) is already given at line \(first)")
            }
            turnLines[t.up_to_party] = source.line(of: p) ?? 0
        }
    }

    /// `[[hours]]`: known weekdays, times HH:MM, at most one service opening at a time per day.
    func validateHours(_ c: FloorChecks) throws(ReservationError) {
        try c.count(hours.count, "hours", max: Limits.hours, "opening-hours entries")
        var opening: [Int: [TimeOfDay: Int]] = [:]  // weekday -> opens -> line
        for (i, h) in hours.enumerated() {
            let p = "hours[\(i)]"
            guard !h.days.isEmpty else { throw c.fail(p + ".days", "name at least one day (mon ... sun)") }
            var seen = Set<Int>()
            for d in h.days {
                guard let day = FloorFile.weekdays[d.lowercased()] else {
                    throw c.fail(p + ".days", "\"\(TextSanitizer.excerpt(d))\" is not a weekday (mon, tue, wed, thu, fri, sat, sun)")
                }
                guard seen.insert(day).inserted else { throw c.fail(p + ".days", "\(d) is listed twice") }
            }
            try c.text(h.service, p + ".service", max: Limits.serviceLength, required: true)
            guard let opens = FloorFile.time(h.opens) else { throw c.fail(p + ".opens", "\"\(TextSanitizer.excerpt(h.opens))\" is not a time HH:MM") }
            guard FloorFile.time(h.closes) != nil else { throw c.fail(p + ".closes", "\"\(TextSanitizer.excerpt(h.closes))\" is not a time HH:MM") }
            for day in seen.sorted() {
                if let first = opening[day]?[opens] {
                    throw c.fail(p + ".opens", "\(FloorFile.weekdayNames[day]!) already has a service opening at \(opens) (line \(first))")
                }
                opening[day, default: [:]][opens] = source.line(of: p) ?? 0
                guard opening[day]!.count <= Limits.servicesPerDay else {
                    throw c.fail(p, "\(FloorFile.weekdayNames[day]!) has more than \(Limits.servicesPerDay) services")
                }
            }
        }
    }

    /// `[[closures]]`: dates YYYY-MM-DD, in order, not longer than a year, one per start day.
    func validateClosures(_ c: FloorChecks) throws(ReservationError) {
        let closed = closures ?? []
        try c.count(closed.count, "closures", max: Limits.closures, "closures")
        var closureLines: [LocalDate: Int] = [:]
        for (i, closure) in closed.enumerated() {
            let p = "closures[\(i)]"
            guard let from = LocalDate(iso: closure.from) else { throw c.fail(p + ".from", "\"\(TextSanitizer.excerpt(closure.from))\" is not a date YYYY-MM-DD") }
            let to = try closure.to.map { (t: String) throws(ReservationError) -> LocalDate in
                guard let d = LocalDate(iso: t) else { throw c.fail(p + ".to", "\"\(TextSanitizer.excerpt(t))\" is not a date YYYY-MM-DD") }
                return d
            } ?? from
            guard from.days(until: to) >= 0 else { throw c.fail(p + ".to", "\(to) is before \(from)") }
            guard from.days(until: to) < Limits.closureDays else {
                throw c.fail(p + ".to", "a closure of more than \(Limits.closureDays) days; split it or remove the opening hours")
            }
            try c.text(closure.reason, p + ".reason", max: Limits.reasonLength)
            if let first = closureLines[from] { throw c.fail(p + ".from", "a closure starting \(from) is already given at line \(first)") }
            closureLines[from] = source.line(of: p) ?? 0
        }
    }
}
