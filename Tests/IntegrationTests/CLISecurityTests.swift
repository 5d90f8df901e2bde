import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Issue 6 through the real binary: who the audit log names, and secrets in output and errors.
@Suite("Command line: audit identity and secrets")
struct CLISecurityTests {
    static let secret = "KwSecret123"

    @Test("the audit log names the process's real account, not $USER")
    func auditNamesTheRealAccount() throws {
        let t = try TestEnv(now: Date())
        let r = try t.venue()
        let run = try CLITests.run(["book", "--restaurant", r.slug, "--date", "tomorrow", "--time", "19:00", "--party", "2",
                                    "--name", "Ana Ruiz", "--phone", "600 123 456", "--json"],
                                   database: t.databaseURL, extraEnvironment: ["USER": "Ana García (host)", "LOGNAME": "Ana García (host)"])
        #expect(run.status == 0, "\(run.stderr)")
        let row = try #require(try t.sql.queryOne("SELECT actor, os_account FROM audit_log WHERE action = 'book'"))
        #expect(try row.string("actor") == "cli:\(OSAccount.current)")
        #expect(try row.string("os_account") == OSAccount.current)
        #expect(try !row.string("actor").contains("García"))
    }

    @Test("no password reaches output or errors, in URL or key=value form, from us or from libpq", arguments: [
        ["config", "--database-url", "host=127.0.0.1 password=\(secret)"],
        ["config", "--json", "--database-url", "host=127.0.0.1 password='\(secret)'"],
        ["tables", "--database-url", "postgresql://someone:\(secret)@127.0.0.1:1/none"],
        ["tables", "--database-url", "host=127.0.0.1 port=1 password=\(secret) dbname=none"],
        ["tables", "--database-url", "host=127.0.0.1 password=\(secret) nonsense"],
        ["tables", "--database-url", "postgresql://someone:\(secret)@127.0.0.1:1/none?sslmode=bogus"],
        ["tables", "--redis-url", "redis://:sec#\(secret)@127.0.0.1:1/0"],
        ["config", "--redis-url", "redis://:sec#\(secret)@127.0.0.1:1/0"],
    ])
    func secretsAreMasked(arguments: [String]) throws {
        let t = try TestEnv(now: Date())
        _ = try t.venue()
        let run = try CLITests.run(arguments, database: t.databaseURL)
        #expect(!run.stdout.contains(Self.secret), "stdout: \(run.stdout)")
        #expect(!run.stderr.contains(Self.secret), "stderr: \(run.stderr)")
        #expect(!(run.stdout + run.stderr).contains("sec#"))
    }

    @Test("the private stack's settings and secrets are readable by their owner alone")
    func stackFilesArePrivate() throws {
        guard let (path, _) = Configuration.stackEnv(from: URL(fileURLWithPath: #filePath).deletingLastPathComponent().path) else {
            return  // settings came from the environment: no private stack in this checkout
        }
        let dir = (path as NSString).deletingLastPathComponent
        for file in ["env", "secrets"] {
            let mode = try FileManager.default.attributesOfItem(atPath: dir + "/" + file)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(file) is \(String(mode ?? 0, radix: 8))")
        }
    }
}
