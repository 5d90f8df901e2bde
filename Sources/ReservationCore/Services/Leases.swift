import Foundation
import ReservationDomain
import ReservationNative

/// The booking form's lease: taken when a host picks a table and time, renewed while the form is open,
/// released when it closes, so other terminals see "being booked by Ana".
extension ReservationBook {
    /// nil when Redis is down (the screen shows that; booking still works).
    /// Holds `tableIDs` (one table, or a combination's: primary first) for a form being typed: one lease,
    /// whose token covers every table (`LeaseInfo.groupToken`), so another terminal sees each of them held
    /// and cannot be offered one (issue 20: a combination's lease covered its first table only). All or
    /// nothing: a table someone else holds releases what was taken and says who. Nil without Redis.
    public func acquireLease(restaurantID: RestaurantID, tableIDs: [TableID], start: Date, end: Date,
                             holder: String) throws(ReservationError) -> LeaseInfo? {
        guard let primary = tableIDs.first else { return nil }
        let token = SecretDigest.randomToken(bytes: 16)
        var held: LeaseInfo? = nil
        for table in tableIDs {
            let result = withRedis { redis throws(RedisError) in
                try RedisLeases.acquire(redis, space: redisSpace, restaurant: restaurantID, table: table, start: start, end: end, holder: holder,
                                        token: LeaseInfo.groupToken(token, table: table))
            }
            switch result {
            case .none:
                if held != nil { releaseLease(restaurantID: restaurantID, token: token) }
                return nil
            case .acquired(var lease)?:
                // The form knows the lease by its group's token, on its first table.
                lease.token = token
                if table == primary { held = lease }
            case .heldByOther(let other)?:
                releaseLease(restaurantID: restaurantID, token: token)
                let r = try restaurant(id: restaurantID)
                let label = try tables(restaurantID: restaurantID).first { $0.id == table }?.label ?? "\(table)"
                throw .locked(table: label, by: other.holder, from: r.clock.hhmm(other.start), to: r.clock.hhmm(other.end))
            }
        }
        announceLeases(restaurantID)
        return held
    }

    /// One table's lease (see the combination's above).
    public func acquireLease(restaurantID: RestaurantID, tableID: TableID, start: Date, end: Date,
                             holder: String) throws(ReservationError) -> LeaseInfo? {
        try acquireLease(restaurantID: restaurantID, tableIDs: [tableID], start: start, end: end, holder: holder)
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
            let payload = try ChangeEvent(restaurantID: restaurantID, entity: .lease, id: "", op: .update).payload()
            try db.query("SELECT pg_notify($1, $2)", [ChangeFeed.channel, payload])
        } catch {
            logger.warning("lease change not announced; other terminals see it at their next reload: \(error)")
        }
    }

    public func leases(restaurantID: RestaurantID) -> [LeaseInfo] {
        withRedis { redis throws(RedisError) in try RedisLeases.list(redis, space: redisSpace, restaurant: restaurantID, now: now()) } ?? []
    }
}
