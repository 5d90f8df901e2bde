/// Length and presence rules for free-text fields, applied after sanitising.
public enum Fields {
    public static func text(_ raw: String?, field: String, max: Int, required: Bool = false) throws(ReservationError) -> String {
        let value = TextSanitizer.clean(raw ?? "")
        if required && value.isEmpty { throw .invalid(field: field, message: "Enter a \(field).") }
        if value.count > max { throw .invalid(field: field, message: "Too long: \(value.count) characters, at most \(max).") }
        return value
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
