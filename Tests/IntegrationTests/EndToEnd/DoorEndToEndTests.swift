import Foundation
import Glibc
import Testing
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

/// Issue 19, "the SSH door", through the real binary: no guest data without a terminal, a screen that is
/// right with no locale in the session (or says why it draws in ASCII), a terminal left usable by a fatal
/// signal, and all of it over a real sshd on a loopback port with deploy/sshd/reservaflow.conf's Match block.
@Suite("Doors: no terminal, no locale, fatal signals, SSH (issue 19)", .serialized)
struct DoorEndToEndTests {
    static let guestName = "Álvaro Ruiz"
    /// What a session must never show before a staff member signs in: the guest's name (with or without
    /// its accent), phone, allergy and VIP tag.
    static let guestData = ["Ruiz", "lvaro", "611222444", "611 222 444", "nuts", "severe", "VIP"]

    /// Today's book with a party seated half an hour ago: an accented name, a severe allergy, VIP.
    static func venueWithAGuest() throws -> E2EVenue {
        let venue = try E2EVenue(timeZone: E2EVenue.middayZone)
        let sql = try PGConnection(url: venue.databaseURL)
        let guest = try #require(try sql.queryOne("""
            INSERT INTO customers (restaurant_id, name, phone, allergies, tags)
            VALUES ($1, $2, '+34611222444', 'nuts (severe)', '{VIP}') RETURNING id
            """, [venue.restaurant.id, guestName])).int64("id")
        let start = Date().addingTimeInterval(-30 * 60)
        try sql.query("""
            INSERT INTO reservations (restaurant_id, table_id, customer_id, party_size, starts_at, ends_at, status, source, created_by, seated_at)
            VALUES ($1, $2, $3, 2, to_timestamp($4::float8), to_timestamp($4::float8) + interval '90 minutes', 'seated', 'phone', 'e2e',
                    to_timestamp($4::float8))
            """, [venue.restaurant.id, try venue.tableID("T1"), guest, start])
        return venue
    }

    /// What sshd gives a session when the client's locale is not accepted: no LANG, no LC_*.
    static func bareSession(_ venue: E2EVenue) -> [String: String] {
        venue.environment.merging(["PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "USER": "podium",
                                   "LOGNAME": "podium", "SHELL": "/bin/sh"]) { $1 }
    }

    // MARK: no terminal

    @Test("without a terminal the screen refuses (exit 2), shows no guest data and writes nothing", arguments: [
        [], ["--kiosk"], ["--read-only", "--kiosk"], ["--restaurant", "e2e", "--user", "ana"], ["tui"], ["--json"],
    ])
    func withoutATerminalNothingIsShown(arguments: [String]) throws {
        let venue = try Self.venueWithAGuest()
        let sql = try PGConnection(url: venue.databaseURL)
        let audits = try #require(try sql.queryOne("SELECT count(*) AS n FROM audit_log")).int64("n")
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("rf-door-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let run = try CLITests.run(arguments, database: venue.databaseURL, extraEnvironment: ["XDG_STATE_HOME": state.path])
        #expect(run.status == 2, "\(run.stdout) \(run.stderr)")
        #expect(run.stderr.contains("needs a terminal") && run.stderr.contains("reservaflow reservations"), "\(run.stderr)")
        if arguments.contains("--json") {
            #expect((run.json as? [String: Any])?["code"] as? String == "invalid", "\(run.stdout)")
        } else {
            #expect(run.stdout.isEmpty, "\(run.stdout)")
        }
        for s in Self.guestData {
            #expect(!run.stdout.contains(s) && !run.stderr.contains(s), "\(s) was shown: \(run.stdout) \(run.stderr)")
        }
        // Nothing written: no log file, no audit row.
        #expect(!FileManager.default.fileExists(atPath: state.path), "a log was written under \(state.path)")
        #expect(try sql.queryOne("SELECT count(*) AS n FROM audit_log")?.int64("n") == audits)
    }

    // MARK: locale

    /// The session: sshd without AcceptEnv, a client that sends no LANG. The program finds a UTF-8
    /// locale by itself: borders, glyphs, health marks and accented names as with LANG set.
    @Test func aSessionWithNoLocaleDrawsEverythingRight() throws {
        let venue = try Self.venueWithAGuest()
        let tui = try TmuxSession(arguments: ["--restaurant", "e2e", "--user", "ana"], environment: Self.bareSession(venue),
                                  cleanEnvironment: true)
        try tui.waitFor(text: "Password")
        try tui.type(E2EVenue.hostPassword)
        try tui.press("Enter")
        let screen = try tui.waitFor("the seated guest, the glyphs and the health marks") {
            $0.contains(Self.guestName) && $0.contains("DB ✓") && $0.contains("Redis ✓") && $0.contains("●")
        }
        #expect(screen.contains("E2E Bistro │") && screen.contains("┌T1(2)"), "\(screen)")
        #expect(screen.contains("○"), "free tables are drawn as free: \(screen)")
        // The clock in the header is whole (it read "17:21 3" when cells drifted).
        let hhmm = venue.clock.hhmm(Date())
        let later = venue.clock.hhmm(Date().addingTimeInterval(60))
        #expect(screen.contains(hhmm) || screen.contains(later), "\(screen)")
        #expect(!screen.contains("UTF-8"), "no fallback note when a UTF-8 locale was found: \(screen)")
    }

    /// A terminal set up for another character set (LANG=en_US.ISO-8859-1): UTF-8 would be garbage there, so
    /// the screen is drawn in ASCII, accents taken off rather than letters dropped, and the status line says so.
    @Test func aLegacyCharsetSessionFallsBackToASCIIAndSaysSo() throws {
        let locales = try Self.latin1Locale()
        defer { try? FileManager.default.removeItem(at: locales) }
        let venue = try Self.venueWithAGuest()
        var env = Self.bareSession(venue)
        env["LOCPATH"] = locales.path
        env["LANG"] = "en_US.ISO-8859-1"
        let tui = try TmuxSession(arguments: ["--restaurant", "e2e", "--user", "ana"], environment: env, cleanEnvironment: true)
        try tui.waitFor(text: "Password")
        try tui.type(E2EVenue.hostPassword)
        try tui.press("Enter")
        let screen = try tui.waitFor("the guest in ASCII and the note") {
            $0.contains("Alvaro Ruiz") && $0.contains("No UTF-8 locale") && $0.contains("DB +")
        }
        let foreign = screen.unicodeScalars.filter { $0.value > 0x7E || ($0.value < 0x20 && $0 != "\n") }
        #expect(foreign.isEmpty, "non-ASCII on an ASCII screen: \(String(String.UnicodeScalarView(foreign))) in\n\(screen)")
        #expect(screen.contains("+T1(2)"), "ASCII borders: \(screen)")
    }

    /// en_US.ISO-8859-1 compiled into a folder of its own (`LOCPATH`), from the `locales` package's sources.
    static func latin1Locale() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rf-locale-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let run = try DoorProcess.run("/usr/bin/localedef", ["-i", "en_US", "-f", "ISO-8859-1", dir.appendingPathComponent("en_US.ISO-8859-1").path])
        guard run.status == 0 || FileManager.default.fileExists(atPath: dir.appendingPathComponent("en_US.ISO-8859-1/LC_CTYPE").path) else {
            throw E2EError("localedef could not build en_US.ISO-8859-1 (apt-get install -y locales): \(run.stderr)")
        }
        return dir
    }

    // MARK: fatal signals

    /// htop's rule: whatever kills the program, the terminal it leaves behind is the one it found: cooked
    /// mode and echo, the normal screen, a visible cursor, no mouse reporting. Under dash, which (unlike
    /// bash) does not put the terminal back itself after a job dies.
    @Test("a fatal signal leaves the terminal usable", arguments: [SIGTERM, SIGHUP, SIGSEGV, SIGABRT, SIGQUIT])
    func aFatalSignalLeavesTheTerminalUsable(signal: Int32) throws {
        let venue = try E2EVenue()
        let shell = try TmuxSession(command: ["/bin/dash", "-i"], environment: venue.environment.merging(["PS1": "rf-shell$ "]) { $1 })
        try shell.waitFor(text: "rf-shell$")
        try shell.type("'\(TmuxSession.binary)' --restaurant e2e --user ana")
        try shell.press("Enter")
        try shell.waitFor(text: "Password")
        try shell.type(E2EVenue.hostPassword)
        try shell.press("Enter")
        try shell.waitFor(text: "E2E Bistro │")
        let pid = try Self.child(of: try shell.panePID())
        #expect(try shell.paneFormat("alternate_on") == "1" && shell.paneFormat("cursor_flag") == "0"
                && shell.paneFormat("mouse_any_flag") == "1", "the screen is the TUI's")
        kill(pid, signal)
        try ChildProcesses.waitForExit(pid, timeout: 10, "after the signal")
        // What is typed is echoed, Enter runs it, and the terminal is in cooked mode again.
        try shell.type("stty -a; echo o\"k\"")
        try shell.press("Enter")
        let screen = try shell.waitFor("the shell to answer", timeout: 5) {
            $0.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == "ok" }
        }
        #expect(screen.contains("stty -a; echo o\"k\""), "what was typed is echoed: \(screen)")
        // Swift's crash report, if any, was printed and done: it never held the terminal offering a debugger.
        #expect(!screen.contains("to debug") && !screen.contains("to interact"), "\(screen)")
        #expect(screen.contains(" icanon ") && screen.contains(" echo ") && !screen.contains("-icanon") && !screen.contains("-echo "), "\(screen)")
        #expect(try shell.paneFormat("alternate_on") == "0", "still on the alternate screen")
        #expect(try shell.paneFormat("cursor_flag") == "1", "the cursor is still hidden")
        #expect(try shell.paneFormat("mouse_any_flag") == "0" && shell.paneFormat("mouse_standard_flag") == "0"
                && shell.paneFormat("mouse_button_flag") == "0", "mouse reporting is still on")
        #expect(try shell.paneFormat("keypad_cursor_flag") == "0", "application cursor keys are still on")
    }

    static func child(of parent: pid_t) throws -> pid_t {
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            let children = (try? String(contentsOfFile: "/proc/\(parent)/task/\(parent)/children", encoding: .utf8)) ?? ""
            if let pid = children.split(separator: " ").compactMap({ pid_t($0) }).first { return pid }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw E2EError("no child of \(parent)")
    }

    // MARK: over SSH

    /// deploy/sshd/reservaflow.conf's Match block on a real sshd; a client that sends no locale; `ssh -tt` from tmux.
    @Test func overSSHWithNoLocaleTheScreenIsRight() throws {
        let venue = try Self.venueWithAGuest()
        let door = try PrivateSSHD(venue: venue)
        let tui = try TmuxSession(command: ["/usr/bin/ssh", "-tt", "-F", door.clientConfig, PrivateSSHD.host], environment: [:])
        try tui.waitFor(text: "Password", timeout: 20)
        try tui.type("ana")
        try tui.press("Tab")
        try tui.type(E2EVenue.hostPassword)
        try tui.press("Enter")
        let screen = try tui.waitFor("the seated guest, the glyphs and the health marks") {
            $0.contains(Self.guestName) && $0.contains("DB ✓") && $0.contains("Redis ✓") && $0.contains("●")
        }
        #expect(screen.contains("E2E Bistro │") && screen.contains("┌T1(2)") && screen.contains("○"), "\(screen)")
        // It really ran with no locale: sshd passed none (no AcceptEnv match, the client sent none).
        let env = try door.sessionEnvironment()
        #expect(env["TERM"] != nil, "\(env.keys.sorted())")
        #expect(env.keys.filter { $0 == "LANG" || $0.hasPrefix("LC_") }.isEmpty, "\(env.keys.sorted())")
        // Quitting the TUI ends the session.
        try tui.press("q")
        try tui.waitFor("the session to end", timeout: 10) { _ in tui.isDead }
    }

    /// `ssh -T` (or a command, which gets no terminal either) reaches the same ForceCommand: refused, with
    /// no guest data, exit 2 passed back by ssh.
    @Test(arguments: [["-T"], ["-T", "reservaflow", "reservations"], ["cat", "/etc/passwd"]])
    func overSSHWithoutATerminalNothingIsShown(arguments: [String]) throws {
        let venue = try Self.venueWithAGuest()
        let door = try PrivateSSHD(venue: venue)
        let args = ["-F", door.clientConfig] + arguments.prefix { $0.hasPrefix("-") } + [PrivateSSHD.host] + arguments.drop { $0.hasPrefix("-") }
        let run = try DoorProcess.run("/usr/bin/ssh", args)
        #expect(run.status == 2, "\(run.stdout) \(run.stderr) sshd: \(door.log)")
        #expect(run.stdout.isEmpty, "\(run.stdout)")
        #expect(run.stderr.contains("needs a terminal"), "\(run.stderr)")
        for s in Self.guestData {
            #expect(!run.stdout.contains(s) && !run.stderr.contains(s), "\(s) was shown: \(run.stdout) \(run.stderr)")
        }
    }

    /// `ssh -N` opens no session, so ForceCommand never runs, while the connection forwards whatever sshd
    /// allows. docs/security.md's old copy of the block gave managers none of deploy.md's forwarding
    /// settings: anyone with a manager's key reached the server's loopback services (PostgreSQL, Redis) and
    /// local sockets through it; both documents now name the one file. Here a TCP port and a Unix socket on
    /// the server answer "rf-forwarded".
    @Test(arguments: [(PrivateSSHD.block, PrivateSSHD.Role.podium), (PrivateSSHD.block, .manager)])
    func overSSHNothingIsForwarded(doc: String, role: PrivateSSHD.Role) throws {
        let venue = try E2EVenue()
        let door = try PrivateSSHD(venue: venue, doc: doc, role: role)
        let unix = try Greeter(unixPath: door.dir.appendingPathComponent("target.sock").path)
        let tcp = try Greeter(tcpPort: LoopbackPort.free())
        let (viaUnix, viaTCP) = (LoopbackPort.free(), LoopbackPort.free())
        let ssh = try DoorProcess.spawn(["/usr/bin/ssh", "-N", "-F", door.clientConfig,
                                         "-L", "127.0.0.1:\(viaUnix):\(unix.address)", "-L", "127.0.0.1:\(viaTCP):\(tcp.address)", PrivateSSHD.host])
        defer { DoorProcess.stop(ssh) }
        for (name, port) in [("a Unix socket", viaUnix), ("a loopback TCP port", viaTCP)] {
            let deadline = Date().addingTimeInterval(15)
            var answer: String? = nil
            while answer == nil && Date() < deadline {
                answer = Greeter.read(fromLoopbackPort: port)
                if answer == nil { Thread.sleep(forTimeInterval: 0.2) }
            }
            #expect(answer != nil, "ssh -N never listened on \(port): \(door.log)")
            #expect(!(answer ?? "").contains("rf-forwarded"), "\(name) on the server was reached with a \(role)'s key (\(doc))")
        }
        // The connection itself is up: the refusal is sshd's, not a failed login.
        #expect(DoorProcess.wait(ssh, timeout: 0) == nil, "ssh -N ended: \(door.log)")
    }
}
