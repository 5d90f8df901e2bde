import Foundation
import Glibc
import Testing
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

/// Issue 19, "Secrets": every user on the machine can read every process's command line (`ps`,
/// /proc/PID/cmdline). No password of the private stack may appear there while the stack, a TUI session
/// (started by the end-to-end tests' tmux) and the API run.
@Suite("Secrets stay out of the process list (issue 19)", .serialized)
struct ProcessListSecretsTests {
    /// The stack's secrets by name: the passwords inside .stack/env's URLs (and the settings the tests
    /// use), and the link secret.
    static func secrets() -> [(String, String)] {
        var values: [String: String] = [:]
        if let (_, file) = Configuration.stackEnv(from: URL(fileURLWithPath: #filePath).deletingLastPathComponent().path) {
            values = file
        }
        values["DATABASE_URL (tests)"] = TestStack.settings.databaseURL
        values["MIGRATION_DATABASE_URL (tests)"] = TestStack.settings.migrationURL
        values["REDIS_URL (tests)"] = TestStack.settings.redisURL
        values["PG_ADMIN_URL (tests)"] = TestStack.settings.adminURL
        var out: [(String, String)] = []
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            if key == "LINK_SECRET" { out.append((key, value)) }
            if let password = URLComponents(string: value)?.password, !password.isEmpty {
                out.append((key, password.removingPercentEncoding ?? password))
            }
        }
        return out
    }

    /// Every process's command line, as any user sees it (no column cut).
    static func processList() throws -> String {
        let run = try DoorProcess.run("/bin/ps", ["-e", "-ww", "-o", "pid=,args="])
        guard run.status == 0 else { throw E2EError("ps failed: \(run.stderr)") }
        return run.stdout
    }

    @Test func noPasswordIsOnAnyCommandLineWhileTheStackATUIAndTheAPIRun() throws {
        let secrets = Self.secrets()
        try #require(secrets.count >= 4, "the stack's passwords were not found")
        let venue = try E2EVenue()
        let tui = try venue.signedIn()
        let shell = try TmuxSession.shell(environment: venue.environment)
        try shell.waitFor(text: "bash-")
        let api = try APIServer(databaseURL: venue.databaseURL)
        try tui.waitFor(text: "E2E Bistro")
        let ps = try Self.processList()
        // Failures name the secret and show the line with every secret masked (a test log is no place for them).
        func masked(_ line: Substring) -> String {
            secrets.reduce(String(line)) { $0.replacingOccurrences(of: $1.1, with: "<\($1.0)>") }
        }
        let running = ["reservaflow --restaurant e2e", "tmux", "reservaflow-api", "redis-server", "postgres"].filter { !ps.contains($0) }
        #expect(running.isEmpty, "not running: \(running) in\n\(masked(ps[...]))")
        for (name, secret) in secrets {
            let lines = ps.split(separator: "\n").filter { $0.contains(secret) }.map(masked)
            #expect(lines.isEmpty, "\(name)'s password is visible in ps: \(lines)")
        }
        _ = api
    }

    /// Redis reads its password from a private file, never from its command line (where it was visible at
    /// every start, before Redis rewrites its process title).
    @Test func redisTakesItsPasswordFromAPrivateFile() throws {
        let redis = try TestStack.redisConnection()
        let info = try redis.command(["INFO", "server"]).string ?? ""
        let file = info.split(whereSeparator: \.isNewline).first { $0.hasPrefix("config_file:") }.map { String($0.dropFirst("config_file:".count)) } ?? ""
        try #require(!file.isEmpty, "Redis was started without a config file:\n\(info)")
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o600, "\(file) is \(String(mode ?? 0, radix: 8))")
        let password = try #require(URLComponents(string: TestStack.settings.redisURL)?.password)
        let holdsIt = try String(contentsOfFile: file, encoding: .utf8).contains(password)
        #expect(holdsIt, "\(file) does not hold REDIS_URL's password")
        // The running server's command line, as its start left it.
        let pid = info.split(whereSeparator: \.isNewline).first { $0.hasPrefix("process_id:") }.map { String($0.dropFirst("process_id:".count)) } ?? ""
        let cmdline = try String(decoding: Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")), as: UTF8.self)
        let masked = cmdline.replacingOccurrences(of: password, with: "***")
        #expect(!masked.contains("***") && !masked.contains("requirepass"), "Redis's command line: \(masked)")
    }
}
