import Foundation

/// The fourteen allergens a restaurant in the EU must declare (Regulation (EU) 1169/2011, Annex II), as flags
/// a host marks on a guest besides the free text ("allergies"). Kept as tags `allergen:<name>` on the guest
/// record, so they travel as tags already do (a merge, an erasure, the audit log, the change feed) and the
/// database refuses a flag it does not know (migration 23).
public enum Allergen: String, CaseIterable, Sendable, Hashable, Comparable {
    case gluten, crustaceans, eggs, fish, peanuts, soy, milk, nuts, celery, mustard, sesame, sulphites, lupin, molluscs

    public static let tagPrefix = "allergen:"

    public var tag: String { Self.tagPrefix + rawValue }
    public var label: String { rawValue.capitalized }

    public static func < (a: Allergen, b: Allergen) -> Bool { a.order < b.order }
    private var order: Int { Self.allCases.firstIndex(of: self)! }

    static func isFlag(_ tag: String) -> Bool { tag.lowercased().hasPrefix(tagPrefix) }

    /// The flags among a guest's tags, in the regulation's order.
    public static func of(_ tags: [String]) -> [Allergen] {
        tags.compactMap { tag in isFlag(tag) ? Allergen(rawValue: String(tag.dropFirst(tagPrefix.count)).lowercased()) : nil }.sorted()
    }

    /// Flags by name as a script or a form sends them ("gluten", "Milk"); an unknown one refused with the list.
    public static func parse(_ names: [String]) throws(ReservationError) -> Set<Allergen> {
        var flags = Set<Allergen>()
        for name in names.map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            guard let a = Allergen(rawValue: name.lowercased()) else {
                throw .invalid(field: "allergens", message: "\"\(TextSanitizer.excerpt(name))\" is not one of the allergens: \(allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            flags.insert(a)
        }
        return flags
    }

    /// A tag that claims to be a flag but names no allergen: refused with the list.
    static func check(_ tag: String) throws(ReservationError) {
        guard isFlag(tag), of([tag]).isEmpty else { return }
        throw .invalid(field: "allergens", message: "\"\(TextSanitizer.excerpt(tag))\" is not one of the allergens: \(allCases.map(\.rawValue).joined(separator: ", ")).")
    }
}

extension Customer {
    public var allergens: [Allergen] { Allergen.of(tags) }

    /// What ⚠ stands for: the flags, then the free text; empty when nothing is recorded.
    public var allergyText: String {
        (allergens.map(\.label) + (allergies.isEmpty ? [] : [allergies])).joined(separator: "; ")
    }

    /// Tags a host types, without the marks the podium sets itself (VIP, allergen flags).
    public var typedTags: [String] {
        tags.filter { $0.caseInsensitiveCompare(GuestUpdate.vipTag) != .orderedSame && !Allergen.isFlag($0) }
    }
}

extension GuestUpdate {
    /// The tags a host typed, replacing theirs; the podium's marks (VIP, allergen flags) kept as they are.
    public mutating func setTypedTags(_ typed: [String], current: [String]) {
        let marks = (tags ?? current).filter { Allergen.isFlag($0) || $0.caseInsensitiveCompare(Self.vipTag) == .orderedSame }
        tags = marks + typed
    }

    /// The allergen flags set on the tags this update gives, else the guest's; the other tags kept.
    public mutating func setAllergens(_ flags: Set<Allergen>, current: [String]) {
        let others = (tags ?? current).filter { !Allergen.isFlag($0) }
        tags = others + flags.sorted().map(\.tag)
    }
}
