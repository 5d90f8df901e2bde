import Foundation
import Glibc
import Testing
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

extension TUIEndToEndTests {
    @Test func staffWithSeveralVenuesPickOneAfterSigningIn() throws {
        let venue = try E2EVenue()
        let second = try venue.book.importFloor(FloorFile.parse(E2EVenue.floor
            .replacingOccurrences(of: "slug = \"e2e\"", with: "slug = \"e2e-two\"")
            .replacingOccurrences(of: "name = \"E2E Bistro\"", with: "name = \"Second Room\"")), actor: .commandLine(user: "e2e"))
        let sql = try PGConnection(url: venue.databaseURL)
        try sql.query("INSERT INTO staff_restaurants SELECT id, $1 FROM staff WHERE username = 'ana'", [second.id])
        let tui = try TmuxSession(arguments: ["--user", "ana"], environment: venue.environment)
        try tui.waitFor(text: "Password")
        try tui.type(E2EVenue.hostPassword)
        try tui.press("Enter")
        let picker = try tui.waitFor(text: "Choose a venue")
        #expect(picker.contains("E2E Bistro") && picker.contains("Second Room"))
        try tui.press("2")
        try tui.waitFor("the second venue's day") { $0.contains("Second Room │") && $0.contains("covers") }
        // Live updates follow the chosen venue.
        _ = try venue.book.book(BookingRequest(restaurantID: second.id, tableLabel: "T2", date: venue.today,
                                               time: venue.clock.timeOfDay(of: Date()), partySize: 2,
                                               guest: .new(name: "Second Guest", phone: "611000333", email: nil)),
                                actor: .commandLine(user: "e2e"))
        try tui.waitFor("the booking at the second venue", timeout: 3) { $0.contains("1 bookings") }
    }

    @Test func losingTheDatabaseShowsABannerKeepsTheFormAndRecovers() throws {
        let venue = try E2EVenue()
        let tui = try venue.signedIn()
        // A phone booking half typed when the database goes away.
        try tui.press("n")
        try tui.waitFor(text: "New booking")
        try tui.type("Half Typed")
        // The database refuses every connection (superusers too) and every open one is cut: an outage.
        let admin = try TestStack.admin()
        let name = TestStack.quoted(venue.database)
        try admin.query("ALTER DATABASE \(name) ALLOW_CONNECTIONS false")
        try admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [venue.database])
        defer { _ = try? admin.query("ALTER DATABASE \(name) ALLOW_CONNECTIONS true") }
        // Typing a guest searches the database: that fails, the header says so, the form keeps its text.
        try tui.type("x")
        // Both, not the banner alone: a periodic health check can notice the outage before the x is read.
        var screen = try tui.waitFor("the banner", timeout: 10) { $0.contains("DB ✗") && $0.contains("Half Typedx") }
        #expect(screen.contains("live ✗") || screen.contains("DB ✗"))
        // Only the database is down: Redis is asked on its own and still shown up (issue 8, item 18).
        #expect(screen.contains("Redis ✓"), "\(screen)")
        #expect(screen.contains("Half Typedx"), "the form keeps its input")
        #expect(!tui.isDead)
        // The database comes back: the worker and the live feed reconnect by themselves (with backoff).
        try admin.query("ALTER DATABASE \(name) ALLOW_CONNECTIONS true")
        try tui.press("Escape")
        if (try? tui.waitFor(text: "Discard", timeout: 1)) != nil { try tui.press("y") }
        try tui.press("R")
        // Within the reconnect backoff (at most 8 s), not at the next periodic health check (15 s).
        screen = try tui.waitFor("recovery", timeout: 12) { $0.contains("DB ✓") && $0.contains("live ✓") && $0.contains("covers") }
        // Live updates came back too: a booking made elsewhere shows without a key press.
        let elsewhere = try ReservationBook(configuration: Configuration(databaseURL: venue.databaseURL, redisURL: TestStack.settings.redisURL))
        _ = try elsewhere.book(BookingRequest(restaurantID: venue.restaurant.id, tableLabel: "T3", date: venue.today,
                                              time: venue.clock.timeOfDay(of: Date()), partySize: 2,
                                              guest: .new(name: "After Cut", phone: "611000444", email: nil)),
                               actor: .commandLine(user: "e2e"))
        try tui.waitFor("the booking after the outage", timeout: 5) { $0.contains("1 bookings") }
    }

    @Test func ctrlZSuspendsToTheShellAndFgBringsTheScreenBack() throws {
        let venue = try E2EVenue()
        let shell = try TmuxSession.shell(environment: venue.environment)
        try shell.waitFor(text: "bash-")  // bash's default prompt, e.g. "bash-5.2# "
        try shell.type("'\(TmuxSession.binary)' --restaurant e2e --user ana")
        try shell.press("Enter")
        try shell.waitFor(text: "Password")
        try shell.type(E2EVenue.hostPassword)
        try shell.press("Enter")
        try shell.waitFor(text: "E2E Bistro")
        try shell.press("C-z")
        // The shell has the terminal again and reports a stopped job; the screen is not left in curses mode.
        let stopped = try shell.waitFor(text: "Stopped")
        #expect(!stopped.contains("E2E Bistro │"))
        try shell.type("fg")
        try shell.press("Enter")
        let back = try shell.waitFor("the screen after fg") { $0.contains("E2E Bistro │") && $0.contains("DB ✓") }
        #expect(!back.contains("Stopped"))
        // And it still works: a key is handled.
        try shell.press("?")
        try shell.waitFor(text: "Keys (any key closes)")
    }

    @Test func phoneBookingThroughTheFormUsesItsOwnLease() throws {
        let venue = try E2EVenue()
        let tui = try venue.signedIn()
        try venue.goToTomorrow(tui)
        try tui.press("Tab")    // timeline
        try tui.press("Enter")  // a free cell: table and time filled in
        try tui.waitFor(text: "New booking")
        try tui.press("Tab")    // past the guest lookup: a new guest
        try tui.type("Form Guest")
        try tui.press("Tab")
        try tui.type("611 555 666")
        for _ in 0..<3 { try tui.press("Tab") }  // date and time as filled, to the party
        try tui.type("2")
        try tui.waitFor(text: "held for you")
        try tui.press("Enter")
        // The form's own lease does not block its own booking; the lease is gone afterwards.
        let entries = try venue.waitForEntries(on: venue.tomorrow, "the form's booking") { $0.contains { $0.customer.name == "Form Guest" } }
        let e = try #require(entries.first { $0.customer.name == "Form Guest" })
        #expect(e.customer.phone == "+34611555666")
        #expect(e.reservation.partySize == 2)
        #expect(e.reservation.status == .confirmed)
        #expect(e.tableLabel == "T1")
        try tui.waitFor("the form to close") { !$0.contains("New booking") }
        let redis = try TestStack.redisConnection()
        #expect(try redis.command(["HLEN", "rf:\(venue.database):{\(venue.restaurant.id)}:leases"]).integer == 0)
    }

    @Test func aTerminalThatGoesAwayEndsTheProgramEvenWithHangupIgnored() throws {
        let venue = try E2EVenue()
        // `trap '' HUP` then exec: SIGHUP ignored, as under nohup; only the hang-up on stdin can tell.
        let tui = try TmuxSession(command: ["/bin/bash", "-c", "trap '' HUP; exec '\(TmuxSession.binary)' --restaurant e2e --user ana"],
                                  environment: venue.environment)
        try tui.waitFor(text: "Password")
        let pid = try tui.panePID()
        try tui.killServer()
        try ChildProcesses.waitForExit(pid, timeout: 5, "after its terminal closed")
    }

    @Test func sigtermEndsItEvenWhenLaunchedWithSignalsBlocked() throws {
        let venue = try E2EVenue()
        let tui = try venue.signedIn(signalsBlocked: true)
        let pid = try tui.panePID()
        kill(pid, SIGTERM)
        try ChildProcesses.waitForExit(pid, timeout: 5, "after SIGTERM")
    }

    @Test func aPodiumTerminalWithNoShellIgnoresCtrlZ() throws {
        // Launched as the session's only program (as sshd's ForceCommand or a kiosk login does): there is
        // no shell to suspend to, so Ctrl-Z must not stop it (a stopped TUI is a dead podium).
        let venue = try E2EVenue()
        let tui = try venue.signedIn()
        try tui.press("C-z")
        try tui.press("?")
        try tui.waitFor(text: "Keys (any key closes)")
        #expect(!tui.isDead)
    }

    @Test func aHostCannotOpenAVenueTheyDoNotWorkAt() throws {
        let venue = try E2EVenue()
        _ = try venue.book.importFloor(FloorFile.parse(E2EVenue.floor
            .replacingOccurrences(of: "slug = \"e2e\"", with: "slug = \"e2e-two\"")
            .replacingOccurrences(of: "name = \"E2E Bistro\"", with: "name = \"Second Room\"")), actor: .commandLine(user: "e2e"))
        let logDir = FileManager.default.temporaryDirectory.appendingPathComponent("rf-e2e-log-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: logDir) }
        let log = logDir.appendingPathComponent("tui.log").path
        let tui = try TmuxSession(arguments: ["--restaurant", "e2e-two", "--user", "ana", "--log", log], environment: venue.environment)
        try tui.waitFor(text: "Password")
        try tui.type(E2EVenue.hostPassword)
        try tui.press("Enter")
        let refused = try tui.waitFor(text: "does not work at Second Room")
        #expect(!refused.contains("Second Room │"))
        #expect(!refused.contains("covers"))
        // Its log can name guests: private to the account running the TUI.
        let fileMode = try FileManager.default.attributesOfItem(atPath: log)[.posixPermissions] as? Int
        let dirMode = try FileManager.default.attributesOfItem(atPath: logDir.path)[.posixPermissions] as? Int
        #expect(fileMode == 0o600)
        #expect(dirMode == 0o700)
    }
}
