import Foundation
import Glibc
import Testing
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

/// A private sshd on a free loopback port: its own host key, this user let in with a key made for the test,
/// and deploy/sshd/reservaflow.conf's `Match`/`ForceCommand` block (the file the docs name, with this
/// machine's names: this user for the podium accounts, the binary under test, a config file with the
/// venue's database) included as /etc/ssh/sshd_config.d/reservaflow.conf would be.
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

    /// `doc`: the file whose sshd_config.d block is used (deploy/sshd/reservaflow.conf, which the docs name).
    init(venue: E2EVenue, doc: String = PrivateSSHD.block, role: Role = .podium) throws {
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

    /// The repository's sshd block, which docs/deploy.md and docs/security.md name instead of copying it.
    static let block = "deploy/sshd/reservaflow.conf"

    /// The `# /etc/ssh/sshd_config.d/reservaflow.conf` block of `doc`, as written there: the whole file
    /// for a .conf file, else the fenced block of a document that starts with that line.
    static func sshdBlock(_ doc: String) throws -> String {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { root.deleteLastPathComponent() }
        let text = try String(contentsOf: root.appendingPathComponent(doc), encoding: .utf8)
        if doc.hasSuffix(".conf") { return text }
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
