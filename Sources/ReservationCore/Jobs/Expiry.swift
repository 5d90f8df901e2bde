import Foundation

extension ReservationBook {
    /// Expires every pending hold whose `expires_at` has passed (up to `limit`), each through the status
    /// machine (withdrawn mails, audit row by `actor`), skipping holds another instance or a confirming host
    /// has locked right now: they are decided by whoever holds the lock. Returns how many expired and when
    /// the next hold lapses, so the caller can sleep exactly until then.
    public func expireDueHolds(limit: Int = 200, actor: Actor = .daemon) throws(ReservationError) -> (expired: Int, nextDue: Date?) {
        let expired = try write { () throws -> Int in
            let due = try db.query("""
                SELECT id FROM reservations
                WHERE status = 'pending' AND expires_at <= to_timestamp($1::float8)
                ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED
                """, [now(), limit])
            for row in due { try transition(row.uuid("id"), to: .expired, actor: actor) }
            return due.count
        }
        return (expired, try nextHoldExpiry())
    }

    /// When the next pending hold lapses (nil: none pending).
    public func nextHoldExpiry() throws(ReservationError) -> Date? {
        try read {
            try db.queryOne("SELECT extract(epoch FROM min(expires_at)) AS e FROM reservations WHERE status = 'pending'")?.optionalDate("e")
        }
    }
}
