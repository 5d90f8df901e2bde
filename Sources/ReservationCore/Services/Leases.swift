import Foundation
import ReservationDomain
import ReservationNative

/// The booking form's lease: taken when a host picks a table and time, renewed while the form is open,
/// released when it closes, so other terminals see "being booked by Ana".
extension ReservationBook {
    /// nil when Redis is down (the screen shows that; booking still works).
    public func acquireLease(restaurantID: RestaurantID, tableID: TableID, start: Date, end: Date,
                             holder: String) throws(ReservationError) -> LeaseInfo? {
        let result = withRedis { redis throws(RedisError) in
            try RedisLeases.acquire(redis, space: redisSpace, restaurant: restaurantID, table: tableID, start: start, end: end, holder: holder)
        }
        switch result {
        case .none: return nil
        case .acquired(let lease)?:
            announceLeases(restaurantID)
            return lease
        case .heldByOther(let other)?:
            let r = try restaurant(id: restaurantID)
            let label = try tables(restaurantID: restaurantID).first { $0.id == tableID }?.label ?? "\(tableID)"
            throw .locked(table: label, by: other.holder, from: r.clock.hhmm(other.start), to: r.clock.hhmm(other.end))
        }
    }

    /// False when the lease had lapsed (the form should take a new one).
    public func renewLease(restaurantID: RestaurantID, token: String) -> Bool {
        withRedis { redis throws(RedisError) in try RedisLeases.renew(redis, space: redisSpace, restaurant: restaurantID, token: token) } ?? false
    }

    public func releaseLease(restaurantID: RestaurantID, token: String) {
        _ = withRedis { redis throws(RedisError) in try RedisLeases.release(redis, space: redisSpace, restaurant: restaurantID, token: token) }
        announceLeases(restaurantID)
    }

    /// Leases live in Redis, which the change feed does not see: say on the feed that they changed, so
    /// other terminals show "being booked by" at once. Best effort: a lost notice only delays the display
    /// (the lease itself is taken or released already), so a failure is logged, not thrown.
    private func announceLeases(_ restaurantID: RestaurantID) {
        do {
            let payload = try ChangeEvent(restaurantID: restaurantID, entity: "lease", id: "", op: "update").payload()
            try db.query("SELECT pg_notify($1, $2)", [ChangeFeed.channel, payload])
        } catch {
            logger.warning("lease change not announced; other terminals see it at their next reload: \(error)")
        }
    }

    public func leases(restaurantID: RestaurantID) -> [LeaseInfo] {
        withRedis { redis throws(RedisError) in try RedisLeases.list(redis, space: redisSpace, restaurant: restaurantID, now: now()) } ?? []
    }
}
