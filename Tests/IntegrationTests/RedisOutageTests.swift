import Foundation
import Glibc
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// A Redis of our own, killed half-way through.
@Suite("Redis going away")
struct RedisOutageTests {
    @Test("booking keeps working when Redis dies: degraded, health says so, PostgreSQL still refuses overlaps")
    func redisStoppedMidway() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let redis = try PrivateRedis()
        let book = try t.anotherBook(redisURL: redis.url)

        let before = try book.book(Fixtures.request(r, table: "T1", party: 2), actor: t.host)
        #expect(before.degraded == false)
        #expect(book.health().redis == true)
        #expect(book.health().database == true)

        redis.kill()

        let after = try book.book(Fixtures.request(r, table: "T2", party: 2, name: "After", phone: Fixtures.phone(1)), actor: t.host)
        #expect(after.degraded == true)
        #expect(book.redisDown == true)
        #expect(book.health().redis == false)
        #expect(book.health().database == true)
        #expect(book.leases(restaurantID: r.id).isEmpty)
        #expect(try book.acquireLease(restaurantID: r.id, tableID: t.tableID(r.id, "T3"), start: Fixtures.instant(Fixtures.friday, 19),
                                      end: Fixtures.instant(Fixtures.friday, 21), holder: "Ana") == nil)
        // Still no double booking, and availability still answers (from PostgreSQL).
        #expect(throws: ReservationError.tableTaken(table: "T1", from: "19:00", to: "20:30", guest: "Lucía Garrido")) {
            try book.book(Fixtures.request(r, table: "T1", time: Fixtures.time(19, 30), party: 2, name: "X", phone: Fixtures.phone(2)), actor: t.host)
        }
        let free = try book.availability(restaurantID: r.id, date: Fixtures.friday, party: 2).slot(at: Fixtures.time(19))?.tables.map(\.label)
        #expect(free == ["P1", "T3"])
    }

    @Test("a book configured with no Redis at all works and reports it")
    func noRedisConfigured() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let book = try t.anotherBook(redisURL: nil)
        #expect(try book.book(Fixtures.request(r), actor: t.host).degraded == true)
        #expect(book.health().redis == false)
    }

    @Test("a malformed REDIS_URL is refused at start")
    func badRedisURL() throws {
        let t = try TestEnv()
        #expect(expectInvalid("REDIS_URL") { _ = try t.anotherBook(redisURL: "http://127.0.0.1:6379") } != nil)
    }
}
