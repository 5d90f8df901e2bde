import Foundation

/// Availability answers cached in Redis under the version of what they depend on (`availabilityVersion`),
/// which PostgreSQL bumps as part of committing any change availability depends on (migration 3).
///
/// An entry is also bounded by time: it is valid only until the next slot boundary passes or the next
/// pending hold in the day lapses, because either changes the answer without any write. So a cached
/// answer always equals the one computed fresh.
struct AvailabilityCache {
    static func entryKey(_ space: String, _ r: RestaurantID, version: String, date: LocalDate, party: Int) -> String {
        "rf:\(space):{\(r)}:avail:\(version):\(date):\(party)"
    }

    static func get(_ redis: RedisConnection, space: String, restaurant: RestaurantID, version: String, date: LocalDate, party: Int,
                    tables: [TableID: DiningTable], now: Date) throws(RedisError) -> AvailabilityResult? {
        guard let text = try redis.command(["GET", entryKey(space, restaurant, version: version, date: date, party: party)]).string
        else { return nil }
        return decode(text, date: date, party: party, tables: tables, now: now)
    }

    static func put(_ redis: RedisConnection, space: String, restaurant: RestaurantID, version: String, result: AvailabilityResult,
                    validUntil: Date, now: Date) throws(RedisError) {
        let ttl = Int(min(validUntil.timeIntervalSince(now), 60) * 1000)
        guard ttl > 50 else { return }
        _ = try redis.command(["SET", entryKey(space, restaurant, version: version, date: result.date, party: result.partySize),
                               encode(result, validUntil: validUntil), "PX", String(ttl)])
    }

    // Format: line 1 "validUntil turn"; then one line per slot: "minutes start service<TAB>id,id,...".
    static func encode(_ r: AvailabilityResult, validUntil: Date) -> String {
        var lines = ["\(validUntil.timeIntervalSince1970) \(r.turnMinutes)"]
        for s in r.slots {
            lines.append("\(s.time.minutes) \(s.start.timeIntervalSince1970) \(s.service)\t" + s.tables.map { String($0.id) }.joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }

    static func decode(_ text: String, date: LocalDate, party: Int, tables: [TableID: DiningTable], now: Date) -> AvailabilityResult? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard !lines.isEmpty else { return nil }
        let head = lines.removeFirst().split(separator: " ")
        guard head.count == 2, let valid = Double(head[0]), let turn = Int(head[1]), now.timeIntervalSince1970 < valid else { return nil }
        var slots: [Slot] = []
        for line in lines {
            let halves = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            let head = halves[0].split(separator: " ", maxSplits: 2)
            guard halves.count == 2, head.count == 3, let m = Int(head[0]), let time = TimeOfDay(minutesSinceMidnight: m),
                  let start = Double(head[1]) else { return nil }
            var free: [DiningTable] = []
            for id in halves[1].split(separator: ",") {
                // A table that changed since (deleted, deactivated) invalidates the whole entry.
                guard let tid = Int64(id), let t = tables[tid], t.active else { return nil }
                free.append(t)
            }
            slots.append(Slot(time: time, start: Date(timeIntervalSince1970: start), service: String(head[2]), tables: free))
        }
        return AvailabilityResult(date: date, partySize: party, turnMinutes: turn, slots: slots)
    }
}
