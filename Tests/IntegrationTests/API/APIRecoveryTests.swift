import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Issue 18: the real `reservaflow-api` outlives its database sessions being cut and its database being
/// unreachable for a while, with no restart: 503 + Retry-After + JSON meanwhile, success right after.
@Suite("REST API: recovering from the database", .serialized)
struct APIRecoveryTests {
    let venue: E2EVenue
    let api: APIServer

    init() throws {
        venue = try E2EVenue()
        api = try APIServer(databaseURL: venue.databaseURL, extra: ["--bookings-per-guest", "0", "--bookings-per-address", "0",
                                                                    "--auth-per-address", "0"])
    }

    func booking(time: String) throws -> [String: Any] {
        ["restaurant_id": venue.restaurant.id, "reservation_date": venue.tomorrow.description, "reservation_time": time, "party_size": 2]
    }

    /// Polls until `/health/` answers `status`, at most `seconds`.
    func health(becomes status: Int, within seconds: Double) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await api.call("GET", "/health/").status == status { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    @Test("every session cut (pg_terminate_backend): health and bookings work again without a restart")
    func terminatedSessions() async throws {
        let guest = try await api.guest("recover@example.com", phone: "611 000 901")
        #expect(try await api.call("POST", "/api/reservations/", token: guest.access, body: try booking(time: "13:00")).status == 201)
        try ReconnectTests.terminateSessions(of: venue.database)
        // Each pooled book finds its connection dead once, at most; then it is replaced.
        #expect(try await health(becomes: 200, within: 15), "the API kept its dead connections: \(api.logText.suffix(400))")
        var statuses: [Int] = []
        for time in ["13:30", "14:00", "14:30"] {
            statuses.append(try await api.call("POST", "/api/reservations/", token: guest.access, body: try booking(time: time)).status)
        }
        #expect(statuses.last == 201, "\(statuses)")
        #expect(!statuses.contains(500), "\(statuses)")
        #expect(api.process.isRunning)
    }

    @Test("while the database is unreachable: 503 with Retry-After and a JSON body, quickly; then the first requests succeed")
    func outage() async throws {
        let guest = try await api.guest("outage@example.com", phone: "611 000 902")
        let admin = try TestStack.admin()
        try admin.query("ALTER DATABASE \(TestStack.quoted(venue.database)) ALLOW_CONNECTIONS false")
        try ReconnectTests.terminateSessions(of: venue.database)
        for path in ["/health/", "/api/reservations/"] {
            let started = Date()
            let answer = try await api.call(path == "/health/" ? "GET" : "POST", path, token: guest.access,
                                            body: path == "/health/" ? nil : try booking(time: "15:00"))
            #expect(answer.status == 503, "\(path): \(answer.status) \(answer.text)")
            #expect(Date().timeIntervalSince(started) < 10)
            if path != "/health/" {
                #expect(answer.header("Retry-After") != nil)
                #expect(answer.object["code"] as? String == "unreachable", "\(answer.text)")
            }
        }
        try admin.query("ALTER DATABASE \(TestStack.quoted(venue.database)) ALLOW_CONNECTIONS true")
        #expect(try await health(becomes: 200, within: ReconnectBackoff.ceiling + 13))
        let made = try await api.call("POST", "/api/reservations/", token: guest.access, body: try booking(time: "15:30"))
        #expect(made.status == 201, "\(made.text)")
        #expect(api.process.isRunning)
    }
}
