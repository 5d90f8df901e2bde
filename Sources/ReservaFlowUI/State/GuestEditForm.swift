import Foundation
import ReservationDomain

/// `E`: a guest's profile, every field a manager or host records (the core checks each as for a new guest).
/// VIP and the allergen flags are switches over the guest's tags; the tags field holds the others.
public struct GuestEditForm: Sendable, Hashable {
    public enum Field: Int, CaseIterable, Sendable, Hashable {
        case name, phone, email, allergies, allergens, tags, notes, vip, marketing, language

        public var label: String {
            switch self {
            case .name: "Name"
            case .phone: "Phone"
            case .email: "E-mail"
            case .allergies: "Allergies"
            case .allergens: "Allergens"
            case .tags: "Tags"
            case .notes: "Notes"
            case .vip: "VIP"
            case .marketing: "Marketing"
            case .language: "Language"
            }
        }

        /// The core's name for the field in its refusals (`ReservationError.invalid(field:)`).
        static func named(_ field: String) -> Field? {
            switch field {
            case "name": .name
            case "phone": .phone
            case "email": .email
            case "allergies": .allergies
            case "allergens": .allergens
            case "language": .language
            case "tags": .tags
            case "notes": .notes
            default: nil
            }
        }
    }

    public let guest: Customer
    public var name: TextField
    public var phone: TextField
    public var email: TextField
    public var allergies: TextField
    public var tags: TextField
    public var notes: TextField
    public var vip: Bool
    public var marketing: Bool
    public var allergens: Set<Allergen>
    /// The guest's mail language; nil: the venue's.
    public var language: String?
    /// The flag ←→ have reached on the allergens row; Space marks or clears it.
    public var allergenCursor = 0
    public var focus: Field = .allergies
    public var error: String? = nil
    public var submitting = false

    public init(guest: Customer) {
        self.guest = guest
        name = TextField(guest.name, maxLength: Fields.nameLength)
        phone = TextField(guest.phone, maxLength: 32)
        email = TextField(guest.email ?? "", maxLength: 254)
        allergies = TextField(guest.allergies, maxLength: GuestProfile.allergiesLength)
        tags = TextField(guest.typedTags.joined(separator: ", "), maxLength: 400)
        notes = TextField(guest.notes, maxLength: 500)
        vip = guest.isVIP
        marketing = guest.marketingConsent
        allergens = Set(guest.allergens)
        language = guest.language
    }

    public func text(_ f: Field) -> TextField? {
        switch f {
        case .name: name
        case .phone: phone
        case .email: email
        case .allergies: allergies
        case .tags: tags
        case .notes: notes
        case .allergens, .vip, .marketing, .language: nil
        }
    }

    mutating func apply(_ key: Key, to f: Field) {
        switch f {
        case .name: name.apply(key)
        case .phone: phone.apply(key)
        case .email: email.apply(key)
        case .allergies: allergies.apply(key)
        case .tags: tags.apply(key)
        case .notes: notes.apply(key)
        case .vip: vip.toggle()
        case .marketing: marketing.toggle()
        case .language:
            // The venue's, then each template language in turn.
            let choices: [String?] = [nil] + GuestProfile.languages
            language = choices[((choices.firstIndex(of: language) ?? 0) + (key == .left ? choices.count - 1 : 1)) % choices.count]
        case .allergens:
            let all = Allergen.allCases
            switch key {
            case .left: allergenCursor = (allergenCursor - 1 + all.count) % all.count
            case .right: allergenCursor = (allergenCursor + 1) % all.count
            case .char(" "):
                let a = all[allergenCursor]
                if allergens.contains(a) { allergens.remove(a) } else { allergens.insert(a) }
            default: break
            }
        }
    }

    /// Only what the host changed: a field left as it was is not sent (nor re-checked).
    public var update: GuestUpdate {
        var u = GuestUpdate()
        if name.text != guest.name { u.name = name.text }
        if phone.text != guest.phone { u.phone = phone.text }
        if email.text != (guest.email ?? "") { u.email = email.text }
        if allergies.text != guest.allergies { u.allergies = allergies.text }
        if notes.text != guest.notes { u.notes = notes.text }
        let typed = tags.text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if typed != guest.typedTags { u.setTypedTags(typed, current: guest.tags) }
        if vip != guest.isVIP { u.setVIP(vip, current: guest.tags) }
        if allergens != Set(guest.allergens) { u.setAllergens(allergens, current: guest.tags) }
        if marketing != guest.marketingConsent { u.marketingConsent = marketing }
        if language != guest.language { u.language = language ?? "" }
        return u
    }

    public var hasChanges: Bool { !update.isEmpty }
}

/// Whose history `d` shows: the selected booking's, or (from the guest pane) the guest's profile.
public enum HistorySubject: Sendable, Hashable {
    case booking(UUID)
    case guest(CustomerID)
}

/// `d`: a booking's or a guest's history, as the audit log has it; nil events while it loads.
public struct HistoryPanel: Sendable, Hashable {
    public var subject: HistorySubject
    public var title: String
    public var events: [HistoryEvent]?
    public var scroll = 0
    public init(_ subject: HistorySubject, title: String) {
        self.subject = subject
        self.title = title
    }
}
