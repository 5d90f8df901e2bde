import Foundation
import ReservationDomain
import ReservationNative

/// What an account link is for: proving the address, or setting a new password.
public enum AccountLinkPurpose: String, Sendable, Hashable, CaseIterable {
    case verify, reset

    /// A verification link waits for a guest who reads mail tomorrow; a reset link is a key to the
    /// account, so it lapses soon.
    public var lifetime: TimeInterval { self == .verify ? 48 * 3600 : 30 * 60 }
}

/// The limits on asking for account links, counted in the database so every API instance shares them.
public enum AccountLinkLimits {
    /// A new verification mail at most once a minute, and five a day, per account.
    public static let resendGap: TimeInterval = 60
    public static let verifyPerDay = 5
    /// Reset mails per account an hour; past it the answer stays the same and no mail goes.
    public static let resetsPerHour = 3
}

/// The link in a verification or reset mail: `<public URL>/api/auth/verify/?token=<id>.<mac>` (or
/// `.../password/reset/confirm/?token=`), the MAC of (purpose, link row, account) under LINK_SECRET. Only
/// the row is stored (migration 30): the token is computed by the daemon when it writes the mail and by the
/// API when it checks a click, so a copy of the database holds no usable link.
public enum AccountLink {
    public static func token(secret: String, purpose: AccountLinkPurpose, id: Int64, account: GuestAccountID) -> String {
        "\(id).\(SecretDigest.mac(key: secret, "account:\(purpose.rawValue):\(id):\(account)"))"
    }

    public static func url(_ links: ConfirmLink, purpose: AccountLinkPurpose, id: Int64, account: GuestAccountID) -> String {
        let path = purpose == .verify ? "/api/auth/verify/" : "/api/auth/password/reset/confirm/"
        return "\(links.publicURL)\(path)?token=\(token(secret: links.secret, purpose: purpose, id: id, account: account))"
    }

    /// The link row a token names; nil when it cannot be one of ours.
    static func rowID(_ token: String) -> Int64? {
        guard let dot = token.firstIndex(of: "."), let id = Int64(token[..<dot]), id > 0 else { return nil }
        return id
    }
}

extension ReservationError {
    /// A link that is not one of ours, or not whole: the same words whether the row exists or not.
    static let invalidLink = ReservationError.invalid(
        field: "token", message: "This link is not valid. Open the whole link from the e-mail, or ask for a new one.")
}

extension ReservationBook {
    /// Queues a link and its mail, in the caller's transaction; the daemon writes and sends it.
    func queueLink(_ purpose: AccountLinkPurpose, for account: GuestAccount) throws {
        let at = now()
        let link = try inserted("the account link", """
            INSERT INTO account_links (account_id, purpose, expires_at, created_at)
            VALUES ($1, $2, to_timestamp($3::float8), to_timestamp($4::float8)) RETURNING id
            """, [account.id, purpose.rawValue, at.addingTimeInterval(purpose.lifetime), at]).int64("id")
        try db.query("""
            INSERT INTO account_mails (account_id, link_id, kind, recipient, first_name, language, message_id, scheduled_for, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, to_timestamp($8::float8), to_timestamp($8::float8))
            """, [account.id, link, purpose.rawValue, account.email, account.firstName, account.language, Self.accountMessageID(), at])
    }

    static func accountMessageID() -> String { "<\(UUID().lowercasedString).account@reservaflow>" }

    /// The link a token names, locked for the caller's transaction: the MAC checked against the row, then
    /// its purpose, use and lifetime (by this book's clock). `used` is left to the caller: a verification
    /// clicked twice is done, a reset link used twice is refused.
    /// `lock: false` reads it without a transaction of its own (a link already used needs no write).
    func lockedLink(_ token: String, purpose: AccountLinkPurpose, secret: String, lock: Bool = true) throws -> (id: Int64, account: GuestAccountID, used: Bool) {
        guard let id = AccountLink.rowID(token), let row = try db.queryOne(lock ? """
            SELECT account_id, extract(epoch FROM expires_at) AS e, used_at IS NOT NULL AS used
            FROM account_links WHERE id = $1 AND purpose = $2 FOR UPDATE
            """ : """
            SELECT account_id, extract(epoch FROM expires_at) AS e, used_at IS NOT NULL AS used
            FROM account_links WHERE id = $1 AND purpose = $2
            """, [id, purpose.rawValue])
        else { throw ReservationError.invalidLink }
        let account = try row.int64("account_id")
        guard SecretDigest.equal(AccountLink.token(secret: secret, purpose: purpose, id: id, account: account), token) else {
            throw ReservationError.invalidLink
        }
        let used = try row.bool("used")
        if !used, try row.date("e") <= now() {
            throw ReservationError.invalid(field: "token", message: "This link has expired. Ask for a new one.")
        }
        return (id, account, used)
    }
}
