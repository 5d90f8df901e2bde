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

}
