import Foundation
import ReservationDomain
import ReservationNative

/// Short booking leases in Redis: "T12 19:30-21:00 is being booked by Ana".
///
/// All of a venue's leases live in one hash (`rf:{id}:leases`, field = owner token), so a floor can list
/// them in one call, and a Lua script checks overlap and writes atomically: overlapping ranges of one
/// table conflict, disjoint ranges do not. Expiry is per entry, judged by Redis' own clock.
/// These leases are a courtesy and an efficiency; PostgreSQL's exclusion constraint is what forbids
/// double booking.
enum RedisLeases {
    static let defaultTTLMillis = 60_000

    enum Acquire: Equatable {
        case acquired(LeaseInfo)
        case heldByOther(LeaseInfo)
    }

    /// `space` names the database, so venues of two databases sharing one Redis never meet.
    static func key(_ space: String, _ restaurant: RestaurantID) -> String { "rf:\(space):{\(restaurant)}:leases" }

    // Entry format: table|startMs|endMs|expiresMs|holder (holder last: it may contain '|').
    private static let acquireScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local all = redis.call('HGETALL', KEYS[1])
        for i = 1, #all, 2 do
          local f, v = all[i], all[i + 1]
          local tb, s, e, x, h = string.match(v, '^(%d+)|(%d+)|(%d+)|(%d+)|(.*)$')
          if tb == nil or tonumber(x) <= now then
            redis.call('HDEL', KEYS[1], f)
          elseif f ~= ARGV[1] and tb == ARGV[2] and tonumber(s) < tonumber(ARGV[4]) and tonumber(ARGV[3]) < tonumber(e) then
            return {'held', f, v}
          end
        end
        local exp = now + tonumber(ARGV[5])
        local v = ARGV[2] .. '|' .. ARGV[3] .. '|' .. ARGV[4] .. '|' .. string.format('%d', exp) .. '|' .. ARGV[6]
        redis.call('HSET', KEYS[1], ARGV[1], v)
        if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[5]) then redis.call('PEXPIRE', KEYS[1], ARGV[5]) end
        return {'ok', ARGV[1], v}
        """

    // Renews the lease `token` and its group (`token#table` entries); 0 when nothing of it is left.
    private static let renewScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local all = redis.call('HGETALL', KEYS[1])
        local renewed = 0
        for i = 1, #all, 2 do
          local f, v = all[i], all[i + 1]
          if f == ARGV[1] or string.sub(f, 1, #ARGV[1] + 1) == ARGV[1] .. '#' then
            local tb, s, e, x, h = string.match(v, '^(%d+)|(%d+)|(%d+)|(%d+)|(.*)$')
            if tb == nil or tonumber(x) <= now then
              redis.call('HDEL', KEYS[1], f)
            else
              redis.call('HSET', KEYS[1], f, tb .. '|' .. s .. '|' .. e .. '|' .. string.format('%d', now + tonumber(ARGV[2])) .. '|' .. h)
              renewed = 1
            end
          end
        end
        if renewed == 1 and redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return renewed
        """

    private static let releaseGroupScript = """
        local all = redis.call('HKEYS', KEYS[1])
        for _, f in ipairs(all) do
          if f == ARGV[1] or string.sub(f, 1, #ARGV[1] + 1) == ARGV[1] .. '#' then redis.call('HDEL', KEYS[1], f) end
        end
        return 1
        """

    static func acquire(_ redis: RedisConnection, space: String, restaurant: RestaurantID, table: TableID, start: Date, end: Date,
                        holder: String, token: String = SecretDigest.randomToken(bytes: 16),
                        ttlMillis: Int = defaultTTLMillis) throws(RedisError) -> Acquire {
        let reply = try redis.evaluate(acquireScript, keys: [key(space, restaurant)],
                                       args: [token, String(table), millis(start), millis(end), String(ttlMillis), holder]).array
        guard reply.count == 3, let status = reply[0].string, let field = reply[1].string, let value = reply[2].string,
              let lease = decode(token: field, value: value)
        else { throw RedisError(message: "unexpected lease reply", connectionLost: false) }
        return status == "ok" ? .acquired(lease) : .heldByOther(lease)
    }

    /// Extends a lease this terminal owns. False when it has lapsed (someone else may now hold the slot).
    static func renew(_ redis: RedisConnection, space: String, restaurant: RestaurantID, token: String,
                      ttlMillis: Int = defaultTTLMillis) throws(RedisError) -> Bool {
        try redis.evaluate(renewScript, keys: [key(space, restaurant)], args: [token, String(ttlMillis)]).integer == 1
    }

    /// Compare-and-delete: only the owner's token names the entry, so nobody else's lease can be released.
    /// `waitForReply: false` sends the HDEL and returns (its reply is read before the connection's next
    /// command): a booking does not wait for Redis to say the lease it no longer needs is gone.
    static func release(_ redis: RedisConnection, space: String, restaurant: RestaurantID, token: String,
                        waitForReply: Bool = true) throws(RedisError) {
        if waitForReply {
            // The lease and its group: a form's hold on a combination goes whole.
            _ = try redis.evaluate(releaseGroupScript, keys: [key(space, restaurant)], args: [token])
        } else {
            try redis.send(["HDEL", key(space, restaurant), token])
        }
    }

    static func list(_ redis: RedisConnection, space: String, restaurant: RestaurantID, now: Date) throws(RedisError) -> [LeaseInfo] {
        let flat = try redis.command(["HGETALL", key(space, restaurant)]).array
        var out: [LeaseInfo] = []
        var i = 0
        while i + 1 < flat.count {
            if let f = flat[i].string, let v = flat[i + 1].string, let lease = decode(token: f, value: v), lease.expiresAt > now {
                out.append(lease)
            }
            i += 2
        }
        return out.sorted { ($0.tableID, $0.start) < ($1.tableID, $1.start) }
    }

    static func decode(token: String, value: String) -> LeaseInfo? {
        let parts = value.split(separator: "|", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, let table = Int64(parts[0]), let s = Double(parts[1]), let e = Double(parts[2]),
              let x = Double(parts[3]) else { return nil }
        return LeaseInfo(token: token, tableID: table, start: Date(timeIntervalSince1970: s / 1000),
                         end: Date(timeIntervalSince1970: e / 1000), holder: String(parts[4]),
                         expiresAt: Date(timeIntervalSince1970: x / 1000))
    }

    private static func millis(_ d: Date) -> String { String(Int64((d.timeIntervalSince1970 * 1000).rounded())) }
}
