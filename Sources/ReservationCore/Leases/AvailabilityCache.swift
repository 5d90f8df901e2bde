import Foundation
import ReservationDomain
import ReservationNative

/// Availability answers cached in Redis under the version of what they depend on (`availabilityVersion`),
/// which PostgreSQL bumps as part of committing any change availability depends on (migration 3).
///
/// An entry is also bounded by time: it is valid only until the next slot boundary passes or the next
/// pending hold in the day lapses, because either changes the answer without any write. So a cached
/// answer always equals the one computed fresh.
struct AvailabilityCache {
    static func entryKey(_ space: String, _ r: RestaurantID, version: String, date: LocalDate, party: Int) -> String {
        "rf:\(space):{\(r)}:avail:\(version):\(date):\(party)"
    }

    /// The entry and until when it holds.
    static func get(_ redis: RedisConnection, key: String, date: LocalDate, party: Int,
                    tables: [TableID: DiningTable], now: Date) throws(RedisError) -> (AvailabilityResult, Date)? {
        guard let text = try redis.command(["GET", key]).string else { return nil }
        return decodeEntry(text, date: date, party: party, tables: tables, now: now)
    }

    static func put(_ redis: RedisConnection, space: String, restaurant: RestaurantID, version: String, result: AvailabilityResult,
                    validUntil: Date, now: Date) throws(RedisError) {
        let ttl = Int(min(validUntil.timeIntervalSince(now), 60) * 1000)
        guard ttl > 50 else { return }
        _ = try redis.command(["SET", entryKey(space, restaurant, version: version, date: result.date, party: result.partySize),
                               encode(result, validUntil: validUntil), "PX", String(ttl)])
    }

    // Format: line 1 "validUntil turn"; then one line per slot: "minutes start service<TAB>id,id,...".
    static func encode(_ r: AvailabilityResult, validUntil: Date) -> String {
        // Built as bytes: appending a String per table id was a quarter of an uncached answer (callgrind).
        var out: [UInt8] = []
        out.reserveCapacity(32 + r.slots.reduce(0) { $0 + 40 + $1.service.utf8.count + 7 * $1.tables.count })
        out += "\(validUntil.timeIntervalSince1970) \(r.turnMinutes)".utf8
        for s in r.slots {
            out.append(0x0A)
            appendDecimal(&out, Int64(s.time.minutes))
            out.append(0x20)
            let t = s.start.timeIntervalSince1970
            if t == t.rounded(), t.magnitude < 1e15 { appendDecimal(&out, Int64(t)) } else { out += String(t).utf8 }
            out.append(0x20)
            out += s.service.utf8
            out.append(0x09)
            for i in s.tables.indices {
                if i > 0 { out.append(0x2C) }
                appendDecimal(&out, s.tables[i].id)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func appendDecimal(_ out: inout [UInt8], _ n: Int64) {
        if n < 0 { out.append(0x2D) }
        var v = n.magnitude
        var divisor: UInt64 = 1
        while divisor <= v / 10 { divisor *= 10 }
        while divisor > 0 {
            out.append(UInt8(v / divisor) + 0x30)
            v %= divisor
            divisor /= 10
        }
    }

    /// Reads an entry back. Parsed as bytes: splitting the text by Characters (grapheme clusters) cost a
    /// warm answer 3 million instructions at 60 tables (callgrind), ten times the two round trips around it.
    static func decode(_ text: String, date: LocalDate, party: Int, tables: [TableID: DiningTable], now: Date) -> AvailabilityResult? {
        decodeEntry(text, date: date, party: party, tables: tables, now: now)?.0
    }

    static func decodeEntry(_ text: String, date: LocalDate, party: Int, tables: [TableID: DiningTable],
                            now: Date) -> (AvailabilityResult, Date)? {
        var text = text
        return text.withUTF8 { bytes -> (AvailabilityResult, Date)? in
            var line = ByteReader(bytes: bytes)
            guard let valid = line.double(until: .space), let turn = line.int(until: .newline),
                  now.timeIntervalSince1970 < valid else { return nil }
            var slots: [Slot] = []
            slots.reserveCapacity(96)
            while !line.atEnd {
                guard let m = line.int(until: .space), let time = TimeOfDay(minutesSinceMidnight: m),
                      let start = line.double(until: .space), let service = line.string(until: .tab) else { return nil }
                var free: [DiningTable] = []
                free.reserveCapacity(line.fieldsLeftInLine(separator: .comma))
                if !line.endOfLine() {
                    repeat {
                        // A table that changed since (deleted, deactivated) invalidates the whole entry.
                        guard let id = line.int(until: .comma, orEndOfLine: true), let t = tables[Int64(id)], t.active else { return nil }
                        free.append(t)
                    } while !line.endedLine
                }
                slots.append(Slot(time: time, start: Date(timeIntervalSince1970: start), service: service, tables: free))
            }
            return (AvailabilityResult(date: date, partySize: party, turnMinutes: turn, slots: slots), Date(timeIntervalSince1970: valid))
        }
    }
}

/// Reads the fields of an entry out of its UTF-8 bytes, one line at a time: each read takes the bytes up to
/// its separator and steps past it; none reads past the end of its line.
private struct ByteReader {
    enum Separator: UInt8 { case space = 0x20, tab = 0x09, comma = 0x2C, newline = 0x0A }

    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0
    /// The last field read ended its line (at a newline, or at the end of the text).
    var endedLine = false

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool { at >= bytes.count }

    /// How many fields `separator` splits the rest of this line into (0 when it is empty).
    func fieldsLeftInLine(separator: Separator) -> Int {
        var i = at, n = 0
        while i < bytes.count, bytes[i] != Separator.newline.rawValue {
            if bytes[i] == separator.rawValue { n += 1 }
            i += 1
        }
        return i == at ? 0 : n + 1
    }

    /// At the end of a line (stepping past its newline)?
    mutating func endOfLine() -> Bool {
        if at >= bytes.count { return true }
        if bytes[at] == Separator.newline.rawValue {
            at += 1
            return true
        }
        return false
    }

    /// The bytes up to `separator` (or to the end of the line, when `orEndOfLine`), stepping past it; nil when
    /// the line ends first.
    private mutating func field(until separator: Separator, orEndOfLine: Bool = false) -> Range<Int>? {
        let from = at
        var i = at
        while i < bytes.count, bytes[i] != separator.rawValue, bytes[i] != Separator.newline.rawValue { i += 1 }
        let lineEnds = i >= bytes.count || bytes[i] == Separator.newline.rawValue
        guard !lineEnds || separator == .newline || orEndOfLine else { return nil }
        endedLine = lineEnds
        at = i + 1
        return from..<i
    }

    mutating func int(until separator: Separator, orEndOfLine: Bool = false) -> Int? {
        guard let r = field(until: separator, orEndOfLine: orEndOfLine), !r.isEmpty, r.count <= 18 else { return nil }
        var n = 0
        for i in r {
            let d = Int(bytes[i]) &- 48
            guard d >= 0 && d <= 9 else { return nil }
            n = n * 10 + d
        }
        return n
    }

    mutating func double(until separator: Separator) -> Double? {
        guard let r = field(until: separator), !r.isEmpty else { return nil }
        return Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self))
    }

    mutating func string(until separator: Separator) -> String? {
        guard let r = field(until: separator) else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self)
    }
}
