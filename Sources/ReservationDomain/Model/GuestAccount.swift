import Foundation

public typealias GuestAccountID = Int64

/// A guest who registered online (the original's Customer). Each venue keeps its own guest record for
/// them (`Customer`, linked by account), created at their first booking there.
public struct GuestAccount: Hashable, Sendable {
    public var id: GuestAccountID
    public var email: String
    public var firstName: String
    public var lastName: String
    /// E.164.
    public var phone: String
    public var createdAt: Date
    /// When the guest followed the link mailed to the address (nil: not yet; see docs/api.md for what an
    /// unverified guest may do).
    public var verifiedAt: Date?
    /// The language of the account's own mails ("es" or "en").
    public var language: String
    public var marketingConsent: Bool

    public var displayName: String { lastName.isEmpty ? firstName : "\(firstName) \(lastName)" }

    /// How audit rows name an online guest: by account number, not by personal data.
    public var actor: Actor { Actor(staffID: nil, name: "guest:\(id)", role: .host, venues: nil) }

    public init(id: GuestAccountID, email: String, firstName: String, lastName: String, phone: String, createdAt: Date,
                verifiedAt: Date? = nil, language: String = "es", marketingConsent: Bool = false) {
        self.verifiedAt = verifiedAt
        self.language = language
        self.marketingConsent = marketingConsent
        self.id = id
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.phone = phone
        self.createdAt = createdAt
    }
}

/// What a guest types to register; the core validates it.
public struct GuestRegistration: Hashable, Sendable {
    public var email: String
    public var password: String
    public var firstName: String
    public var lastName: String
    public var phone: String
    /// Phone numbers without a country code are read in this one (the original served Spain).
    public var countryCode: String
    /// The language of the account's mails; nil: Spanish, the original's.
    public var language: String? = nil

    public init(email: String, password: String, firstName: String, lastName: String, phone: String, countryCode: String = Restaurant.defaultPhoneCountryCode) {
        self.email = email
        self.password = password
        self.firstName = firstName
        self.lastName = lastName
        self.phone = phone
        self.countryCode = countryCode
    }
}

/// Who a bearer token speaks for.
public enum Principal: Hashable, Sendable {
    case guest(GuestAccount)
    case staff(StaffMember)

    /// The key idempotency records and rate limits are kept under.
    public var key: String {
        switch self {
        case .guest(let g): "guest:\(g.id)"
        case .staff(let s): "staff:\(s.id)"
        }
    }

    public var actor: Actor {
        switch self {
        case .guest(let g): g.actor
        case .staff(let s): Actor(staff: s)
        }
    }
}

/// An access token (minutes) and the refresh token that renews it (days), as handed out once.
public struct TokenPair: Hashable, Sendable {
    public var access: String
    public var refresh: String
    public var accessExpiresAt: Date
    public var refreshExpiresAt: Date

    public init(access: String, refresh: String, accessExpiresAt: Date, refreshExpiresAt: Date) {
        self.access = access
        self.refresh = refresh
        self.accessExpiresAt = accessExpiresAt
        self.refreshExpiresAt = refreshExpiresAt
    }
}

/// How long tokens live. Access tokens are short so a stolen one is soon useless; both can be revoked.
public struct TokenLifetimes: Hashable, Sendable {
    public var access: TimeInterval
    public var refresh: TimeInterval
    public init(access: TimeInterval = 15 * 60, refresh: TimeInterval = 14 * 86_400) {
        self.access = access
        self.refresh = refresh
    }
}

/// What a registration did. The API answers both alike (see `answer`): only the address's owner, by mail,
/// learns that somebody tried it again.
public enum RegistrationOutcome: Hashable, Sendable {
    case created(GuestAccount)
    /// The address has an account; `answer` is what a new account would have looked like, so the reply
    /// cannot tell the two apart. No account has its id.
    case addressTaken(answer: GuestAccount)

    public var answer: GuestAccount {
        switch self {
        case .created(let account), .addressTaken(answer: let account): account
        }
    }
}
