import Foundation
import Glibc
import Testing
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

/// The real binary in tmux against the real stack. Each test has its own database; the shared Redis is
/// namespaced by database name.
@Suite("TUI end to end", .serialized)
struct TUIEndToEndTests {
    @Test func wrongPasswordIsRefusedThenSignInShowsTheVenue() throws {
        let venue = try E2EVenue()
        let tui = try TmuxSession(arguments: ["--restaurant", "e2e", "--user", "ana"], environment: venue.environment)
        try tui.waitFor(text: "Password")
        try tui.type("not-the-password")
        try tui.press("Enter")
        try tui.waitFor(text: "Wrong username or password")
        // The password field is cleared after a failure; the right one gets in.
        try tui.type(E2EVenue.hostPassword)
        try tui.press("Enter")
        // The header's health arrives with the first check, a moment after the day.
        let screen = try tui.waitFor("the venue and its health") { $0.contains("E2E Bistro") && !$0.contains("health unknown") }
        #expect(screen.contains("Ana Host"))
        #expect(screen.contains("DB ✓"))
        #expect(screen.contains("Redis ✓"))
    }

    @Test func phoneBookingFromTheCommandLineIsWrittenAndShown() throws {
        let venue = try E2EVenue()
        let tui = try venue.signedIn()
        try venue.goToTomorrow(tui)
        try tui.type(":book 3 20:00 Tester 611222333")
        try tui.press("Enter")
        let entries = try venue.waitForEntries(on: venue.tomorrow, "the booking") { $0.contains { $0.customer.name == "Tester" } }
        let e = try #require(entries.first { $0.customer.name == "Tester" })
        #expect(e.reservation.status == .confirmed)
        #expect(e.reservation.partySize == 3)
        #expect(e.customer.phone == "+34611222333")
        #expect(venue.clock.hhmm(e.reservation.startsAt) == "20:00")
        #expect(["T2", "T3"].contains(e.tableLabel))  // best fit for 3: a 4-top, not the 6-top
        try tui.waitFor(text: "Tester")
    }

    @Test func aBookingMadeElsewhereAppearsWithoutAKeyPress() throws {
        let venue = try E2EVenue()
        let tui = try venue.signedIn()
        try venue.goToTomorrow(tui)
        let request = BookingRequest(restaurantID: venue.restaurant.id, tableLabel: "T2", date: venue.tomorrow,
                                     time: TimeOfDay(hour: 13, minute: 0)!, partySize: 2,
                                     guest: .new(name: "Probe Livefeed", phone: "611000111", email: nil))
        _ = try venue.book.book(request, actor: .commandLine(user: "elsewhere"))
        // No key is pressed: the header count and T2's next booking change through the live feed.
        let screen = try tui.waitFor("the booking to appear", timeout: 3) { $0.contains("1 bookings") && $0.contains("·13:00") }
        #expect(screen.contains("DB ✓") && screen.contains("live ✓"))
    }

    @Test func aLeaseTakenInOneTerminalShowsAsBeingBookedInAnother() throws {
        let venue = try E2EVenue()
        let manager = try venue.signedIn("marco")
        let host = try venue.signedIn("ana")
        // The host starts a booking on tomorrow's timeline: Enter on a free cell fills table and time and
        // takes the lease.
        try venue.goToTomorrow(host)
        try host.press("Tab")
        try host.press("Enter")
        try host.waitFor(text: "New booking")
        // The lease covers the whole turn, so it is taken once the party size is known.
        for _ in 0..<5 { try host.press("Tab") }
        try host.type("2")
        try host.waitFor(text: "held for you")
        // The manager's floor (today) shows the table as held, by whom, without a key press. (The legend
        // always has a "◆ held", so the check is for the holder's name in the table's box.)
        try manager.waitFor(text: "◆ Ana Host", timeout: 5)
        // Closing the form releases the lease (answering the "discard?" question when asked).
        try host.press("Escape")
        let answer = try host.waitFor("the form to close or ask to discard") { $0.contains("Discard") || !$0.contains("New booking") }
        if answer.contains("Discard") { try host.press("y") }
        try manager.waitFor("the lease to go", timeout: 5) { !$0.contains("◆ Ana Host") }
        #expect(try host.screen().contains("New booking") == false)
    }

    /// Issue 8, item 17: Ctrl-L repaints whatever was written over the screen.
    @Test func ctrlLRepaintsTheScreen() throws {
        let venue = try E2EVenue()
        let tui = try venue.signedIn(width: 80, height: 24)
        try tui.waitFor(text: "? help")
        try tui.scribble("\u{1B}[5;5HSCRIBBLED-OVER-THE-SCREEN")
        try tui.waitFor(text: "SCRIBBLED-OVER")
        try tui.press("C-l")
        try tui.waitFor("the repaint", timeout: 5) { !$0.contains("SCRIBBLED") }
    }

    @Test func walkInIsSeatedThenCompleted() throws {
        let venue = try E2EVenue()
        let tui = try venue.signedIn()
        try tui.press("w")
        try tui.waitFor(text: "Walk-in")
        try tui.type("2")
        // One Enter, once the form shows the table it will seat at. (A second Enter used to follow; it raced
        // the day's reload: landing before it, on a T1 with no booking yet, it opened the booking form and
        // the `f` below was typed into it.)
        try tui.waitFor("the walk-in form to show a table") { $0.contains("T1 (1-2) is free now") }
        try tui.press("Enter")
        try tui.waitFor(text: "Seated walk-in")
        let seated = try venue.waitForEntries(on: venue.today, "the walk-in") { $0.contains { $0.reservation.status == .seated } }
        let walkIn = try #require(seated.first)
        #expect(walkIn.tableLabel == "T1")  // smallest table that fits two
        #expect(walkIn.reservation.source == .walkIn)
        // T1 is the selected table on the floor: f finishes the party and frees the table.
        try tui.waitFor(text: "●")
        try tui.press("f")
        if (try? tui.waitFor(text: "Finish", timeout: 1)) != nil { try tui.press("y") }
        try venue.waitForEntries(on: venue.today, "completion") { $0.first?.reservation.status == .completed }
    }

    @Test func seatAndCancelThroughTheKeys() throws {
        let venue = try E2EVenue()
        let now = Date()
        let (date, time) = venue.clock.localParts(of: now)
        for (label, name) in [("T1", "Seat Me"), ("T2", "Cancel Me")] {
            _ = try venue.book.book(BookingRequest(restaurantID: venue.restaurant.id, tableLabel: label, date: date, time: time,
                                                   partySize: 2, guest: .new(name: name, phone: "6110002\(label.last!)\(label.last!)", email: nil)),
                                    actor: .commandLine(user: "e2e"))
        }
        let tui = try venue.signedIn()
        try tui.waitFor(text: "Seat Me")
        try tui.press("s")
        try venue.waitForEntries(on: date, "seating") { $0.first { $0.customer.name == "Seat Me" }?.reservation.status == .seated }
        // Move to T2 (to the right of T1) and cancel, which asks first.
        try tui.press("l")
        try tui.waitFor(text: "Cancel Me")
        try tui.press("x")
        try tui.waitFor("the cancel question") { $0.lowercased().contains("cancel") && $0.contains("y") }
        try tui.press("y")
        try venue.waitForEntries(on: date, "cancellation") { $0.first { $0.customer.name == "Cancel Me" }?.reservation.status == .cancelled }
        // A cancellation by mistake: u takes it back (issue 8, item 5).
        try tui.waitFor(text: "u undoes it")
        try tui.press("u")
        try venue.waitForEntries(on: date, "the undo") { $0.first { $0.customer.name == "Cancel Me" }?.reservation.status == .confirmed }
        try tui.waitFor(text: "Undone: Cancel Me")
    }

    /// Launched with every signal blocked: the program must unblock SIGWINCH itself.
    @Test func resizingFromFullToSmallAndBackRedrawsCleanly() throws {
        let venue = try E2EVenue()
        let tui = try venue.signedIn(signalsBlocked: true)
        var screen = try tui.screen()
        #expect(screen.contains("Floor") && screen.contains("Timeline") && screen.contains("Guest"))
        try tui.resize(width: 80, height: 24)
        screen = try tui.waitFor("the one-pane layout") { $0.split(separator: "\n").count <= 24 && !$0.contains("Timeline ·") }
        for line in screen.split(separator: "\n", omittingEmptySubsequences: false).prefix(24) {
            #expect(line.count <= 80)
        }
        // An 80x24 terminal inside tmux or screen (80x23, or 80x22 with two status lines) still works.
        try tui.resize(width: 80, height: 22)
        screen = try tui.waitFor("the 80x22 layout") { $0.contains("? help") && $0.contains("Floor") }
        #expect(!screen.contains("enlarge"))
        try tui.resize(width: 70, height: 20)
        try tui.waitFor(text: "enlarge")
        try tui.resize(width: 160, height: 48)
        screen = try tui.waitFor("the three panes again") { $0.contains("Floor") && $0.contains("Timeline") && $0.contains("Guest") }
        #expect(!screen.contains("enlarge"))
        #expect(!tui.isDead)
    }

    @Test func aGuestNameWithEscapeSequencesIsRenderedHarmlessly() throws {
        let venue = try E2EVenue()
        // Written straight into the database, past the core's sanitiser, as a worst case of bad data.
        let sql = try PGConnection(url: venue.databaseURL)
        let evil = "Evil\u{1B}]0;pwned\u{07}\u{1B}[2J\u{1B}[31mRed\u{202E}Name"
        let customer = try #require(try sql.queryOne("INSERT INTO customers (restaurant_id, name, phone) VALUES ($1, $2, '+34611999888') RETURNING id",
                                                      [venue.restaurant.id, evil])).int64("id")
        let start = Date().addingTimeInterval(-60)
        try sql.query("""
            INSERT INTO reservations (restaurant_id, table_id, customer_id, party_size, starts_at, ends_at, status, source, created_by)
            VALUES ($1, $2, $3, 2, to_timestamp($4::float8), to_timestamp($4::float8) + interval '90 minutes', 'confirmed', 'online', 'e2e')
            """, [venue.restaurant.id, try venue.tableID("T1"), customer, start])
        let tui = try venue.signedIn()
        let screen = try tui.waitFor(text: "Evil")
        // The escape sequences never reached the terminal: the title was not set, the screen not cleared,
        // the text not turned red or reversed.
        #expect(!screen.contains("pwned\u{07}"))
        #expect(screen.contains("Evil"))
        let raw = try tui.screenWithAttributes()
        #expect(!raw.contains("\u{1B}]0;"))
        #expect(!raw.contains("\u{202E}"))
        #expect(!tui.isDead)
    }

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
