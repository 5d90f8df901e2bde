import Foundation
import ReservationDomain

extension ReservationBook {
    /// How many lapsed holds share one transaction (one durable commit).
    public static let expiryBatch = 25

    /// Expires every pending hold whose `expires_at` has passed (up to `limit`), through the status machine
    /// (withdrawn mails, audit row by `actor`), `expiryBatch` holds to a transaction: one durable commit per
    /// hold fell behind 100 holds a second on a loaded machine (make bench, 2.3 s late at p50).
    ///
    /// A batch first locks every table its holds occupy, in id order, the order bookings take them in, so it
    /// never deadlocks with a booking or with another batch; each hold then locks its own row as a single
    /// expiry does. A hold someone else decided meanwhile (confirmed just in time, expired elsewhere) is
    /// skipped. A batch that fails is expired again one hold to a transaction, so one bad hold cannot keep
    /// the others from lapsing; the first error is thrown once every other hold has been tried. Returns how
    /// many expired here and when the next hold lapses, to sleep exactly until then.
    public func expireDueHolds(limit: Int = 200, actor: Actor = .daemon) throws(ReservationError) -> (expired: Int, nextDue: Date?) {
        let due = try read {
            try db.query("""
                SELECT id, restaurant_id, table_id || joined_table_ids AS tables FROM reservations
                WHERE status = 'pending' AND expires_at <= to_timestamp($1::float8)
                ORDER BY expires_at LIMIT $2
                """, [now(), limit]).map { (id: try $0.uuid("id"), restaurant: try $0.int64("restaurant_id"), tables: try $0.int64Array("tables")) }
        }
        var expired = 0
        var failure: ReservationError?
        var start = 0
        while start < due.count {
            let chunk = due[start..<min(start + Self.expiryBatch, due.count)]
            start = chunk.endIndex
            do {
                expired += try write {
                    let tables = Set(chunk.flatMap { hold in hold.tables.map { VenueTable(hold.restaurant, $0) } })
                    for t in tables.sorted(by: { $0.table < $1.table }) { try lockTable(restaurantID: t.restaurant, tableID: t.table) }
                    // `transition` locks each hold's tables again: a no-op for the ones locked here, and the
                    // lock for a table the hold was moved to after it was listed.
                    var n = 0
                    for hold in chunk where try expireIfStillDue(hold.id, actor: actor) { n += 1 }
                    return n
                }
            } catch {
                for hold in chunk {
                    do {
                        if try write({ try expireIfStillDue(hold.id, actor: actor) }) { expired += 1 }
                    } catch {
                        failure = failure ?? error
                    }
                }
            }
        }
        if let failure { throw failure }
        return (expired, try nextHoldExpiry())
    }

    /// Expires the hold inside the caller's transaction; false when it is no longer a lapsed hold.
    private func expireIfStillDue(_ id: UUID, actor: Actor) throws -> Bool {
        do {
            try transition(id, to: .expired, actor: actor)
            return true
        } catch ReservationError.illegalTransition {
            // Decided before any write: the transaction is still clean.
            return false
        }
    }

    /// When the next pending hold lapses (nil: none pending).
    public func nextHoldExpiry() throws(ReservationError) -> Date? {
        try read {
            try db.queryOne("SELECT extract(epoch FROM min(expires_at)) AS e FROM reservations WHERE status = 'pending'")?.optionalDate("e")
        }
    }
}

/// A venue's table, hashable, for a batch's set of tables to lock.
private struct VenueTable: Hashable {
    let restaurant: RestaurantID
    let table: TableID
    init(_ restaurant: RestaurantID, _ table: TableID) {
        self.restaurant = restaurant
        self.table = table
    }
}
