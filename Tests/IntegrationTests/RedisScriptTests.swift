import Foundation
import Testing
@testable import ReservationNative

/// A Redis error reply keeps the kind the server gave it (the first word), and callers decide by that kind.
@Suite("Redis: error replies and scripts")
struct RedisScriptTests {
    @Test func aFlushedScriptIsSentWholeAgainAndAServerRefusalKeepsItsKind() throws {
        let server = try PrivateRedis()
        let redis = try RedisConnection(host: "127.0.0.1", port: Int32(server.port))
        #expect(try redis.evaluate("return 7", keys: [], args: []).integer == 7)
        // The server forgets the script (a restart, a failover, SCRIPT FLUSH): EVALSHA answers NOSCRIPT and
        // the script is sent whole.
        _ = try redis.command(["SCRIPT", "FLUSH"])
        #expect(try redis.evaluate("return 7", keys: [], args: []).integer == 7)
        _ = try redis.command(["SET", "rf:test:k", "v"])
        #expect {
            _ = try redis.command(["LPUSH", "rf:test:k", "x"])
        } throws: { error in
            guard let e = error as? RedisError else { return false }
            return e.code == "WRONGTYPE" && !e.connectionLost
        }
        let lost = RedisError(message: "connection closed", connectionLost: true)
        #expect(lost.code == nil)
    }
}
