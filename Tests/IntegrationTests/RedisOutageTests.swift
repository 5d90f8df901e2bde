import Foundation
import Glibc
import Testing
@testable import ReservationCore

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

/// `redis-server` on a free loopback port, in a temporary directory, as a child process.
final class PrivateRedis {
    let port: Int
    private let process = Process()
    private let dir: URL

    var url: String { "redis://127.0.0.1:\(port)/0" }

    init() throws {
        port = Self.freePort()
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("rf-redis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/redis-server")
        process.arguments = ["--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--daemonize", "no", "--dir", dir.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<100 {
            if (try? RedisConnection(host: "127.0.0.1", port: Int32(port))) != nil { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill()
        throw TestStackError("redis-server did not start on port \(port)")
    }

    /// SIGKILL, as a crash would; waits until it is gone.
    func kill() {
        guard process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit {
        kill()
        try? FileManager.default.removeItem(at: dir)
    }

    /// A port the kernel just handed out for an ephemeral bind (free now, very likely free a moment later).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}
