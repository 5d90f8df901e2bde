import Foundation

/// One change in a booking's history: when (the database's clock), who (a staff member, a terminal's
/// account for raw SQL, a guest online, the daemon), what the change was declared as, and what it changed.
public struct HistoryEvent: Sendable, Hashable {
    public var at: Date
    public var actor: String
    public var action: String
    /// Readable changes ("T4 → T7", "20:00 → 20:30", "confirmed → cancelled"); for the booking itself, what it was.
    public var changes: [String]

    public init(at: Date, actor: String, action: String, changes: [String]) {
        self.at = at
        self.actor = actor
        self.action = action
        self.changes = changes
    }
}

/// A booking's rows as the audit log keeps them (before and after each change, as JSON), read back as
/// what a manager asks: which table, which time, how many, which status. Pure: the tests feed it rows.
public enum BookingHistory {
    public typealias Row = [String: JSONValue]

    /// What changed from `before` to `after` (nil before: the booking made; nil after: withdrawn).
    public static func changes(before: Row?, after: Row?, tables: [TableID: String], clock: ZonedClock) -> [String] {
        guard let after else { return ["withdrawn (the seating was taken back)"] }
        guard let before else { return [summary(after, tables: tables, clock: clock)] }
        var out: [String] = []
        func changed(_ key: String) -> Bool { before[key] != after[key] }
        if changed("status"), let a = text(before["status"]), let b = text(after["status"]) { out.append("\(label(a)) → \(label(b))") }
        if changed("table_id") || changed("joined_table_ids") {
            out.append("\(seat(before, tables)) → \(seat(after, tables))")
        }
        if changed("starts_at") || changed("ends_at") {
            let otherDay = day(before, clock) != day(after, clock)
            out.append("\(span(before, clock, withDay: otherDay)) → \(span(after, clock, withDay: otherDay))")
        }
        if changed("party_size"), let a = number(before["party_size"]), let b = number(after["party_size"]) { out.append("×\(a) → ×\(b)") }
        if changed("arrival"), let a = text(after["arrival"]) { out.append("arrival: \(a == "none" ? "not arrived" : a)") }
        if changed("notes") { out.append("notes: \"\(TextSanitizer.excerpt(text(after["notes"]) ?? "", max: 60))\"") }
        if changed("expires_at"), let e = instant(after["expires_at"]) { out.append("hold until \(clock.hhmm(e))") }
        return out
    }

    /// "T4 · Fri 18 Dec 20:00-21:30 · ×2 · confirmed"
    static func summary(_ row: Row, tables: [TableID: String], clock: ZonedClock) -> String {
        [seat(row, tables), span(row, clock, withDay: true), number(row["party_size"]).map { "×\($0)" } ?? "",
         text(row["status"]).map(label) ?? ""].filter { !$0.isEmpty }.joined(separator: " · ")
    }

    private static func seat(_ row: Row, _ tables: [TableID: String]) -> String {
        var ids: [Int64] = number(row["table_id"]).map { [$0] } ?? []
        if case .array(let joined)? = row["joined_table_ids"] { ids += joined.compactMap(number) }
        return ids.map { tables[$0] ?? "table \($0)" }.joined(separator: "+")
    }

    private static func span(_ row: Row, _ clock: ZonedClock, withDay: Bool) -> String {
        guard let s = instant(row["starts_at"]) else { return "?" }
        let e = instant(row["ends_at"]).map { "-" + clock.hhmm($0) } ?? ""
        return (withDay ? DateInput.short(clock.localDate(of: s)) + " " : "") + clock.hhmm(s) + e
    }

    private static func day(_ row: Row, _ clock: ZonedClock) -> LocalDate? { instant(row["starts_at"]).map(clock.localDate) }

    private static func label(_ status: String) -> String { ReservationStatus(rawValue: status)?.label ?? status }

    private static func text(_ v: JSONValue?) -> String? { if case .string(let s)? = v { s } else { nil } }

    private static func number(_ v: JSONValue?) -> Int64? { if case .int(let i)? = v { i } else { nil } }

    /// PostgreSQL's JSON timestamps ("2026-12-06T20:00:00+00:00", with or without fractions of a second).
    static func instant(_ v: JSONValue?) -> Date? { text(v).flatMap(ISOTime.parse) }
}
