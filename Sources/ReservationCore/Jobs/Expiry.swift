import Foundation
import ReservationDomain

extension ReservationBook {
    /// Expires every pending hold whose `expires_at` has passed (up to `limit`), each in its own short
    /// transaction through the status machine (withdrawn mails, audit row by `actor`). Each takes its table's
    /// lock before the reservation's, the order bookings use, so expiry never deadlocks with a booking; a
    /// hold someone else decided meanwhile (confirmed just in time, or expired by another instance) is
    /// skipped. Returns how many expired here and when the next hold lapses, to sleep exactly until then.
    public func expireDueHolds(limit: Int = 200, actor: Actor = .daemon) throws(ReservationError) -> (expired: Int, nextDue: Date?) {
        let due = try read {
            try db.query("""
                SELECT id FROM reservations WHERE status = 'pending' AND expires_at <= to_timestamp($1::float8)
                ORDER BY expires_at LIMIT $2
                """, [now(), limit]).map { try $0.uuid("id") }
        }
        var expired = 0
        for id in due {
            do {
                try write { try transition(id, to: .expired, actor: actor) }
                expired += 1
            } catch {
                if case .illegalTransition = error { continue }
                throw error
            }
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
