import Foundation
import ReservationDomain

extension FloorFile {
    /// `floor file: line 12: restaurant.max_party: ...`
    static func bad(_ line: Int?, _ message: String) -> ReservationError {
        .invalid(field: "floor file", message: (line.map { "line \($0): " } ?? "") + message)
    }

    static func describe(_ error: DecodingError, source: FloorSource) -> ReservationError {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        /// What a key's value must be, for "restaurant.max_party must be a whole number".
        func kind(_ p: String) -> String {
            let key = p.split(separator: ".").last.map { String($0.prefix { $0 != "[" }) } ?? p
            switch key {
            case "hold_minutes", "advance_days", "min_party", "max_party", "reminder_hours", "pacing_covers", "up_to_party", "minutes",
                 "min", "max", "x", "y", "w", "h": return "a whole number"
            case "accepts_walk_ins", "active": return "true or false"
            case "days": return "a list of days in quotes, like [\"mon\", \"tue\"]"
            case "tables" where p.hasPrefix("combinations"): return "a list of table labels in quotes, like [\"T1\", \"T2\"]"
            case "features": return "a list of features in quotes, like [\"window\"]"
            case "restaurant": return "a table ([restaurant])"
            case "turn_times", "hours", "closures", "areas", "tables", "combinations": return "a list of tables ([[\(key)]])"
            default: return "a string in quotes"
            }
        }
        switch error {
        case .keyNotFound(let key, let ctx):
            // TOMLKit reports a value of the wrong type as missing, sometimes with the key already in the path.
            let keys = ctx.codingPath.last?.stringValue == key.stringValue ? ctx.codingPath : ctx.codingPath + [key]
            let p = path(keys)
            if let line = source.lines[p] { return bad(line, "\(p) must be \(kind(p))") }
            return bad(source.line(of: path(keys.dropLast())), "\(p) is missing")
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx):
            let p = path(ctx.codingPath)
            return bad(source.line(of: p), "\(p) must be \(kind(p))")
        case .dataCorrupted(let ctx):
            let p = path(ctx.codingPath)
            return bad(source.line(of: p), "\(p): \(TextSanitizer.excerpt(ctx.debugDescription, max: 120))")
        @unknown default: return bad(nil, TextSanitizer.excerpt("\(error)", max: 120))
        }
    }
}
