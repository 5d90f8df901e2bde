import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain
import ReservationNative

/// Issue 18: Redis behind Sentinel. A real master, replica and sentinel on loopback ports; the master is
/// killed, Sentinel promotes the replica, and leases are taken there with no restart of the book.
@Suite("Redis Sentinel", .serialized)
struct SentinelTests {
    /// Whether `server` holds the lease `token` of the venue.
    static func holds(_ server: PrivateRedis, _ book: ReservationBook, _ restaurant: RestaurantID, _ token: String?) -> Bool {
        guard let token, let c = try? RedisConnection(host: "127.0.0.1", port: Int32(server.port)),
              let fields = try? c.command(["HKEYS", RedisLeases.key(book.redisSpace, restaurant)]).array else { return false }
        // A lease is its group's entries (`token#table`).
        return fields.contains { $0.string?.hasPrefix(token + "#") == true }
    }

    @Test func leasesFollowTheMasterThroughAFailover() throws {
        let master = try PrivateRedis()
        let replica = try PrivateRedis(extra: ["--replicaof", "127.0.0.1", "\(master.port)"])
        try eventually("the replica to sync", within: 15) {
            let info = (try? RedisConnection(host: "127.0.0.1", port: Int32(replica.port)).command(["INFO", "replication"]).string) ?? nil
            return info?.contains("master_link_status:up") == true
        }
        let sentinel = try PrivateRedis(sentinel: ["sentinel monitor rft 127.0.0.1 \(master.port) 1",
                                                   "sentinel down-after-milliseconds rft 1000", "sentinel failover-timeout rft 4000"])
        let asked = try RedisConnection(host: "127.0.0.1", port: Int32(sentinel.port))
        try eventually("the sentinel to see the replica", within: 15) {
            ((try? asked.command(["SENTINEL", "replicas", "rft"]).array.count) ?? 0) > 0
        }

        let t = try TestEnv()
        let r = try t.venue()
        // The test's clock (the bookings are on a fixed Friday); it moves on below while Redis is retried.
        let book = try ReservationBook(configuration: Configuration(databaseURL: t.databaseURL,
                                                                    redisURL: "redis-sentinel://127.0.0.1:\(sentinel.port)/rft/0"),
                                       now: { [clock = t.clock] in clock.now })
        let start = Fixtures.instant(Fixtures.friday, 19, 0)
        let lease = try book.acquireLease(restaurantID: r.id, tableID: try t.tableID(r.id, "T3"), start: start,
                                          end: start.addingTimeInterval(5400), holder: "Ana")
        #expect(lease != nil, "no lease through the sentinel")
        #expect(Self.holds(master, book, r.id, lease?.token), "the lease is on the master")

        master.kill()
        try eventually("Sentinel to promote the replica", within: 30) {
            (try? asked.command(["SENTINEL", "get-master-addr-by-name", "rft"]).array.last?.string) == "\(replica.port)"
        }
        var second: LeaseInfo?
        try eventually("a lease on the new master", within: 10) {
            t.clock.advance(seconds: 1)   // past the book's pause after a failed Redis call
            second = try? book.acquireLease(restaurantID: r.id, tableID: try t.tableID(r.id, "T2"), start: start,
                                            end: start.addingTimeInterval(5400), holder: "Ana")
            return second != nil
        }
        #expect(Self.holds(replica, book, r.id, second?.token), "the new lease is on the promoted replica")
        #expect(!book.redisDown)
        // Booking never depended on it: PostgreSQL decides.
        #expect(try book.book(Fixtures.request(r, table: "T4"), actor: t.host).degraded == false)
    }
}
