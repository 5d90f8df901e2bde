import Foundation

/// Whether two guest records are likely the same person, so a host is told ("possible duplicate of …")
/// and a manager can merge them (`ReservationBook.mergeGuests`).
///
/// Likely: the same e-mail (case aside), or the same name (case and accents aside, as `customers.name_folded`
/// compares them) with phones that differ in a digit or two (a typo, a missed digit, two digits swapped) or
/// end in the same 7 digits (the same number with and without another country code). The same name with an
/// unrelated phone is not: two Ana Garcías are two guests.
public enum GuestDuplicates {
    public enum Reason: String, Sendable, Hashable, Codable {
        case email
        case nameAndPhone = "name_and_phone"

        public var phrase: String {
            switch self {
            case .email: "same e-mail"
            case .nameAndPhone: "same name, similar phone"
            }
        }
    }

    /// The name as the database folds it (`guest_fold`: lower case without accents), spaces trimmed.
    public static func fold(_ name: String) -> String {
        name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .lowercased().trimmingCharacters(in: .whitespaces)
    }

    /// Why `a` and `b` are likely one guest, or nil. Never for the same record or the anonymous placeholder.
    public static func reason(_ a: Customer, _ b: Customer) -> Reason? {
        guard a.id != b.id, !a.anonymous, !b.anonymous else { return nil }
        if let ea = a.email, let eb = b.email, !ea.isEmpty, ea.lowercased() == eb.lowercased() { return .email }
        if fold(a.name) == fold(b.name), similarPhones(a.phone, b.phone) { return .nameAndPhone }
        return nil
    }

    /// Two numbers a host could have typed for one guest: at most two digits apart (edit distance), or the
    /// same last 7 digits. Empty numbers are never similar.
    public static func similarPhones(_ a: String, _ b: String) -> Bool {
        let da = Array(a.filter(\.isNumber)), db = Array(b.filter(\.isNumber))
        guard da.count >= 7, db.count >= 7 else { return false }
        if da.suffix(7) == db.suffix(7) { return true }
        return editDistance(da, db, atMost: 2) <= 2
    }

    /// Levenshtein distance, stopping early once every path is over `atMost`.
    static func editDistance(_ a: [Character], _ b: [Character], atMost: Int) -> Int {
        if abs(a.count - b.count) > atMost { return atMost + 1 }
        var row = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var previous = row[0]
            row[0] = i + 1
            var best = row[0]
            for (j, cb) in b.enumerated() {
                let keep = row[j + 1]
                row[j + 1] = min(row[j + 1] + 1, row[j] + 1, previous + (ca == cb ? 0 : 1))
                previous = keep
                best = min(best, row[j + 1])
            }
            if best > atMost { return atMost + 1 }
        }
        return row[b.count]
    }

    /// For each guest in `guests`, the first other one there it likely duplicates (the booking form's match list).
    public static func within(_ guests: [Customer]) -> [CustomerID: Customer] {
        var out: [CustomerID: Customer] = [:]
        for g in guests {
            if let other = guests.first(where: { reason(g, $0) != nil }) { out[g.id] = other }
        }
        return out
    }
}

/// A likely duplicate pair, as `reservaflow guests duplicates` lists them and the guest pane shows one.
public struct GuestDuplicate: Sendable, Hashable {
    public var guest: Customer
    public var other: Customer
    public var reason: GuestDuplicates.Reason

    public init(guest: Customer, other: Customer, reason: GuestDuplicates.Reason) {
        self.guest = guest
        self.other = other
        self.reason = reason
    }
}

/// What a merge moved from the dropped guest to the kept one.
public struct GuestMerge: Sendable, Hashable {
    public var kept: CustomerID
    public var dropped: CustomerID
    public var reservations: Int
    public var waitlist: Int
    public var accountMoved: Bool
    /// Fields of the kept guest that were blank and were filled from the dropped one ("phone", "email", ...).
    public var filled: [String]
    /// The kept guest as they are now.
    public var guest: Customer

    public init(kept: CustomerID, dropped: CustomerID, reservations: Int, waitlist: Int, accountMoved: Bool, filled: [String], guest: Customer) {
        self.kept = kept
        self.dropped = dropped
        self.reservations = reservations
        self.waitlist = waitlist
        self.accountMoved = accountMoved
        self.filled = filled
        self.guest = guest
    }
}
