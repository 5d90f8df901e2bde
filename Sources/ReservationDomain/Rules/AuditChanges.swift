import Foundation

/// A row change of any audited table in words, for the audit log's listing: each changed column as
/// "column: before → after". (A booking's own history reads its rows as a host does: `BookingHistory`.)
public enum AuditChanges {
    /// Columns every row has that say nothing a manager asks about.
    static let quiet: Set<String> = ["id", "restaurant_id", "created_at", "updated_at", "search_name", "normalized_name"]

    public static func changes(before: BookingHistory.Row?, after: BookingHistory.Row?) -> [String] {
        switch (before, after) {
        case (nil, nil): return []
        case (nil, let a?): return ["created: " + fields(a)]
        case (let b?, nil): return ["removed: " + fields(b)]
        case (let b?, let a?):
            return Set(b.keys).union(a.keys).subtracting(quiet).sorted().compactMap { key in
                b[key] == a[key] ? nil : "\(key): \(show(b[key])) → \(show(a[key]))"
            }
        }
    }

    /// The columns of a guest's record that are their profile; the rest (visits, last visit, counters) is
    /// bookkeeping every booking touches, and would bury the profile's changes.
    static let profile: Set<String> = ["name", "phone", "email", "notes", "allergies", "tags", "marketing_consent", "erased_at", "account_id"]

    /// A guest record's change as its profile history shows it: profile columns only; [] when none changed.
    public static func profileChanges(before: BookingHistory.Row?, after: BookingHistory.Row?) -> [String] {
        let keep = { (row: BookingHistory.Row?) in row?.filter { profile.contains($0.key) } }
        return changes(before: keep(before), after: keep(after))
    }

    /// An event's note (an import's counts, a merge's two guests) in words.
    public static func note(_ row: BookingHistory.Row?) -> [String] {
        guard let row else { return [] }
        let text = fields(row)
        return text.isEmpty ? [] : [text]
    }

    /// "name \"Ana\", phone \"+34…\"": the row's columns that say something, in name order.
    private static func fields(_ row: BookingHistory.Row) -> String {
        row.keys.filter { !quiet.contains($0) && row[$0] != .null }.sorted().map { "\($0) \(show(row[$0]))" }.joined(separator: ", ")
    }

    static func show(_ v: JSONValue?) -> String {
        switch v {
        case nil, .null?: return "—"
        case .bool(let b)?: return b ? "yes" : "no"
        case .int(let i)?: return String(i)
        case .double(let d)?: return String(d)
        case .string(let s)?: return "\"\(TextSanitizer.excerpt(s, max: 40))\""
        case .array(let items)?: return "[" + items.map { show($0) }.joined(separator: ", ") + "]"
        case .object?: return "{…}"
        }
    }
}
