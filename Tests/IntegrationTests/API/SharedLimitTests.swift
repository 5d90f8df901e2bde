import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Two `reservaflow-api` processes against one database and one Redis (issue 24): a client gets one
/// limit, not one per instance; with Redis gone each instance counts its own, and says so in /health/.
@Suite("REST API: rate limits shared by every instance", .serialized)
struct SharedLimitTests {
    /// Failed sign-ins, alternating between the two instances: the statuses in order.
    static func signIns(_ servers: [APIServer], count: Int) async throws -> [Int] {
        var statuses: [Int] = []
        for i in 0..<count {
            let a = try await servers[i % servers.count].call("POST", "/api/token/", body: ["email": "nobody@example.com", "password": "wrong one"])
            statuses.append(a.status)
        }
        return statuses
    }

    @Test("two instances, one Redis: five sign-ins a minute in all; Redis gone: five each, and /health/ says per_instance")
    func twoInstancesShareOneLimit() async throws {
        let venue = try E2EVenue()
        let redis = try PrivateRedis()
        let limits = ["--auth-per-address", "5"]
        let servers = [try APIServer(databaseURL: venue.databaseURL, extra: limits, redisURL: redis.url),
                       try APIServer(databaseURL: venue.databaseURL, extra: limits, redisURL: redis.url)]
        for server in servers {
            let health = try await server.call("GET", "/health/")
            #expect(health.object["rate_limits"] as? String == "shared", "\(health.text)")
        }
        let shared = try await Self.signIns(servers, count: 10)
        #expect(shared.filter { $0 == 401 }.count == 5 && shared.filter { $0 == 429 }.count == 5, "\(shared)")
        #expect(shared.prefix(5).allSatisfy { $0 == 401 }, "\(shared)")

        redis.kill()
        for server in servers {
            let health = try await server.call("GET", "/health/")
            #expect(health.status == 200 && health.object["rate_limits"] as? String == "per_instance", "\(health.text)")
        }
        // Each instance now counts its own minute, from zero: five each, then 429.
        let alone = try await Self.signIns(servers, count: 12)
        #expect(alone.filter { $0 == 401 }.count == 10 && alone.suffix(2).allSatisfy { $0 == 429 }, "\(alone)")
    }
}
