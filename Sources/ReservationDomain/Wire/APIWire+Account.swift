import Foundation

/// The answers of a guest's own account (GET/PATCH /api/auth/me/, its sessions, links and resets).
extension APIWire {
    public struct Me: Encodable, Sendable {
        public var id: Int64
        public var email: String
        public var email_verified: Bool
        public var first_name: String
        public var last_name: String
        public var phone: String
        public var language: String
        public var marketing_consent: Bool
        public var created_at: String

        public init(_ a: GuestAccount) {
            id = a.id
            email = a.email
            email_verified = a.verifiedAt != nil
            first_name = a.firstName
            last_name = a.lastName
            phone = a.phone
            language = a.language
            marketing_consent = a.marketingConsent
            created_at = ISOTime.utc(a.createdAt)
        }
    }

    public struct Session: Encodable, Sendable {
        public var id: String
        public var signed_in_at: String
        public var last_used_at: String
        public var expires_at: String
        public var current: Bool

        public init(id: UUID, signedInAt: Date, lastUsedAt: Date, expiresAt: Date, current: Bool) {
            self.id = id.lowercasedString
            signed_in_at = ISOTime.utc(signedInAt)
            last_used_at = ISOTime.utc(lastUsedAt)
            expires_at = ISOTime.utc(expiresAt)
            self.current = current
        }
    }

    /// An answer that is only words: "done", or "if that address is an account's, a mail is on its way".
    public struct Detail: Encodable, Sendable {
        public var detail: String

        public init(_ detail: String) { self.detail = detail }
    }
}
