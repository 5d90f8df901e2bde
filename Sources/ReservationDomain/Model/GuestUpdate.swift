import Foundation

/// What a host or manager changes on a guest's profile; nil leaves a field as it is, an empty text clears
/// it (a phone, an e-mail, notes, allergies). Validated as a new guest's details are (`GuestProfile.validate`).
public struct GuestUpdate: Sendable, Hashable {
    public var name: String?
    public var phone: String?
    public var email: String?
    public var notes: String?
    public var allergies: String?
    public var tags: [String]?
    public var marketingConsent: Bool?
    /// "es" or "en"; "" back to the venue's language.
    public var language: String?

    public init(name: String? = nil, phone: String? = nil, email: String? = nil, notes: String? = nil, allergies: String? = nil,
                tags: [String]? = nil, marketingConsent: Bool? = nil, language: String? = nil) {
        self.language = language
        self.name = name
        self.phone = phone
        self.email = email
        self.notes = notes
        self.allergies = allergies
        self.tags = tags
        self.marketingConsent = marketingConsent
    }

    public var isEmpty: Bool { self == GuestUpdate() }

    /// VIP is a tag (the podium marks it): set or cleared on the tags this update gives, else the guest's.
    public mutating func setVIP(_ vip: Bool, current: [String]) {
        let others = (tags ?? current).filter { $0.caseInsensitiveCompare(Self.vipTag) != .orderedSame }
        tags = vip ? [Self.vipTag] + others : others
    }

    public static let vipTag = "VIP"
}

/// The rules a guest's profile keeps, the same for a new guest and an edited one, and the database's
/// constraints behind them (migration 1: lengths, the phone's E.164 form, the e-mail's shape).
public enum GuestProfile {
    public static let allergiesLength = 300
    /// The languages the mail templates are written in (templates/mail/<language>).
    public static let languages = ["es", "en"]
    public static let maxTags = 20
    public static let tagLength = 30

    /// `update` applied to `guest`, every field checked; throws the first field that does not hold, by name.
    public static func validate(_ update: GuestUpdate, onto guest: Customer, countryCode: String) throws(ReservationError) -> Customer {
        var g = guest
        if let name = update.name { g.name = try Fields.name(name) }
        if let phone = update.phone {
            let trimmed = phone.trimmingCharacters(in: .whitespaces)
            g.phone = trimmed.isEmpty ? "" : try PhoneNumber.normalize(trimmed, countryCode: countryCode).get()
        }
        if let email = update.email {
            let trimmed = email.trimmingCharacters(in: .whitespaces)
            g.email = trimmed.isEmpty ? nil : try EmailAddress.validate(trimmed).get()
        }
        if let notes = update.notes { g.notes = try Fields.notes(notes) }
        if let allergies = update.allergies { g.allergies = try Fields.text(allergies, field: "allergies", max: allergiesLength) }
        if let tags = update.tags {
            var seen: [String] = []
            for raw in tags {
                let tag = try Fields.text(raw, field: "tags", max: tagLength)
                try Allergen.check(tag)
                guard !tag.isEmpty, !seen.contains(where: { $0.caseInsensitiveCompare(tag) == .orderedSame }) else { continue }
                seen.append(tag)
            }
            // The podium's own marks (allergen flags, VIP) do not count against the tags a host types.
            let typed = seen.filter { !Allergen.isFlag($0) && $0.caseInsensitiveCompare(GuestUpdate.vipTag) != .orderedSame }.count
            guard typed <= maxTags else {
                throw .invalid(field: "tags", message: "A guest has at most \(maxTags) tags, not \(typed).")
            }
            g.tags = seen
        }
        if let consent = update.marketingConsent { g.marketingConsent = consent }
        if let language = update.language {
            let l = language.trimmingCharacters(in: .whitespaces).lowercased()
            guard l.isEmpty || languages.contains(l) else {
                throw .invalid(field: "language", message: "The language of the guest's mails is es or en (empty: the venue's), not \"\(TextSanitizer.excerpt(language))\".")
            }
            g.language = l.isEmpty ? nil : l
        }
        return g
    }
}
