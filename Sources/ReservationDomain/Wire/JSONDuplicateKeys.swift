/// JSON allows an object to name a key twice and leaves the meaning to the reader (RFC 8259 §4): Foundation
/// keeps the first, other parsers the last. A request read one way by this server and another way by a
/// proxy, a log or a retry is a request nobody can reason about, so the API refuses such a body.
///
/// This finds the first key named twice in one object, at any depth, comparing keys as decoded text
/// (`"a"` and `"\u0061"` are the same key). It reads only well-formed JSON: for anything else it answers
/// nil and the real parser reports the error.
public enum JSONDuplicateKeys {
    /// The duplicated key's path (`party_size`, or `a.b` when nested in objects), or nil.
    public static func first(in bytes: [UInt8]) -> String? {
        var scanner = Scanner(bytes: bytes)
        return (try? scanner.document()) ?? nil
    }

    private struct Malformed: Error {}

    private struct Scanner {
        let bytes: [UInt8]
        var i = 0
        var depth = 0

        mutating func document() throws -> String? {
            let found = try value(path: [])
            skipSpace()
            return found
        }

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        }

        /// Scans one value; the first duplicate found inside it, if any.
        mutating func value(path: [String]) throws -> String? {
            skipSpace()
            guard i < bytes.count else { throw Malformed() }
            switch bytes[i] {
            case UInt8(ascii: "{"): return try object(path: path)
            case UInt8(ascii: "["): return try array(path: path)
            case UInt8(ascii: "\""): _ = try string(); return nil
            default:
                // A number or a literal: everything up to the next delimiter.
                let start = i
                while i < bytes.count, !Self.isDelimiter(bytes[i]) { i += 1 }
                if i == start { throw Malformed() }
                return nil
            }
        }

        static func isDelimiter(_ b: UInt8) -> Bool {
            b == UInt8(ascii: ",") || b == UInt8(ascii: "]") || b == UInt8(ascii: "}") || b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09
        }

        mutating func enter() throws {
            depth += 1
            if depth > 512 { throw Malformed() }  // as deep as Foundation's parser goes
        }

        mutating func object(path: [String]) throws -> String? {
            try enter()
            defer { depth -= 1 }
            i += 1
            var seen = Set<String>()
            var found: String?
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return nil }
            while true {
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw Malformed() }
                let key = try string()
                if found == nil, !seen.insert(key).inserted { found = (path + [key]).joined(separator: ".") }
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw Malformed() }
                i += 1
                let inner = try value(path: path + [key])
                if found == nil { found = inner }
                skipSpace()
                guard i < bytes.count else { throw Malformed() }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return found }
                throw Malformed()
            }
        }

        mutating func array(path: [String]) throws -> String? {
            try enter()
            defer { depth -= 1 }
            i += 1
            var found: String?
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return nil }
            while true {
                let inner = try value(path: path)
                if found == nil { found = inner }
                skipSpace()
                guard i < bytes.count else { throw Malformed() }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return found }
                throw Malformed()
            }
        }

        /// A string's decoded text (escapes resolved, surrogate pairs joined).
        mutating func string() throws -> String {
            i += 1
            var out = String.UnicodeScalarView()
            var raw: [UInt8] = []
            func flush() throws {
                guard !raw.isEmpty else { return }
                guard let s = String(validating: raw, as: UTF8.self) else { throw Malformed() }
                out.append(contentsOf: s.unicodeScalars)
                raw.removeAll(keepingCapacity: true)
            }
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") {
                    i += 1
                    try flush()
                    return String(out)
                }
                if b == UInt8(ascii: "\\") {
                    try flush()
                    i += 1
                    guard i < bytes.count else { throw Malformed() }
                    let e = bytes[i]
                    i += 1
                    switch e {
                    case UInt8(ascii: "\""): out.append("\"")
                    case UInt8(ascii: "\\"): out.append("\\")
                    case UInt8(ascii: "/"): out.append("/")
                    case UInt8(ascii: "b"): out.append("\u{8}")
                    case UInt8(ascii: "f"): out.append("\u{C}")
                    case UInt8(ascii: "n"): out.append("\n")
                    case UInt8(ascii: "r"): out.append("\r")
                    case UInt8(ascii: "t"): out.append("\t")
                    case UInt8(ascii: "u"):
                        var unit = try hex4()
                        if (0xD800...0xDBFF).contains(unit), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                            i += 2
                            let low = try hex4()
                            if (0xDC00...0xDFFF).contains(low) {
                                unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                out.append(Unicode.Scalar(0xFFFD)!)
                                unit = low
                            }
                        }
                        out.append(Unicode.Scalar(unit) ?? Unicode.Scalar(0xFFFD)!)
                    default: throw Malformed()
                    }
                    continue
                }
                raw.append(b)
                i += 1
            }
            throw Malformed()
        }

        mutating func hex4() throws -> UInt32 {
            guard i + 4 <= bytes.count else { throw Malformed() }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let b = bytes[i]
                let d: UInt32
                switch b {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
                default: throw Malformed()
                }
                v = v << 4 | d
                i += 1
            }
            return v
        }
    }
}
