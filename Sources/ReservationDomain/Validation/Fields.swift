import Foundation

/// Length and presence rules for free-text fields, applied after sanitising.
///
/// One rule for every length limit: a value may have at most `max` characters as a host sees them
/// (grapheme clusters) AND at most `max` Unicode code points, which is what the database's
/// `length()` CHECK constraints count. "A" followed by 5,000 combining accents is one character on screen
/// but 5,001 code points: it is refused here, with a message, before the database ever sees it.
public enum Fields {
    public static func text(_ raw: String?, field: String, max: Int, required: Bool = false) throws(ReservationError) -> String {
        let value = TextSanitizer.clean(raw ?? "")
        if required && value.isEmpty { throw .invalid(field: field, message: "Enter a \(field).") }
        try checkLength(value, field: field, max: max)
        return value
    }

    /// The length rule alone, for text cleaned elsewhere.
    public static func checkLength(_ value: String, field: String, max: Int) throws(ReservationError) {
        if value.count > max { throw .invalid(field: field, message: "Too long: \(value.count) characters, at most \(max).") }
        let codePoints = value.unicodeScalars.count
        if codePoints > max {
            throw .invalid(field: field, message: "Too long: at most \(max) characters, where each accent mark or emoji part counts as one (this has \(codePoints)).")
        }
    }

    public static let nameLength = 100

    public static func name(_ raw: String) throws(ReservationError) -> String {
        try text(raw, field: "name", max: nameLength, required: true)
    }

    public static func notes(_ raw: String?) throws(ReservationError) -> String {
        try text(raw, field: "notes", max: 500)
    }

    /// Why a party of `n` cannot be booked here at all, before any time is looked at: outside the venue's
    /// limits, or larger (or smaller) than every table in service. The booking form says it while the host
    /// types; `book` refuses with the same words. Nil when some table fits.
    /// `combinations`: the venue's joinable tables; a party one of them seats has no problem.
    public static func partyProblem(_ n: Int, rules: BookingRules, tables: [DiningTable],
                                    combinations: [TableCombination] = []) -> String? {
        do { _ = try partySize(n, rules: rules) } catch {
            if case .invalid(_, let message) = error { return message }
            return error.description
        }
        let active = tables.filter(\.active)
        guard !active.contains(where: { $0.fits(party: n) }) else { return nil }
        guard AvailabilityEngine.bestFit(combinations, tables: tables, party: n).isEmpty else { return nil }
        if active.isEmpty { return "No table here is in service. Put one back in service first." }
        let largest = active.map(\.maxCovers).max() ?? 0
        if n > largest {
            return "No table here seats \(n) (the largest seats \(largest)). Book the party as several bookings, or a table by name."
        }
        return "No table here takes a party of \(n) (the smallest takes \(active.map(\.minCovers).min() ?? 1)). Choose a table by name."
    }

    public static func partySize(_ n: Int, rules: BookingRules) throws(ReservationError) -> Int {
        guard n >= rules.minParty, n <= rules.maxParty else {
            throw .invalid(field: "party", message: "Party size \(n) is outside what this venue takes (\(rules.minParty) to \(rules.maxParty)).")
        }
        return n
    }
}
