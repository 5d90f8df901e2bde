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

    public static func name(_ raw: String) throws(ReservationError) -> String {
        try text(raw, field: "name", max: 100, required: true)
    }

    public static func notes(_ raw: String?) throws(ReservationError) -> String {
        try text(raw, field: "notes", max: 500)
    }

    public static func partySize(_ n: Int, rules: BookingRules) throws(ReservationError) -> Int {
        guard n >= rules.minParty, n <= rules.maxParty else {
            throw .invalid(field: "party", message: "Party size \(n) is outside what this venue takes (\(rules.minParty) to \(rules.maxParty)).")
        }
        return n
    }
}
