import Foundation
import ReservationDomain


/// A row of a query result, its values as PostgreSQL's text format gives them.
///
/// A result's values live in one buffer shared by its rows (`PGResultValues`): a row costs no allocation of
/// its own, and numbers and timestamps are read from the bytes without making a String first (three
/// allocations a row were most of reading an uncached day's occupancy).
///
/// No accessor invents a value: a missing column, a NULL where a value is required, or text that is not
/// what the caller asked for throws `RowDecodingError` naming the column. The `optional...` accessors
/// return nil for NULL only.
public struct PGRow: Sendable {
    let result: PGResultValues
    let row: Int

    /// The position of a column, for reading many rows by position (`int64(at:)`, `date(at:)`).
    public func column(_ name: String) throws(RowDecodingError) -> Int {
        guard let c = result.columns[name] else { throw RowDecodingError(column: name, problem: .missingColumn) }
        return c
    }

    /// The bytes of a column, nil for NULL.
    private func withBytes<T>(_ name: String, _ body: (UnsafeBufferPointer<UInt8>?) throws(RowDecodingError) -> T) throws(RowDecodingError) -> T {
        try withBytes(at: try column(name), body)
    }

    private func withBytes<T>(at c: Int, _ body: (UnsafeBufferPointer<UInt8>?) throws(RowDecodingError) -> T) throws(RowDecodingError) -> T {
        let cell = row * result.columnCount + c
        let start = Int(result.starts[cell])
        guard start >= 0 else { return try body(nil) }
        return try result.bytes.withUnsafeBufferPointer { all throws(RowDecodingError) in
            try body(UnsafeBufferPointer(rebasing: all[start..<(start + Int(result.lengths[cell]))]))
        }
    }

    /// Errors name the column; a by-position read finds its name only when it fails.
    private func failure(at c: Int, _ problem: RowDecodingError.Problem) -> RowDecodingError {
        RowDecodingError(column: result.names[c], problem: problem)
    }

    public func optionalString(_ name: String) throws(RowDecodingError) -> String? {
        try withBytes(name) { $0.map { String(decoding: $0, as: UTF8.self) } }
    }

    public func string(_ name: String) throws(RowDecodingError) -> String {
        guard let s = try optionalString(name) else { throw RowDecodingError(column: name, problem: .null) }
        return s
    }

    /// A text column holding one of `T`'s raw values (a status, a role): other text is an error, never a
    /// default, since it means a newer program's value or a hand edit.
    public func string<T: RawRepresentable>(_ name: String, as type: T.Type) throws(RowDecodingError) -> T where T.RawValue == String {
        try Self.decode(try string(name), T.self, column: name)
    }

    public func optionalString<T: RawRepresentable>(_ name: String, as type: T.Type) throws(RowDecodingError) -> T? where T.RawValue == String {
        try optionalString(name).map { text throws(RowDecodingError) in try Self.decode(text, T.self, column: name) }
    }

    private static func decode<T: RawRepresentable>(_ text: String, _ type: T.Type, column: String) throws(RowDecodingError) -> T where T.RawValue == String {
        guard let value = T(rawValue: text) else {
            throw RowDecodingError(column: column, problem: .unknownValue(text, type: String(describing: T.self)))
        }
        return value
    }

    public func int(_ name: String) throws(RowDecodingError) -> Int { Int(try int64(name)) }
    public func int64(_ name: String) throws(RowDecodingError) -> Int64 { try int64(at: try column(name)) }
    public func optionalInt64(_ name: String) throws(RowDecodingError) -> Int64? { try optionalInt64(at: try column(name)) }

    public func int64(at c: Int) throws(RowDecodingError) -> Int64 {
        guard let value = try optionalInt64(at: c) else { throw failure(at: c, .null) }
        return value
    }

    public func optionalInt64(at c: Int) throws(RowDecodingError) -> Int64? {
        try withBytes(at: c) { b throws(RowDecodingError) -> Int64? in
            guard let b else { return nil }
            // Beyond 18 digits the fast path gives up; the full parser still reads a whole Int64.
            guard let value = PGRow.integer(b) ?? Int64(String(decoding: b, as: UTF8.self)) else { throw failure(at: c, .notAnInteger) }
            return value
        }
    }

    public func bool(_ name: String) throws(RowDecodingError) -> Bool {
        guard let value = try optionalBool(name) else { throw RowDecodingError(column: name, problem: .null) }
        return value
    }

    public func optionalBool(_ name: String) throws(RowDecodingError) -> Bool? {
        try withBytes(name) { b throws(RowDecodingError) -> Bool? in
            guard let b else { return nil }
            guard b.count == 1, b[0] == UInt8(ascii: "t") || b[0] == UInt8(ascii: "f") else {
                throw RowDecodingError(column: name, problem: .notABoolean)
            }
            return b[0] == UInt8(ascii: "t")
        }
    }

    /// Timestamps are selected as epoch seconds (`extract(epoch from x)`), so no text date parsing is needed.
    public func date(_ name: String) throws(RowDecodingError) -> Date { try date(at: try column(name)) }
    public func optionalDate(_ name: String) throws(RowDecodingError) -> Date? { try optionalDate(at: try column(name)) }

    public func date(at c: Int) throws(RowDecodingError) -> Date {
        guard let value = try optionalDate(at: c) else { throw failure(at: c, .null) }
        return value
    }

    public func optionalDate(at c: Int) throws(RowDecodingError) -> Date? {
        try withBytes(at: c) { b throws(RowDecodingError) -> Date? in
            guard let b else { return nil }
            let seconds: Double?
            if let simple = PGRow.seconds(utf8: b) { seconds = simple } else { seconds = Double(String(decoding: b, as: UTF8.self)) }
            guard let seconds else { throw failure(at: c, .notATimestamp) }
            return Date(timeIntervalSince1970: seconds)
        }
    }

    public func uuid(_ name: String) throws(RowDecodingError) -> UUID {
        guard let value = try optionalUUID(name) else { throw RowDecodingError(column: name, problem: .null) }
        return value
    }

    public func optionalUUID(_ name: String) throws(RowDecodingError) -> UUID? {
        guard let text = try optionalString(name) else { return nil }
        guard let value = UUID(uuidString: text) else { throw RowDecodingError(column: name, problem: .notAUUID) }
        return value
    }

    /// PostgreSQL text arrays come back as `{a,b,"c d"}`.
    public func stringArray(_ name: String) throws(RowDecodingError) -> [String] {
        let text = try string(name)
        guard text.first == "{", text.last == "}" else { throw RowDecodingError(column: name, problem: .notAnArray) }
        return PGArray.parse(text)
    }

    /// A text array whose every element is one of `T`'s raw values (a table's features).
    public func stringArray<T: RawRepresentable>(_ name: String, as type: T.Type) throws(RowDecodingError) -> [T] where T.RawValue == String {
        var values: [T] = []
        for text in try stringArray(name) { values.append(try Self.decode(text, T.self, column: name)) }
        return values
    }

    /// A plain decimal integer ("-42"); nil for anything else.
    static func integer(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard !b.isEmpty, b.count <= 18 else { return nil }
        var n: Int64 = 0, negative = false
        for i in 0..<b.count {
            let c = b[i]
            if i == 0 && c == UInt8(ascii: "-") && b.count > 1 { negative = true; continue }
            guard c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") else { return nil }
            n = n * 10 + Int64(c - UInt8(ascii: "0"))
        }
        return negative ? -n : n
    }

    /// Epoch seconds as PostgreSQL writes them ("1779271200.000000", "-5.25"): read digit by digit into whole
    /// microseconds (what a timestamptz holds), so the value is the nearest Double, as `Double(text)` gives,
    /// without going through strtod (a fifth of an uncached availability's instructions). Anything else
    /// (an exponent, more than six decimals) goes to `Double(text)`.
    static func seconds(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { seconds(utf8: $0) } ?? Double(text)
    }

    /// nil: not in the simple form (the caller falls back to `Double(text)`).
    static func seconds(utf8: UnsafeBufferPointer<UInt8>) -> Double?? {
        var micros: Int64 = 0, fraction = -1, negative = false, any = false
        for i in 0..<utf8.count {
            let b = utf8[i]
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard micros < 900_000_000_000_000_000 / 10, fraction < 6 else { return nil }
                micros = micros * 10 + Int64(b - UInt8(ascii: "0"))
                if fraction >= 0 { fraction += 1 }
                any = true
            case UInt8(ascii: ".") where fraction < 0: fraction = 0
            case UInt8(ascii: "-") where i == 0: negative = true
            default: return nil
            }
        }
        guard any else { return .some(nil) }
        for _ in 0..<(6 - max(fraction, 0)) { micros *= 10 }
        guard micros <= 1 << 53 else { return nil }  // beyond exact integers in a Double
        let value = Double(micros) / 1_000_000
        return .some(negative ? -value : value)
    }
}

/// A result's values, copied out of libpq once: immutable, so rows may travel between threads.
final class PGResultValues: Sendable {
    let bytes: [UInt8]
    /// Per cell (row-major): where its bytes start (-1: NULL), and how many.
    let starts: [Int32]
    let lengths: [Int32]
    /// Column names by position, and positions by name (of two columns with one name, the last).
    let names: [String]
    let columns: [String: Int]
    var columnCount: Int { names.count }

    init(bytes: [UInt8], starts: [Int32], lengths: [Int32], names: [String]) {
        self.bytes = bytes
        self.starts = starts
        self.lengths = lengths
        self.names = names
        columns = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { _, last in last })
    }
}
