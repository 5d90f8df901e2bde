import Foundation
import ReservationDomain
import ReservationNative

/// Bearer tokens for the REST API: opaque random strings, kept only as digests (see migration 6).
extension ReservationBook {
    /// A new access + refresh pair for a signed-in guest or staff member, in a family of its own.
    public func issueTokens(for principal: Principal, lifetimes: TokenLifetimes) throws(ReservationError) -> TokenPair {
        try write { try insertPair(principal, family: UUID(), lifetimes: lifetimes) }
    }

    private func insertPair(_ principal: Principal, family: UUID, lifetimes: TokenLifetimes) throws -> TokenPair {
        let at = now()
        let pair = TokenPair(access: SecretDigest.randomToken(), refresh: SecretDigest.randomToken(),
                             accessExpiresAt: at.addingTimeInterval(lifetimes.access),
                             refreshExpiresAt: at.addingTimeInterval(lifetimes.refresh))
        let (account, staff) = Self.owner(principal)
        try db.query("""
            INSERT INTO api_tokens (token_hash, kind, family, account_id, staff_id, expires_at, created_at)
            VALUES ($1, 'access', $3, $4, $5, to_timestamp($6::float8), to_timestamp($8::float8)),
                   ($2, 'refresh', $3, $4, $5, to_timestamp($7::float8), to_timestamp($8::float8))
            """, [SecretDigest.hash(pair.access), SecretDigest.hash(pair.refresh), family, account, staff,
                  pair.accessExpiresAt, pair.refreshExpiresAt, at])
        return pair
    }

    private static func owner(_ p: Principal) -> (GuestAccountID?, StaffID?) {
        switch p {
        case .guest(let g): (g.id, nil)
        case .staff(let s): (nil, s.id)
        }
    }

    /// Who an access token speaks for; nil when it is unknown, expired or revoked (the API answers 401).
    /// A staff member made inactive since is refused, and their venues are read as they are now.
    public func authenticate(accessToken: String) throws(ReservationError) -> Principal? {
        // A guest's account comes back with the token, in one round trip (every online request pays it).
        let found = try read { () throws -> (guest: GuestAccount?, staff: Int64?)? in
            guard let row = try db.queryOne("""
                SELECT t.account_id, t.staff_id, \(Self.guestColumns)
                FROM api_tokens t LEFT JOIN guest_accounts g ON g.id = t.account_id
                WHERE t.token_hash = $1 AND t.kind = 'access' AND t.revoked_at IS NULL AND t.expires_at > to_timestamp($2::float8)
                """, [SecretDigest.hash(accessToken), now()]) else { return nil }
            if try row.optionalInt64("account_id") != nil { return (try row.guestAccount, nil) }
            return (nil, try row.optionalInt64("staff_id"))
        }
        guard let found else { return nil }
        if let guest = found.guest { return .guest(guest) }
        return try principal(account: nil, staff: found.staff)
    }

    private func principal(account: Int64?, staff: Int64?) throws(ReservationError) -> Principal? {
        if let account { return .guest(try guestAccount(id: account)) }
        guard let staff else { return nil }
        let found = try read { try db.queryOne("SELECT \(Columns.staff) FROM staff s WHERE s.id = $1 AND s.active", [staff]).map { try $0.staffMember } }
        guard var member = found else { return nil }
        member.venues = try read {
            try db.query("SELECT restaurant_id FROM staff_restaurants WHERE staff_id = $1 ORDER BY restaurant_id", [staff]).map { try $0.int64("restaurant_id") }
        }
        return .staff(member)
    }

    /// Trades a refresh token for a new pair. The old refresh token is spent; presenting a spent one
    /// again revokes its whole family, since one of the two presenters stole it.
    public func refreshTokens(_ refreshToken: String, lifetimes: TokenLifetimes) throws(ReservationError) -> TokenPair? {
        let at = now()
        return try write { () throws -> TokenPair? in
            guard let row = try db.queryOne("""
                SELECT id, family, account_id, staff_id, revoked_at IS NOT NULL AS spent, expires_at > to_timestamp($2::float8) AS live
                FROM api_tokens WHERE token_hash = $1 AND kind = 'refresh' FOR UPDATE
                """, [SecretDigest.hash(refreshToken), at])
            else { return nil }
            let family = try row.uuid("family")
            if try row.bool("spent") {
                try db.query("UPDATE api_tokens SET revoked_at = coalesce(revoked_at, to_timestamp($2::float8)) WHERE family = $1", [family, at])
                return nil
            }
            guard try row.bool("live"), let who = try principal(account: try row.optionalInt64("account_id"), staff: try row.optionalInt64("staff_id"))
            else { return nil }
            try db.query("UPDATE api_tokens SET revoked_at = to_timestamp($2::float8) WHERE id = $1", [try row.int64("id"), at])
            return try insertPair(who, family: family, lifetimes: lifetimes)
        }
    }

    /// Revokes the token's whole family (the access and refresh tokens issued together and since).
    /// Returns false for a token that was never issued.
    public func revokeToken(_ token: String) throws(ReservationError) -> Bool {
        try write {
            let rows = try db.query("""
                UPDATE api_tokens SET revoked_at = coalesce(revoked_at, to_timestamp($2::float8))
                WHERE family = (SELECT family FROM api_tokens WHERE token_hash = $1) RETURNING id
                """, [SecretDigest.hash(token), now()])
            return !rows.isEmpty
        }
    }

    /// Expired tokens, day-old idempotency records and reset requests go (the daemon's housekeeping calls this).
    public func pruneOnlineState(idempotencyHours: Double = 24) throws(ReservationError) {
        try write {
            try db.query("DELETE FROM api_tokens WHERE expires_at < to_timestamp($1::float8) - interval '1 day'", [now()])
            try db.query("DELETE FROM idempotency_keys WHERE created_at < to_timestamp($1::float8)",
                         [now().addingTimeInterval(-idempotencyHours * 3600)])
            // Reset requests count for an hour (the per-address limit); a day is plenty to keep them.
            try db.query("DELETE FROM link_requests WHERE at < to_timestamp($1::float8) - interval '1 day'", [now()])
        }
    }
}
