import Foundation
import ReservationDomain
import ReservationNative

/// What asking for a verification mail did.
public enum VerificationRequest: Hashable, Sendable {
    case queued
    case alreadyVerified
    /// Asked too soon or too often: again in this many seconds.
    case throttled(retryAfter: Int)
}

/// A guest proving their address, and getting back into an account whose password they lost (issue 24).
extension ReservationBook {
    /// The languages there are mail templates for; another is a field to correct.
    static func mailLanguage(_ raw: String) throws(ReservationError) -> String {
        let language = raw.trimmingCharacters(in: .whitespaces).lowercased()
        guard ["es", "en"].contains(language) else {
            throw .invalid(field: "language", message: "Choose \"es\" (Spanish) or \"en\" (English).")
        }
        return language
    }

    /// A new verification mail for a signed-in guest, at most once a minute and five times a day.
    public func resendVerification(for account: GuestAccount) throws(ReservationError) -> VerificationRequest {
        let at = now()
        return try write { () throws -> VerificationRequest in
            // The account's row locked: two resends at once are counted one after the other.
            guard let acct = try db.queryOne("SELECT \(Self.guestColumns) FROM guest_accounts g WHERE g.id = $1 FOR NO KEY UPDATE",
                                             [account.id])?.guestAccount
            else { throw ReservationError.notFound(.guestAccount, id: String(account.id)) }
            if acct.verifiedAt != nil { return .alreadyVerified }
            let row = try db.queryOne("""
                SELECT extract(epoch FROM max(created_at)) AS last,
                       count(*) FILTER (WHERE created_at > to_timestamp($2::float8) - interval '1 day') AS today
                FROM account_links WHERE account_id = $1 AND purpose = 'verify'
                """, [acct.id, at])
            if let last = try row?.optionalDate("last"), at.timeIntervalSince(last) < AccountLinkLimits.resendGap {
                return .throttled(retryAfter: max(1, Int((AccountLinkLimits.resendGap - at.timeIntervalSince(last)).rounded(.up))))
            }
            if try row?.int("today") ?? 0 >= AccountLinkLimits.verifyPerDay { return .throttled(retryAfter: 3600) }
            try queueLink(.verify, for: acct)
            return .queued
        }
    }

    /// Follows a verification link: the address is the guest's, and the tables they are holding are
    /// confirmed (until now no mail with a confirm link went to the unproven address: migration 30's
    /// trigger). A link clicked again once it worked (a mail scanner, a second tab) is success, not an error.
    /// Each hold is confirmed in a transaction of its own after the verification's, as a host or a hold's
    /// link confirms it: confirming several in one transaction took their tables in start order, and two
    /// guests verifying at once deadlocked (`make bench` found it). A hold that lapsed meanwhile, or cannot
    /// be confirmed, stays as it is; the address is verified all the same.
    public func verifyEmail(token: String, secret: String) throws(ReservationError) -> GuestAccount {
        let at = now()
        // Clicked again (a second tab, a mail scanner's GET): one read, no transaction, no lock to queue on.
        let seen = try read { try lockedLink(token, purpose: .verify, secret: secret, lock: false) }
        if seen.used { return try guestAccount(id: seen.account) }
        let guest = Actor(staffID: nil, name: "guest:\(seen.account)", role: .host, venues: nil)
        let holds = try write { () throws -> [UUID] in
            let link = try lockedLink(token, purpose: .verify, secret: secret)
            try declare(guest, restaurant: nil, action: .guestVerify)
            try db.query("UPDATE guest_accounts SET verified_at = coalesce(verified_at, to_timestamp($2::float8)) WHERE id = $1",
                         [link.account, at])
            try db.query("UPDATE account_links SET used_at = to_timestamp($2::float8) WHERE account_id = $1 AND purpose = 'verify' AND used_at IS NULL",
                         [link.account, at])
            return try db.query("""
                SELECT x.id FROM reservations x JOIN customers c ON c.restaurant_id = x.restaurant_id AND c.id = x.customer_id
                WHERE c.account_id = $1 AND x.status = 'pending' AND x.expires_at > to_timestamp($2::float8) ORDER BY x.starts_at, x.id
                """, [link.account, at]).map { try $0.uuid("id") }
        }
        for hold in holds {
            do { try write { try transition(hold, to: .confirmed, actor: guest) } } catch {
                // Lapsed, or taken back by a host meanwhile: the hold is as the book has it.
                if case .databaseUnavailable = error { throw error }
            }
        }
        return try guestAccount(id: seen.account)
    }

    /// Asks for a reset link. The same answer, and the same work, whether the address is an account's or
    /// not: one row recorded (the account it names, or none) and the daemon woken; the daemon makes the link
    /// and its mail (`issueResetLinks`), so no request's timing depends on the address.
    public func requestPasswordReset(email raw: String) throws(ReservationError) {
        let email = raw.trimmingCharacters(in: .whitespaces).lowercased()
        guard case .success = EmailAddress.validate(email) else {
            throw .invalid(field: "email", message: "Enter the e-mail address you registered with (name@example.com).")
        }
        try write {
            try db.query("""
                INSERT INTO link_requests (email_digest, purpose, at, account_id)
                SELECT $1, 'reset', to_timestamp($2::float8), (SELECT id FROM guest_accounts WHERE email = $3)
                """, [SecretDigest.hash(email), now(), email])
        }
    }

    /// The daemon's half of a reset request: for each waiting request that names an account, a link and
    /// its mail, at most `AccountLinkLimits.resetsPerHour` an hour per account (as the owner: the daemon's
    /// role reads no guest account). Returns how many links it made.
    @discardableResult
    public func issueResetLinks(batch: Int = 100) throws(ReservationError) -> Int {
        try write {
            try db.queryOne("SELECT reservaflow_issue_reset_links(to_timestamp($1::float8), $2, $3, $4) AS n",
                            [now(), Int(AccountLinkPurpose.reset.lifetime), AccountLinkLimits.resetsPerHour, batch])?.int("n") ?? 0
        }
    }

    /// Sets a new password from a reset link: the link checked, the password held to the policy and hashed
    /// before anything is spent (a weak password costs the guest nothing), then in one transaction the
    /// hash written, every reset link spent, every token revoked and the "password changed" mail queued
    /// (`reservaflow_set_guest_password`). Following the link proves the address too.
    public func resetPassword(token: String, secret: String, newPassword: String) throws(ReservationError) {
        let account = try write { try lockedLink(token, purpose: .reset, secret: secret) }
        if account.used { throw .invalid(field: "token", message: "This link was already used. Ask for a new one if you need it.") }
        let hash = try policyHash(newPassword, account: account.account, field: "password")
        try write {
            let link = try lockedLink(token, purpose: .reset, secret: secret)
            if link.used { throw ReservationError.invalid(field: "token", message: "This link was already used. Ask for a new one if you need it.") }
            try setPassword(link.account, hash: hash, link: link.id)
        }
    }

    /// A signed-in guest changes their password: the current one first (counted and locked out as
    /// sign-ins are), then as a reset does, every session ended. The caller signs the guest in again.
    public func changePassword(_ account: GuestAccount, current: String, new: String) throws(ReservationError) {
        do { _ = try guestLogin(email: account.email, password: current) } catch {
            if case .loginFailed = error { throw .invalid(field: "old_password", message: "The current password is not right.") }
            throw error
        }
        let hash = try policyHash(new, account: account.id, field: "new_password")
        try write { try setPassword(account.id, hash: hash, link: nil) }
    }

    private func policyHash(_ password: String, account: GuestAccountID, field: String) throws(ReservationError) -> String {
        let email = try guestAccount(id: account).email
        if let problem = PasswordPolicy.problem(password, username: email.split(separator: "@").first.map(String.init)) {
            throw .invalid(field: field, message: problem)
        }
        return PasswordHasher.hash(password)
    }

    private func setPassword(_ account: GuestAccountID, hash: String, link: Int64?) throws {
        try declare(Actor(staffID: nil, name: "guest:\(account)", role: .host, venues: nil), restaurant: nil, action: .guestPassword)
        try db.query("SELECT reservaflow_set_guest_password($1, $2, $3, $4)", [account, hash, link, Self.accountMessageID()])
    }
}
