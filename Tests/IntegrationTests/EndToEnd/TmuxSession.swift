import Foundation
import Glibc

/// The real `reservaflow` binary in a detached tmux session: keys in with send-keys, the screen out with
/// capture-pane. Each session has its own tmux server socket so tests never see each other's windows.
final class TmuxSession {
    let name: String
    private let socket: String
    /// The launcher script with the session's environment (see `init`).
    private let privateDir: URL

    /// The binary under test: `RESERVAFLOW_BIN` (set by `make test`), else the debug build of this checkout.
    static var binary: String {
        if let b = ProcessInfo.processInfo.environment["RESERVAFLOW_BIN"], !b.isEmpty { return b }
        var dir = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { dir.deleteLastPathComponent() }
        return dir.appendingPathComponent(".build/debug/reservaflow").path
    }

    /// The binary with these arguments; `signalsBlocked` launches it with every signal blocked (through a
    /// tiny launcher that blocks them and execs it), as a careless parent process might.
    convenience init(arguments: [String], environment: [String: String], width: Int = 160, height: Int = 48,
                     signalsBlocked: Bool = false, cleanEnvironment: Bool = false) throws {
        let launcher = signalsBlocked ? ["/usr/bin/python3", "-c",
            "import os, signal, sys; signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals()); os.execv(sys.argv[1], sys.argv[1:])"] : []
        try self.init(command: launcher + [Self.binary] + arguments, environment: environment, width: width, height: height,
                      cleanEnvironment: cleanEnvironment)
    }

    /// An interactive shell with job control (for Ctrl-Z and `fg`); type the command into it.
    static func shell(environment: [String: String]) throws -> TmuxSession {
        try TmuxSession(command: ["/bin/bash", "--norc", "--noprofile", "-i"], environment: environment)
    }

    /// `cleanEnvironment`: the program gets `environment` and nothing else (plus TERM), not even a locale,
    /// as a session that sshd starts without `AcceptEnv` (an `env -i` start); else the test's own
    /// environment, with `LANG`/`LC_ALL` C.UTF-8 unless `environment` says otherwise.
    init(command program: [String], environment: [String: String], width: Int = 160, height: Int = 48,
         cleanEnvironment: Bool = false) throws {
        name = "rf\(UInt32.random(in: 0...UInt32.max))"
        socket = "rf-e2e-\(name)"
        let defaults = cleanEnvironment ? ["TERM": "xterm-256color"] : ["TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"]
        let env = environment.merging(defaults) { a, _ in a }
        // The environment holds passwords (DATABASE_URL, REDIS_URL): never on a command line, where `ps`
        // shows them to every user (tmux's server keeps its first client's arguments for its whole life).
        // A launcher script in a private folder (0700, the script 0700) exports them and execs the program;
        // tmux's command line names only the script.
        privateDir = FileManager.default.temporaryDirectory.appendingPathComponent("rf-e2e-\(name)")
        try FileManager.default.createDirectory(at: privateDir, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
        let launcher = privateDir.appendingPathComponent("launch").path
        var script = "#!/bin/sh\n"
        // An empty start (no locale, nothing of the test's own environment), as `env -i` would give.
        if cleanEnvironment { script += "[ -n \"${RF_E2E_CLEAN:-}\" ] || exec /usr/bin/env -i RF_E2E_CLEAN=1 /bin/sh \"$0\"\nunset RF_E2E_CLEAN\n" }
        for (key, value) in env.sorted(by: { $0.key < $1.key }) { script += "\(key)=\(Self.shellQuoted(value)); export \(key)\n" }
        script += "exec " + program.map(Self.shellQuoted).joined(separator: " ") + "\n"
        guard FileManager.default.createFile(atPath: launcher, contents: Data(script.utf8), attributes: [.posixPermissions: 0o700]) else {
            throw E2EError("cannot write \(launcher)")
        }
        // The first command starts the tmux server, which would inherit (and hold open) an output pipe.
        try tmux(["new-session", "-d", "-s", name, "-x", String(width), "-y", String(height),
                  "/bin/sh " + Self.shellQuoted(launcher)], capture: false)
        // Keep the pane after the program exits, so a crash's last screen can still be read.
        try tmux(["set-option", "-t", name, "remain-on-exit", "on"])
    }

    deinit {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(at: privateDir)
    }

    /// Types text literally (no key-name interpretation).
    func type(_ text: String) throws { try tmux(["send-keys", "-t", name, "-l", text]) }

    /// Named keys: Enter, Escape, Tab, Up, Down, Left, Right, BSpace, C-c ...
    func press(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }
    /// Keys and literal text in one `send-keys`: one burst, as fast as a practised host types.
    func press(_ keys: [String]) throws { try tmux(["send-keys", "-t", name] + keys) }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", String(width), "-y", String(height)])
    }

    /// The visible screen as text lines.
    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", name]) }

    /// The screen with escape sequences for attributes (to check no raw control characters get through).
    func screenWithAttributes() throws -> String { try tmux(["capture-pane", "-p", "-e", "-t", name]) }

    /// The process in the pane (the program, or the shell that runs it).
    func panePID() throws -> pid_t {
        guard let pid = pid_t(try tmux(["display-message", "-p", "-t", name, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines))
        else { throw E2EError("no pane pid") }
        return pid
    }

    /// Writes straight to the pane's terminal, behind the program's back (as wall(1) or a stray process
    /// would): the screen is dirty until the program repaints it.
    func scribble(_ text: String) throws {
        let tty = try tmux(["display-message", "-p", "-t", name, "#{pane_tty}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let handle = FileHandle(forWritingAtPath: tty) else { throw E2EError("cannot open \(tty)") }
        handle.write(Data(text.utf8))
        try handle.close()
    }

    /// Ends the tmux server: every pane's terminal goes away.
    func killServer() throws { try tmux(["kill-server"]) }

    /// A tmux format about the pane (`alternate_on`, `cursor_flag`, `mouse_any_flag`, `pane_dead` ...).
    func paneFormat(_ format: String) throws -> String {
        try tmux(["display-message", "-p", "-t", name, "#{\(format)}"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    var isDead: Bool { ((try? tmux(["display-message", "-p", "-t", name, "#{pane_dead}"])) ?? "1").hasPrefix("1") }

    /// Waits until the screen satisfies `predicate`; returns the screen, or throws with the last screen.
    @discardableResult
    func waitFor(_ what: String, timeout: TimeInterval = 10, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if predicate(last) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw E2EError("timed out waiting for \(what); screen was:\n\(last)")
    }

    @discardableResult
    func waitFor(text: String, timeout: TimeInterval = 10) throws -> String {
        try waitFor("\"\(text)\"", timeout: timeout) { $0.contains(text) }
    }

    /// tmux through posix_spawn and waitpid: Foundation's Process never sees the exit of the client
    /// that starts the tmux server (the daemonised server keeps its bookkeeping alive), and would hang.
    @discardableResult
    private func tmux(_ args: [String], capture: Bool = true) throws -> String {
        let argv = ["/usr/bin/tmux", "-L", socket] + args
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw E2EError("pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if capture {
            posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // The tmux server lives on after this call: it gets 0-2 only, and a terminal's signal state.
        ChildProcesses.closeOnExecAll()
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        ChildProcesses.cleanSignals(&attributes)
        var pid: pid_t = 0
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        let rc = posix_spawn(&pid, argv[0], &actions, &attributes, cArgs, environ)
        close(fds[1])
        defer { close(fds[0]) }
        guard rc == 0 else { throw E2EError("cannot start tmux (\(rc))") }
        var output = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while capture {
            let n = read(fds[0], &chunk, chunk.count)
            if n <= 0 { break }
            output.append(contentsOf: chunk[0..<n])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard status == 0 else { throw E2EError("tmux \(args.first ?? "") failed (status \(status))") }
        return String(decoding: output, as: UTF8.self)
    }

    private static func shellQuoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

struct E2EError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
