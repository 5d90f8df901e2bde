import Foundation
import Glibc
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// What a guest books online shows at the podium: the real API process, the real TUI in tmux.
@Suite("REST API: seen at the podium", .serialized)
struct APIPodiumTests {
    @Test func anOnlineHoldAppearsOnAnOpenScreenWithoutAKeyPress() async throws {
        let venue = try E2EVenue()
        let api = try APIServer(databaseURL: venue.databaseURL)
        let tui = try venue.signedIn()
        try venue.goToTomorrow(tui)
        let before = try tui.screen()
        #expect(!before.contains("·13:00"))
        let g = try await api.guest("online@example.com", phone: "612 345 678")
        let made = try await api.call("POST", "/api/reservations/", token: g.access,
                                      body: ["restaurant_id": venue.restaurant.id, "table_id": try venue.tableID("T2"), "party_size": 2,
                                             "reservation_date": venue.tomorrow.description, "reservation_time": "13:00"])
        #expect(made.status == 201)
        let screen = try tui.waitFor("the online hold to appear", timeout: 5) { $0.contains("·13:00") }
        #expect(screen.contains("live ✓"))
    }
}

@Suite("REST API: the process", .serialized)
struct APIProcessTests {
    @Test func sigtermStopsItCleanlyAndABadDatabaseURLSaysWhyWithoutThePassword() async throws {
        let venue = try E2EVenue()
        let api = try APIServer(databaseURL: venue.databaseURL)
        #expect(try await api.call("GET", "/health/").status == 200)
        kill(api.process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(15)
        while api.process.isRunning && Date() < deadline { usleep(20_000) }
        #expect(!api.process.isRunning)
        #expect(api.process.terminationStatus == 0)

        let p = Process()
        p.executableURL = URL(fileURLWithPath: APIServer.binary)
        p.arguments = ["--port", "0"]
        p.environment = ["DATABASE_URL": "postgresql://someone:hunter2-secret@127.0.0.1:1/nowhere", "PATH": "/usr/bin:/bin"]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(p.exitStatus() == 5, "\(text)")
        #expect(text.contains("database") && !text.contains("hunter2-secret"), "\(text)")
    }

    @Test func healthIs503AndBookingsAre503WhenTheDatabaseIsGone() async throws {
        let venue = try E2EVenue()
        let api = try APIServer(databaseURL: venue.databaseURL)
        let g = try await api.guest("gone@example.com", phone: "613 222 111")
        #expect(try await api.call("GET", "/health/").status == 200)
        // The database goes away under the running server (its connections are cut).
        try TestStack.admin().query("DROP DATABASE \(TestStack.quoted(venue.database)) WITH (FORCE)")
        let health = try await api.call("GET", "/health/")
        #expect(health.status == 503 && health.object["database"] as? String == "unavailable", "\(health.text)")
        let booking = try await api.call("POST", "/api/reservations/", token: g.access,
                                         body: ["restaurant_id": venue.restaurant.id, "party_size": 2,
                                                "reservation_date": venue.tomorrow.description, "reservation_time": "13:00"])
        #expect(booking.status == 503, "\(booking.text)")
        #expect(booking.header("Retry-After") != nil)
        #expect(!booking.text.contains("postgresql://"))
    }
}
