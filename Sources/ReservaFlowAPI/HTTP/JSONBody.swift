import Foundation
import ReservationCore
import ReservationDomain

/// A request's JSON object, read field by field. Every problem names its field; missing required fields
/// are collected and reported together, as the original did (`{"error": "Faltan campos requeridos",
/// "fields": {...}}`); a field nobody asked for is refused, so a typo never silently does nothing; a key
/// named twice was refused before this reads the body (`API.handle`).
struct JSONBody {
    private let object: [String: JSONValue]
    private var missing: [String] = []
    private var read: Set<String> = []

    init(_ bytes: [UInt8]) throws(APIError) {
        guard !bytes.isEmpty else { throw APIError.invalid("body", "The body is empty: send a JSON object (Content-Type: application/json).") }
        let value: JSONValue
        do { value = try JSONDecoder().decode(JSONValue.self, from: Data(bytes)) } catch {
            throw APIError(status: 400, error: "El cuerpo no es JSON válido: \(Self.reason(error))", code: "malformed_json", field: "body")
        }
        guard case .object(let o) = value else {
            throw APIError.invalid("body", "The body must be a JSON object, not \(value.kind).")
        }
        object = o
    }

    private static func reason(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let c) = error {
            return TextSanitizer.excerpt((c.underlyingError as NSError?)?.localizedDescription ?? c.debugDescription)
        }
        return "it could not be read."
    }

    /// 2^53: the largest integer a JSON number is exact for in every client.
    static let maxExact: Int64 = 9_007_199_254_740_992

    private mutating func value(_ key: String, required: Bool) -> JSONValue? {
        read.insert(key)
        guard let v = object[key], v != .null else {
            if required { missing.append(key) }
            return nil
        }
        return v
    }

    mutating func int(_ key: String, required: Bool = true) throws(APIError) -> Int? {
        guard let v = value(key, required: required) else { return nil }
        switch v {
        // Ids are bigints; anything a JavaScript client can hold exactly is accepted, range checks come after.
        case .int(let i) where abs(i) <= Self.maxExact: return Int(i)
        case .int: throw APIError.invalid(key, "\(key) is out of range.")
        case .double(let d) where d == d.rounded() && abs(d) <= Double(Self.maxExact): return Int(d)
        case .double: throw APIError.invalid(key, "\(key) must be a whole number.")
        case .string(let s):
            // The contract says integer: "2" is a string, refused like "two" (one reading, docs/api.md).
            throw APIError.invalid(key, "\(key) must be an integer (a JSON number, 2 not \"2\"), not the string \"\(TextSanitizer.excerpt(s))\".")
        default: throw APIError.invalid(key, "\(key) must be an integer, not \(v.kind).")
        }
    }

    mutating func string(_ key: String, required: Bool = true, max: Int = 500) throws(APIError) -> String? {
        guard let v = value(key, required: required) else { return nil }
        guard case .string(let s) = v else { throw APIError.invalid(key, "\(key) must be a string, not \(v.kind).") }
        if s.unicodeScalars.count > max { throw APIError.invalid(key, "\(key) is too long: at most \(max) characters.") }
        if required && s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { missing.append(key); return nil }
        return s
    }

    /// true or false, nothing else: "yes" or 1 would be one client's reading and not another's.
    mutating func bool(_ key: String, required: Bool = true) throws(APIError) -> Bool? {
        guard let v = value(key, required: required) else { return nil }
        guard case .bool(let b) = v else { throw APIError.invalid(key, "\(key) must be true or false, not \(v.kind).") }
        return b
    }

    /// A list of strings (tags): each at most `max` characters, at most `count` of them.
    mutating func strings(_ key: String, max: Int, count: Int) throws(APIError) -> [String]? {
        guard let v = value(key, required: false) else { return nil }
        guard case .array(let items) = v, items.count <= count else {
            throw APIError.invalid(key, "\(key) must be a list of at most \(count) strings.")
        }
        var out: [String] = []
        for item in items {
            guard case .string(let s) = item, s.unicodeScalars.count <= max else {
                throw APIError.invalid(key, "\(key) must hold strings of at most \(max) characters.")
            }
            out.append(s)
        }
        return out
    }

    /// After every field was read: what was missing, and what was not expected.
    func finish() throws(APIError) {
        if !missing.isEmpty {
            var fields: [String: JSONValue] = [:]
            for m in missing { fields[m] = .string("Este campo es requerido.") }
            throw APIError(status: 400, error: "Faltan campos requeridos", code: "missing_fields", field: missing.sorted().first,
                           extra: ["fields": .object(fields)])
        }
        if let unknown = object.keys.sorted().first(where: { !read.contains($0) }) {
            throw APIError.invalid(unknown, "Unknown field \"\(TextSanitizer.excerpt(unknown))\"; expected \(read.sorted().joined(separator: ", ")).")
        }
    }
}

/// Query parameters and path segments, read as the fields above are.
enum Param {
    static func date(_ text: String?, field: String) throws(APIError) -> LocalDate? {
        guard let text, !text.isEmpty else { return nil }
        guard let d = LocalDate(iso: text) else { throw APIError.invalid(field, "\(field) must be a date as YYYY-MM-DD, not \"\(TextSanitizer.excerpt(text))\".") }
        return d
    }

    /// HH:MM or HH:MM:SS (seconds must be 00: bookings are by the minute).
    static func time(_ text: String?, field: String) throws(APIError) -> TimeOfDay? {
        guard let text, !text.isEmpty else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let h = Int(parts[0]), let m = Int(parts[1]), parts.count == 2 || parts[2] == "00",
              let t = TimeOfDay(hour: h, minute: m)
        else { throw APIError.invalid(field, "\(field) must be a time as HH:MM or HH:MM:SS, not \"\(TextSanitizer.excerpt(text))\".") }
        return t
    }

    static func int(_ text: String?, field: String, range: ClosedRange<Int> = 1...Int(JSONBody.maxExact)) throws(APIError) -> Int? {
        guard let text, !text.isEmpty else { return nil }
        guard let i = Int(text), range.contains(i) else {
            throw APIError.invalid(field, "\(field) must be an integer from \(range.lowerBound) to \(range.upperBound), not \"\(TextSanitizer.excerpt(text))\".")
        }
        return i
    }
}
