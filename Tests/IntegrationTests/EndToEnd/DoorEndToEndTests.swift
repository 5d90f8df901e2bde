import Foundation
import Glibc
import Testing
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

/// Issue 19, "the SSH door", through the real binary: no guest data without a terminal, a screen that is
/// right with no locale in the session (or says why it draws in ASCII), a terminal left usable by a fatal
/// signal, and all of it over a real sshd on a loopback port with docs/deploy.md's Match block.
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

    /// The issue's session: sshd without AcceptEnv, a client that sends no LANG. The program finds a UTF-8
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

    /// docs/deploy.md's Match block on a real sshd; a client that sends no locale; `ssh -tt` from tmux.
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
    /// allows. docs/security.md's copy of the block gave managers none of deploy.md's forwarding settings:
    /// anyone with a manager's key reached the server's loopback services (PostgreSQL, Redis) and local
    /// sockets through it. Here a TCP port and a Unix socket on the server answer "rf-forwarded".
    @Test(arguments: [("docs/deploy.md", PrivateSSHD.Role.podium), ("docs/deploy.md", .manager),
                      ("docs/security.md", .podium), ("docs/security.md", .manager)])
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

/// A Unix socket or a loopback TCP port on the server's side that greets whoever connects.
final class Greeter: @unchecked Sendable {
    /// What `ssh -L` forwards to: the socket's path, or 127.0.0.1:port.
    let address: String
    private let path: String?
    private let fd: Int32

    init(unixPath path: String) throws {
        self.path = path
        address = path
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: addr.sun_path) else { throw E2EError("socket path too long") }
        withUnsafeMutableBytes(of: &addr.sun_path) { $0.copyBytes(from: bytes) }
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try start(bound)
    }

    init(tcpPort port: Int) throws {
        path = nil
        address = "127.0.0.1:\(port)"
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try start(bound)
    }

    private func start(_ bound: Int32) throws {
        guard bound == 0, listen(fd, 8) == 0 else { throw E2EError("cannot listen on \(address)") }
        let listener = fd
        Thread {
            while true {
                let c = accept(listener, nil, nil)
                if c < 0 { return }
                let hello = Array("rf-forwarded\n".utf8)
                _ = hello.withUnsafeBytes { write(c, $0.baseAddress, $0.count) }
                close(c)
            }
        }.start()
    }

    deinit {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
        if let path { unlink(path) }
    }

    /// What a connection to 127.0.0.1:`port` receives within 3 s; nil when nothing listens there yet.
    static func read(fromLoopbackPort port: Int) -> String? {
        guard let fd = LoopbackPort.connect(port) else { return nil }
        defer { close(fd) }
        var out = [UInt8]()
        var buf = [UInt8](repeating: 0, count: 256)
        let deadline = Date().addingTimeInterval(3)
        while Date() < deadline {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, 200) >= 0 else { break }
            if p.revents == 0 { continue }
            let n = Glibc.read(fd, &buf, buf.count)
            if n <= 0 { break }
            out += buf[0..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Programs started the way a terminal would start them: posix_spawn with an empty signal mask and default
/// handlers (the test runner's threads block most signals, SIGTERM included, and a child inherits that),
/// only descriptors 0-2 passed on, and reaped with waitpid (Foundation's Process waits for descriptors
/// that a child's own children may hold, and its children here outlived it).
enum DoorProcess {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let defaultEnvironment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]

    /// stdin /dev/null, stdout and stderr to these files (or /dev/null).
    static func spawn(_ argv: [String], environment: [String: String] = defaultEnvironment,
                      stdout: String = "/dev/null", stderr: String = "/dev/null") throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        ChildProcesses.closeOnExecAll()
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        ChildProcesses.cleanSignals(&attributes)
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            cArgs.forEach { free($0) }
            cEnv.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
        guard rc == 0 else { throw E2EError("cannot start \(argv[0]) (\(rc))") }
        return pid
    }

    /// The exit status (128 + the signal for a signal), or nil when it is still running after `timeout`.
    static func wait(_ pid: pid_t, timeout: TimeInterval) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f) }
            if r < 0 && errno != EINTR { return -1 }
            if Date() >= deadline { return nil }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    /// Ends it (SIGTERM, then SIGKILL) and reaps it.
    static func stop(_ pid: pid_t) {
        kill(pid, SIGTERM)
        if wait(pid, timeout: 5) == nil {
            kill(pid, SIGKILL)
            _ = wait(pid, timeout: 5)
        }
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = defaultEnvironment,
                    timeout: TimeInterval = 60) throws -> Run {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("rf-door-out-\(UUID().uuidString)").path
        let err = FileManager.default.temporaryDirectory.appendingPathComponent("rf-door-err-\(UUID().uuidString)").path
        defer {
            unlink(out)
            unlink(err)
        }
        let pid = try spawn([executable] + arguments, environment: environment, stdout: out, stderr: err)
        guard let status = wait(pid, timeout: timeout) else {
            stop(pid)
            throw E2EError("\(executable) \(arguments) did not finish in \(timeout) s")
        }
        return Run(status: status, stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
                   stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
    }
}

/// A private sshd on a free loopback port: its own host key, this user let in with a key made for the test,
/// and docs/deploy.md's `Match`/`ForceCommand` block (taken from the doc, with this machine's names: this
/// user for the podium accounts, the binary under test, a config file with the venue's database) included
/// as /etc/ssh/sshd_config.d/reservaflow.conf would be.
final class PrivateSSHD {
    static let host = "rf-podium"
    let port: Int
    let dir: URL
    private var pid: pid_t = 0
    var clientConfig: String { dir.appendingPathComponent("ssh_config").path }
    var log: String { (try? String(contentsOf: dir.appendingPathComponent("sshd.log"), encoding: .utf8)) ?? "" }

    /// Who logs in: a podium account (the block's `Match User` line) or a manager (its `Match Group` line).
    enum Role: String, Sendable, CustomStringConvertible {
        case podium, manager
        var description: String { rawValue }
    }

    /// `doc`: the file whose sshd_config.d block is used (docs/deploy.md, or docs/security.md's copy).
    init(venue: E2EVenue, doc: String = "docs/deploy.md", role: Role = .podium) throws {
        let sshd = "/usr/sbin/sshd"
        guard FileManager.default.isExecutableFile(atPath: sshd) else {
            throw E2EError("\(sshd) is not installed: the SSH door is tested on a real sshd (apt-get install -y openssh-server)")
        }
        port = LoopbackPort.free()
        dir = URL(fileURLWithPath: "/tmp").appendingPathComponent("rf-sshd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        func write(_ name: String, _ text: String, mode: Int = 0o600) throws {
            try text.write(toFile: path(name), atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path(name))
        }
        for key in ["host_key", "client_key"] {
            let run = try DoorProcess.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "rf-test", "-f", path(key)])
            guard run.status == 0 else { throw E2EError("ssh-keygen failed: \(run.stderr)") }
        }
        try write("authorized_keys", try String(contentsOfFile: path("client_key.pub"), encoding: .utf8))
        // sshd's privilege separation directory (Debian's service makes it at boot).
        if getuid() == 0 { try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755]) }
        let user = String(cString: getpwuid(getuid())!.pointee.pw_name)
        let group = String(cString: getgrgid(getgid())!.pointee.gr_name)

        // The settings live in a config file (0600), as in production: never on the command line.
        // (also where the program looks when the block names no --config: $XDG_CONFIG_HOME/reservaflow/).
        try FileManager.default.createDirectory(atPath: path("xdg/reservaflow"), withIntermediateDirectories: true)
        try write("xdg/reservaflow/config.toml", "database_url = \"\(venue.databaseURL)\"\nredis_url = \"\(TestStack.settings.redisURL)\"\n")
        // Stands in for /usr/local/bin/reservaflow: keeps the TUI's log and config in the test's folder.
        try write("reservaflow", """
            #!/bin/sh
            XDG_STATE_HOME='\(path("state"))'; export XDG_STATE_HOME
            XDG_CONFIG_HOME='\(path("xdg"))'; export XDG_CONFIG_HOME
            exec '\(TmuxSession.binary)' "$@"

            """, mode: 0o700)
        // This machine's names for the block's: this user is the podium account or (in a group of its
        // own) the manager; the binary under test; the config file above.
        let block = try Self.sshdBlock(doc).split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("Match User ") { return "Match User " + (role == .podium ? user : "rf-no-such-podium") }
            if t.hasPrefix("Match Group ") { return "Match Group " + (role == .manager ? group : "rf-no-such-group") }
            return String(line)
        }.joined(separator: "\n")
        try write("reservaflow.conf", block
            .replacingOccurrences(of: "/usr/local/bin/reservaflow", with: path("reservaflow"))
            .replacingOccurrences(of: "/etc/reservaflow/config.toml", with: path("xdg/reservaflow/config.toml")))
        try write("sshd_config", """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(path("host_key"))
            PidFile \(path("sshd.pid"))
            AuthorizedKeysFile \(path("authorized_keys"))
            PermitRootLogin prohibit-password
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            StrictModes no
            PrintMotd no
            PrintLastLog no
            Include \(path("reservaflow.conf"))

            """)
        try write("ssh_config", """
            Host \(Self.host)
                HostName 127.0.0.1
                Port \(port)
                User \(user)
                IdentityFile \(path("client_key"))
                IdentitiesOnly yes
                StrictHostKeyChecking no
                UserKnownHostsFile \(path("known_hosts"))
                BatchMode yes
                LogLevel ERROR

            """)
        let check = try DoorProcess.run(sshd, ["-t", "-f", path("sshd_config")])
        guard check.status == 0 else { throw E2EError("sshd refuses the configuration: \(check.stderr)") }
        pid = try DoorProcess.spawn([sshd, "-D", "-f", path("sshd_config"), "-E", path("sshd.log")])
        let deadline = Date().addingTimeInterval(10)
        while !LoopbackPort.accepts(port) {
            guard DoorProcess.wait(pid, timeout: 0) == nil, Date() < deadline else {
                DoorProcess.stop(pid)
                throw E2EError("sshd did not start: \(log)")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    deinit {
        if pid > 0 { DoorProcess.stop(pid) }
        try? FileManager.default.removeItem(at: dir)
    }

    /// The `# /etc/ssh/sshd_config.d/reservaflow.conf` block of `doc`, as written there.
    static func sshdBlock(_ doc: String) throws -> String {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { root.deleteLastPathComponent() }
        let text = try String(contentsOf: root.appendingPathComponent(doc), encoding: .utf8)
        guard let start = text.range(of: "# /etc/ssh/sshd_config.d/reservaflow.conf\n"),
              let end = text.range(of: "```", range: start.upperBound..<text.endIndex) else {
            throw E2EError("\(doc) has no sshd_config.d/reservaflow.conf block")
        }
        return String(text[start.upperBound..<end.lowerBound])
    }

    /// The environment of the TUI that sshd started (read from /proc: the session's own processes).
    func sessionEnvironment() throws -> [String: String] {
        let marker = "XDG_STATE_HOME=" + dir.appendingPathComponent("state").path
        let binary = URL(fileURLWithPath: TmuxSession.binary).resolvingSymlinksInPath().path
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry),
                  (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe")) == binary,
                  let env = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ")),
                  String(decoding: env, as: UTF8.self).contains(marker)
            else { continue }
            var out: [String: String] = [:]
            for pair in env.split(separator: 0) {
                let s = String(decoding: pair, as: UTF8.self)
                if let eq = s.firstIndex(of: "=") { out[String(s[..<eq])] = String(s[s.index(after: eq)...]) }
            }
            return out
        }
        throw E2EError("no reservaflow started by this sshd is running")
    }
}
