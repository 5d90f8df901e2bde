import Foundation

/// Zero-padded decimals and hex, for text built on every booking and every query parameter.
/// `String(format:)` goes through Foundation's CFString formatter: a tenth of a booking's own CPU was spent
/// there (callgrind, `make bench`'s profile mode), for dates, times, timestamps and lease tokens.
public enum Digits {
    /// `n` in decimal, left-padded with zeros to `width` (a minus sign comes first).
    public static func padded(_ n: Int, _ width: Int) -> String {
        let digits = String(n.magnitude)
        let pad = digits.count < width ? String(repeating: "0", count: width - digits.count) : ""
        return (n < 0 ? "-" : "") + pad + digits
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Lower-case hex, two digits a byte.
    public static func hex(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(hexDigits[Int(b >> 4)])
            out.append(hexDigits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Seconds with six decimals (microseconds), as `String(format: "%.6f", seconds)` writes them.
    public static func seconds(_ t: Double) -> String {
        let micros = (t * 1_000_000).rounded()
        guard micros.magnitude < 9e15 else { return String(t) }
        let m = Int64(micros)
        let whole = m.magnitude / 1_000_000, frac = Int(m.magnitude % 1_000_000)
        return (m < 0 ? "-" : "") + String(whole) + "." + padded(frac, 6)
    }
}

extension UUID {
    /// The 8 characters screens, mails and the CLI show for a booking ("3f2a9c1e"); the CLI takes it back.
    public var shortReference: String { String(lowercasedString.prefix(8)) }

    /// `uuidString.lowercased()`, without Foundation's formatter (snprintf a byte) and a second pass: every
    /// reservation id sent to PostgreSQL, audited and put in a Message-ID goes through here.
    public var lowercasedString: String {
        let u = uuid
        let hex = Digits.hex([u.0, u.1, u.2, u.3, u.4, u.5, u.6, u.7, u.8, u.9, u.10, u.11, u.12, u.13, u.14, u.15])
        var out = ""
        out.reserveCapacity(36)
        for (i, c) in hex.enumerated() {
            if i == 8 || i == 12 || i == 16 || i == 20 { out.append("-") }
            out.append(c)
        }
        return out
    }
}
