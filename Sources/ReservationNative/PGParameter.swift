import Foundation
import ReservationDomain

/// A parameter for `PGConnection.query`. Everything travels as text; nil is SQL NULL.
public protocol PGParameter { var pgText: String? { get } }
extension String: PGParameter { public var pgText: String? { self } }
extension Int: PGParameter { public var pgText: String? { String(self) } }
extension Int64: PGParameter { public var pgText: String? { String(self) } }
extension Bool: PGParameter { public var pgText: String? { self ? "t" : "f" } }
extension UUID: PGParameter { public var pgText: String? { lowercasedString } }
extension Date: PGParameter {
    /// Sent as epoch seconds; SQL wraps it in `to_timestamp($n::float8)`.
    public var pgText: String? { Digits.seconds(timeIntervalSince1970) }
}
extension Optional: PGParameter where Wrapped: PGParameter {
    public var pgText: String? { self?.pgText }
}
extension Array: PGParameter where Element == String {
    public var pgText: String? { PGArray.literal(self) }
}

/// PostgreSQL text-array literals, both ways.
enum PGArray {
    static func literal(_ items: [String]) -> String {
        "{" + items.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",") + "}"
    }

    static func parse(_ text: String) -> [String] {
        guard text.count >= 2 else { return [] }
        var items: [String] = []
        var current = ""
        var inQuotes = false, escaped = false, quoted = false
        for ch in text.dropFirst().dropLast() {
            if escaped { current.append(ch); escaped = false; continue }
            switch ch {
            case "\\" where inQuotes: escaped = true
            case "\"": inQuotes.toggle(); quoted = true
            case "," where !inQuotes:
                items.append(current); current = ""; quoted = false
            default: current.append(ch)
            }
        }
        if !current.isEmpty || quoted { items.append(current) }
        return items
    }
}
