import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

@Suite("Configuration")
struct ConfigurationTests {
    /// A temporary directory with `config/reservaflow/config.toml` (as XDG_CONFIG_HOME) and a checkout with `.stack/env`.
    final class Sandbox {
        let root: URL
        var xdg: URL { root.appendingPathComponent("config") }
        var checkout: URL { root.appendingPathComponent("checkout") }
        var subdirectory: URL { checkout.appendingPathComponent("Sources/deep/er") }

        init(configTOML: String? = nil, stackEnv: String? = nil) throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("rf-config-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: subdirectory, withIntermediateDirectories: true)
            if let configTOML {
                try FileManager.default.createDirectory(at: xdg.appendingPathComponent("reservaflow"), withIntermediateDirectories: true)
                try configTOML.write(to: xdg.appendingPathComponent("reservaflow/config.toml"), atomically: true, encoding: .utf8)
            }
            if let stackEnv {
                try FileManager.default.createDirectory(at: checkout.appendingPathComponent(".stack"), withIntermediateDirectories: true)
                try stackEnv.write(to: checkout.appendingPathComponent(".stack/env"), atomically: true, encoding: .utf8)
            }
        }

        deinit { try? FileManager.default.removeItem(at: root) }

        func load(_ overrides: Configuration.Overrides = .init(), env: [String: String] = [:]) throws -> Configuration {
            try Configuration.load(overrides, environment: ["XDG_CONFIG_HOME": xdg.path].merging(env) { $1 },
                                   currentDirectory: subdirectory.path)
        }
    }

    static let toml = """
        database_url = "postgresql://file/db"
        redis_url = "redis://file:6379/0"
        smtp_url = "smtp://file:25"
        """
    static let stack = "DATABASE_URL=postgresql://stack/db\nREDIS_URL=redis://:p=w@stack:1/0\nPG_ADMIN_URL=postgresql://stack/postgres\n"

    @Test("flag beats environment beats config file beats .stack/env, key by key")
    func precedence() throws {
        let box = try Sandbox(configTOML: Self.toml, stackEnv: Self.stack)
        let all = try box.load(.init(databaseURL: "postgresql://flag/db"),
                               env: ["DATABASE_URL": "postgresql://env/db", "REDIS_URL": "redis://env:6379/0"])
        #expect(all.databaseURL == "postgresql://flag/db")
        #expect(all.redisURL == "redis://env:6379/0")
        #expect(all.smtpURL == "smtp://file:25")
        #expect(all.sources["DATABASE_URL"] == "flag")
        #expect(all.sources["REDIS_URL"] == "environment")
        #expect(all.sources["SMTP_URL"] == box.xdg.appendingPathComponent("reservaflow/config.toml").path)

        let fileOnly = try box.load()
        #expect(fileOnly.databaseURL == "postgresql://file/db")

        let stackOnly = try Sandbox(stackEnv: Self.stack).load()
        #expect(stackOnly.databaseURL == "postgresql://stack/db")
        #expect(stackOnly.redisURL == "redis://:p=w@stack:1/0")  // only the first '=' splits
        #expect(stackOnly.smtpURL == nil)
        #expect(stackOnly.sources["DATABASE_URL"]?.hasSuffix("checkout/.stack/env") == true)
    }

    @Test("empty values do not count; other environment variables are ignored")
    func emptyValues() throws {
        let box = try Sandbox(stackEnv: Self.stack)
        let c = try box.load(.init(databaseURL: ""), env: ["DATABASE_URL": "", "PATH": "/bin", "REDIS_URL": "redis://env/0"])
        #expect(c.databaseURL == "postgresql://stack/db")
        #expect(c.redisURL == "redis://env/0")
    }

    @Test("a named config file must exist and parse; with nothing at all the database is reported unavailable")
    func errors() throws {
        let box = try Sandbox()
        let missing = box.root.appendingPathComponent("nope.toml").path
        #expect(throws: ReservationError.invalid(field: "config", message: "Cannot read config file \(missing).")) {
            try box.load(.init(configFile: missing))
        }
        let bad = box.root.appendingPathComponent("bad.toml")
        try "database_url = ".write(to: bad, atomically: true, encoding: .utf8)
        #expect(throws: ReservationError.self) { try box.load(.init(configFile: bad.path)) }

        let named = box.root.appendingPathComponent("named.toml")
        try "database_url = \"postgresql://named/db\"".write(to: named, atomically: true, encoding: .utf8)
        #expect(try box.load(.init(configFile: named.path)).databaseURL == "postgresql://named/db")

        do {
            _ = try box.load()
            Issue.record("loaded a configuration from nothing")
        } catch let error as ReservationError {
            guard case .databaseUnavailable = error else { Issue.record("expected databaseUnavailable, got \(error)"); return }
            #expect(error.exitCode == 5)
        } catch {
            Issue.record("expected databaseUnavailable, got \(error)")
        }
    }

    @Test("without XDG_CONFIG_HOME the file is looked for under HOME/.config")
    func homeConfig() throws {
        let box = try Sandbox(configTOML: Self.toml)
        try FileManager.default.createDirectory(at: box.root.appendingPathComponent("home/.config"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: box.xdg.appendingPathComponent("reservaflow"),
                                         to: box.root.appendingPathComponent("home/.config/reservaflow"))
        #expect(try Configuration.load(environment: ["HOME": box.root.path + "/home"], currentDirectory: box.subdirectory.path)
            .databaseURL == "postgresql://file/db")
    }

    @Test("redacted URLs hide the password only")
    func redaction() {
        #expect(redactedURL("postgresql://rf:s3cret@db:5432/rf") == "postgresql://rf:***@db:5432/rf")
        #expect(redactedURL("redis://db:6379/0") == "redis://db:6379/0")
        #expect(!redactedURL("redis://:s3cret@db:6379/0").contains("s3cret"))
    }
}

@Suite("RedisEndpoint")
struct RedisEndpointTests {
    @Test("parses host, port, password and database", arguments: [
        ("redis://127.0.0.1:22964/0", RedisEndpoint.expect("127.0.0.1", 22964, nil, 0)),
        ("redis://:s3cret@cache.internal:6380/2", RedisEndpoint.expect("cache.internal", 6380, "s3cret", 2)),
        ("redis://localhost", RedisEndpoint.expect("localhost", 6379, nil, 0)),
        ("redis://user:pw@localhost/", RedisEndpoint.expect("localhost", 6379, "pw", 0)),
        ("redis://:@localhost:1/3", RedisEndpoint.expect("localhost", 1, nil, 3)),
        ("redis://:p%40ss%2Fword@h:1/0", RedisEndpoint.expect("h", 1, "p@ss/word", 0)),
        ("redis://:100%25sure@h:1/0", RedisEndpoint.expect("h", 1, "100%sure", 0)),
        ("redis://:a%2541@h:1/0", RedisEndpoint.expect("h", 1, "a%41", 0)),
    ] as [(String, RedisEndpoint.Expected)])
    func parses(url: String, expected: RedisEndpoint.Expected) throws {
        let e = try #require(RedisEndpoint(url: url))
        #expect(e.host == expected.host)
        #expect(e.port == expected.port)
        #expect(e.password == expected.password)
        #expect(e.database == expected.database)
    }

    @Test("other schemes and host-less URLs are refused", arguments: ["http://127.0.0.1:6379", "127.0.0.1:6379", "redis://", "redis:///0", "",
                                                                     "redis-sentinel://h:1", "redis-sentinel://h:1/", "redis-sentinel://h/m",
                                                                     "redis-sentinel://h:1,/m", "redis-sentinel://h:99999/m", "redis-sentinel://h:1/m/x",
                                                                     "redis-sentinel://:pw@/m", "redis-sentinel://h:1/m/0/1"])
    func refuses(url: String) {
        #expect(RedisEndpoint(url: url) == nil)
    }

    @Test("Sentinel URLs: the sentinels in order, the master's name, password and database")
    func sentinelURLs() throws {
        let e = try #require(RedisEndpoint(url: "redis-sentinel://:p%40ss@127.0.0.1:26379,10.0.0.2:26380,[::1]:26381/rfmaster/3"))
        #expect(e.sentinels == [.init(host: "127.0.0.1", port: 26379), .init(host: "10.0.0.2", port: 26380), .init(host: "::1", port: 26381)])
        #expect(e.masterName == "rfmaster" && e.password == "p@ss" && e.database == 3)
        let plain = try #require(RedisEndpoint(url: "redis-sentinel://s1:26379/main"))
        #expect(plain.sentinels.count == 1 && plain.masterName == "main" && plain.password == nil && plain.database == 0)
        #expect(try #require(RedisEndpoint(url: "redis://h:1/0")).masterName == nil)
        #expect(redactedURL("redis-sentinel://:s3cretpw@h:1,h:2/m/0") == "redis-sentinel://:***@h:1,h:2/m/0")
    }
}

extension RedisEndpoint {
    struct Expected: Sendable {
        var host: String
        var port: Int32
        var password: String?
        var database: Int
    }
    static func expect(_ host: String, _ port: Int32, _ password: String?, _ database: Int) -> Expected {
        Expected(host: host, port: port, password: password, database: database)
    }
}

@Suite("Secrets in messages")
struct RedactionTests {
    @Test("passwords are masked in URLs, key=value strings and messages quoting them", arguments: [
        ("postgresql://u:KwSecret123@db/x", "postgresql://u:***@db/x"),
        ("redis://:sec#ret@127.0.0.1:6379/0", "redis://:***@127.0.0.1:6379/0"),
        ("host=db password=KwSecret123 dbname=x", "host=db password=*** dbname=x"),
        ("host=db password = 'Kw Secret\\' 123' dbname=x", "host=db password = *** dbname=x"),
        ("postgresql://db/x?user=u&password=KwSecret123&sslmode=require", "postgresql://db/x?user=u&password=***&sslmode=require"),
        ("missing \"=\" after \"password=KwSecret123\" in connection info string", "missing \"=\" after \"password=*** in connection info string"),
    ])
    func masked(input: String, expected: String) {
        #expect(Redaction.connectionString(input) == expected)
        #expect(!Redaction.connectionString(input).contains("Secret"))
    }

    @Test("a library's message is cleaned of the password it was handed, wherever it quotes it")
    func messageMasksTheKnownPassword() {
        let url = "postgresql://u:KwSecret123@db/x"
        #expect(Redaction.message("server said: KwSecret123 is odd", connection: url) == "server said: *** is odd")
        #expect(Redaction.password(in: "host=db password='a b c d' x=1") == "a b c d")
        #expect(Redaction.password(in: url) == "KwSecret123")
        #expect(Redaction.password(in: "postgresql://u@db/x") == nil)
    }

    @Test("connect errors that mean 'busy' are told from 'unreachable'")
    func busyClassification() {
        #expect(PGConnection.isBusyAtConnect("connection to server at \"127.0.0.1\", port 5432 failed: timeout expired"))
        #expect(PGConnection.isBusyAtConnect("FATAL: sorry, too many clients already"))
        #expect(PGConnection.isBusyAtConnect("FATAL: the database system is starting up"))
        #expect(!PGConnection.isBusyAtConnect("connection to server at \"127.0.0.1\", port 1 failed: Connection refused"))
        #expect(!PGConnection.isBusyAtConnect("FATAL: password authentication failed for user \"x\""))
    }
}

@Suite("Password policy")
struct PasswordPolicyTests {
    @Test("common, trivial and self-naming passwords are refused; ordinary passphrases pass")
    func policy() {
        for weak in ["password", "PASSWORD", "12345678", "qwertyuiop", "        ", "aaaaaaaa", "abababab", "abcdefgh", "98765432", "contraseña"] {
            #expect(PasswordPolicy.problem(weak) != nil, "\(weak)")
        }
        #expect(PasswordPolicy.problem("ana-at-the-door", username: "ana") != nil)
        #expect(PasswordPolicy.problem("short") != nil)
        for fine in ["correct horse battery", "podium-demo", "Tr0mb0ne-Sunday", "mesa para dos, por favor"] {
            #expect(PasswordPolicy.problem(fine, username: "ana") == nil, "\(fine)")
        }
    }
}
