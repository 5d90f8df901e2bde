import Foundation
import ReservationDomain
import ReservationNative

/// What a guest may change about themselves (PATCH /api/auth/me/); nil leaves a field as it is.
public struct GuestProfileChange: Hashable, Sendable {
    public var firstName: String?
    public var lastName: String?
    public var phone: String?
    public var language: String?
    public var marketingConsent: Bool?
    public var countryCode = Restaurant.defaultPhoneCountryCode

    public init(firstName: String? = nil, lastName: String? = nil, phone: String? = nil, language: String? = nil,
                marketingConsent: Bool? = nil) {
        self.firstName = firstName
        self.lastName = lastName
        self.phone = phone
        self.language = language
        self.marketingConsent = marketingConsent
    }
}

/// A signed-in device: one token family (a sign-in and the refreshes since).
public struct GuestSession: Hashable, Sendable {
    public var id: UUID
    public var signedInAt: Date
    public var lastUsedAt: Date
    public var expiresAt: Date
}

extension ReservationBook {
    /// Changes the guest's profile, and their guest record at every venue with it. A phone number on
    /// file for another guest (an account or a venue's record) is refused without saying whose: taking
    /// it over would show that guest's bookings to whoever typed it.
    public func updateProfile(_ account: GuestAccount, _ change: GuestProfileChange) throws(ReservationError) -> GuestAccount {
        var next = account
        if let v = change.firstName { next.firstName = try Fields.text(v, field: "first_name", max: 50, required: true) }
        if let v = change.lastName { next.lastName = try Fields.text(v, field: "last_name", max: 50) }
        if let v = change.phone { next.phone = try PhoneNumber.normalize(v, countryCode: change.countryCode).get() }
        if let v = change.language { next.language = try Self.mailLanguage(v) }
        if let v = change.marketingConsent { next.marketingConsent = v }
        try write {
            if next.phone != account.phone, try db.queryOne("""
                SELECT 1 AS one WHERE EXISTS (SELECT 1 FROM customers WHERE phone = $1 AND account_id IS DISTINCT FROM $2)
                                   OR EXISTS (SELECT 1 FROM guest_accounts WHERE phone = $1 AND id <> $2)
                """, [next.phone, account.id]) != nil {
                throw ReservationError.invalid(field: "phone", message: "This number is on file for another guest. Use your own number, or ask the restaurant to correct its record.")
            }
            try declare(account.actor, restaurant: nil, action: .guestProfile)
            try db.query("""
                UPDATE guest_accounts SET first_name = $2, last_name = $3, phone = $4, language = $5, marketing_consent = $6 WHERE id = $1
                """, [account.id, next.firstName, next.lastName, next.phone, next.language, next.marketingConsent])
            try db.query("UPDATE customers SET name = $2, phone = $3, marketing_consent = $4, language = $5 WHERE account_id = $1",
                         [account.id, String(next.displayName.prefix(100)), next.phone, next.marketingConsent, next.language])
        }
        return try guestAccount(id: account.id)
    }

    /// The guest's signed-in devices: every token family with a refresh token still usable, newest first.
    public func sessions(of account: GuestAccountID) throws(ReservationError) -> [GuestSession] {
        try read {
            try db.query("""
                SELECT family, extract(epoch FROM min(created_at)) AS started, extract(epoch FROM max(created_at)) AS used,
                       extract(epoch FROM max(expires_at) FILTER (WHERE kind = 'refresh' AND revoked_at IS NULL)) AS expires
                FROM api_tokens WHERE account_id = $1
                GROUP BY family
                HAVING bool_or(kind = 'refresh' AND revoked_at IS NULL AND expires_at > to_timestamp($2::float8))
                ORDER BY used DESC
                """, [account, now()]).map { row in
                    GuestSession(id: try row.uuid("family"), signedInAt: try row.date("started"), lastUsedAt: try row.date("used"),
                                 expiresAt: try row.date("expires"))
                }
        }
    }

    /// The family an access token belongs to (the session making the request).
    public func sessionID(ofAccessToken token: String) throws(ReservationError) -> UUID? {
        try read { try db.queryOne("SELECT family FROM api_tokens WHERE token_hash = $1", [SecretDigest.hash(token)])?.uuid("family") }
    }

    /// Ends one of the guest's sessions; false when it is not theirs or already ended.
    public func endSession(_ id: UUID, of account: GuestAccountID) throws(ReservationError) -> Bool {
        try write {
            !(try db.query("""
                UPDATE api_tokens SET revoked_at = to_timestamp($3::float8)
                WHERE account_id = $1 AND family = $2 AND revoked_at IS NULL RETURNING id
                """, [account, id, now()])).isEmpty
        }
    }
}
