import Foundation
import Glibc
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

/// The checkout's private PostgreSQL + Redis (`scripts/stack.sh up`), and a fresh database per test.
///
/// Settings come from the environment first (`make test` exports them from `.stack/env`), then from
/// `.stack/env` at the repository root. A migrated template database is made once per process (guarded
/// across processes by an advisory lock); each test then gets `CREATE DATABASE ... TEMPLATE`, which is a
/// file copy and takes a fraction of a second.
enum TestStack {
    struct Settings: Sendable {
        /// The programs' role: no superuser, owns nothing (what every test's book connects as).
        var databaseURL: String
        /// The schema owner, which runs migrations and may poke at the schema in tests.
        var migrationURL: String
        var redisURL: String
        /// The stack's superuser: creates and drops the scratch databases.
        var adminURL: String
        /// reservaflow-api's and reservaflowd's own roles (migration 19).
        var apiURL: String
        var daemonURL: String
    }

    /// The programs' roles: staff's tools (the TUI and CLI, `databaseURL`), the API, the daemon.
    enum ProgramRole { case tools, api, daemon }

    static let settings: Settings = {
        let env = ProcessInfo.processInfo.environment
        let file = stackEnvFile()
        func value(_ key: String) -> String {
            if let v = env[key], !v.isEmpty { return v }
            if let v = file[key], !v.isEmpty { return v }
            fatalError("\(key) is not set and .stack/env has none: run `scripts/stack.sh up` first")
        }
        return Settings(databaseURL: value("DATABASE_URL"), migrationURL: value("MIGRATION_DATABASE_URL"),
                        redisURL: value("REDIS_URL"), adminURL: value("PG_ADMIN_URL"),
                        apiURL: value("API_DATABASE_URL"), daemonURL: value("DAEMON_DATABASE_URL"))
    }()

    /// `.stack/env` of this checkout, found the way the program finds it, starting from this source file.
    private static func stackEnvFile() -> [String: String] {
        Configuration.stackEnv(from: URL(fileURLWithPath: #filePath).deletingLastPathComponent().path)?.1 ?? [:]
    }

    /// The URL of another database on the same server, as the programs' role.
    static func url(forDatabase name: String) -> String { url(settings.databaseURL, database: name) }

    /// `url` (any database, host or port) with `role`'s credentials instead of its own: what the API or the
    /// daemon is given, in tests as in production.
    static func url(_ url: String, as role: ProgramRole) -> String {
        let credentials = URLComponents(string: role == .tools ? settings.databaseURL : role == .api ? settings.apiURL : settings.daemonURL)!
        var u = URLComponents(string: url)!
        u.percentEncodedUser = credentials.percentEncodedUser
        u.percentEncodedPassword = credentials.percentEncodedPassword
        return u.string!
    }

    /// The same database as its owner.
    static func ownerURL(forDatabase name: String) -> String { url(settings.migrationURL, database: name) }

    private static func url(_ base: String, database name: String) -> String {
        var u = URLComponents(string: base)!
        u.path = "/" + name
        return u.string!
    }

    static func owner(_ database: String) throws -> PGConnection { try PGConnection(url: ownerURL(forDatabase: database)) }

    static func admin() throws -> PGConnection { try PGConnection(url: settings.adminURL) }

    /// `rf_template_<version>_<checksum of the migrations>`: editing a migration during development
    /// yields a new template instead of silently reusing a stale one.
    static let templateName: String = {
        var hash: UInt32 = 2_166_136_261
        for m in Migrator.all {
            for byte in "\(m.version)\(m.name)\(m.sql)".utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        }
        return "rf_template_\(Migrator.latestVersion)_" + String(hash, radix: 16)
    }()

    /// Created once per process on first use.
    private static let template: Result<String, TestStackError> = Result { try makeTemplate() }
        .mapError { $0 as? TestStackError ?? TestStackError("\($0)") }

    private static func makeTemplate() throws -> String {
        let admin = try admin()
        try admin.query("SELECT pg_advisory_lock(7243999)")
        defer { _ = try? admin.query("SELECT pg_advisory_unlock(7243999)") }
        dropLeftovers(admin)
        let name = templateName
        if try admin.queryOne("SELECT 1 AS one FROM pg_database WHERE datname = $1", [name]) != nil {
            let version = try Migrator.currentVersion(owner(name))
            if version == Migrator.latestVersion { return name }
            try admin.query("DROP DATABASE \(quoted(name)) WITH (FORCE)")
        }
        // Build under a temporary name and rename when complete, so a crash never leaves a half-made template.
        let building = name + "_building"
        try admin.query("DROP DATABASE IF EXISTS \(quoted(building)) WITH (FORCE)")
        try admin.query("CREATE DATABASE \(quoted(building)) OWNER reservaflow_owner TEMPLATE template0")
        // Migrated as the owner, as `reservaflow migrate` does with the stack's settings.
        try Migrator.migrate(owner(building))
        try admin.query("ALTER DATABASE \(quoted(building)) RENAME TO \(quoted(name))")
        return name
    }

    /// Templates of other migration sets, and test databases whose process has died.
    private static func dropLeftovers(_ admin: PGConnection) {
        let names = (try? admin.query("SELECT datname FROM pg_database WHERE datname LIKE 'rf\\_%'").map { try $0.string("datname") }) ?? []
        for name in names {
            if name.hasPrefix("rf_template_"), name != templateName {
                _ = try? admin.query("DROP DATABASE \(quoted(name)) WITH (FORCE)")
            } else if name.hasPrefix("rf_t_"), let pid = Int32(name.split(separator: "_")[2]), kill(pid, 0) != 0, errno == ESRCH {
                _ = try? admin.query("DROP DATABASE \(quoted(name)) WITH (FORCE)")
            }
        }
    }

    /// A new, migrated, empty database: `rf_t_<pid>_<random>`.
    static func makeDatabase() throws -> String {
        let template = try template.get()
        let name = newDatabaseName()
        try admin().query("CREATE DATABASE \(quoted(name)) OWNER reservaflow_owner TEMPLATE \(quoted(template))")
        // Every test DB starts its ids at 1, but Redis keys are namespaced by restaurant id and Redis is shared.
        let db = try owner(name)
        try db.query("SELECT setval('restaurants_id_seq', $1::bigint)", [Int64.random(in: 1_000_000...1_000_000_000_000)])
        return name
    }

    /// An empty database with no schema at all (for the migration tests).
    static func makeEmptyDatabase() throws -> String {
        let name = newDatabaseName()
        try admin().query("CREATE DATABASE \(quoted(name)) OWNER reservaflow_owner TEMPLATE template0")
        return name
    }

    private static func newDatabaseName() -> String {
        "rf_t_\(getpid())_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
    }

    /// Best effort: forgets the database's Redis keys (`rf:<database>:...`) and drops it, closing any
    /// connection still open.
    static func dropDatabase(_ name: String) {
        if let redis = try? redisConnection(),
           let keys = try? redis.command(["KEYS", "rf:\(name):*"]).array.compactMap(\.string), !keys.isEmpty {
            _ = try? redis.command(["DEL"] + keys)
        }
        _ = try? admin().query("DROP DATABASE IF EXISTS \(quoted(name)) WITH (FORCE)")
    }

    /// Database names here are generated, never user input; quoting is belt and braces.
    static func quoted(_ name: String) -> String {
        precondition(name.range(of: "^[a-z0-9_]+$", options: .regularExpression) != nil, "unexpected database name \(name)")
        return "\"\(name)\""
    }

    static func redisConnection() throws -> RedisConnection {
        let endpoint = RedisEndpoint(url: settings.redisURL)!
        return try endpoint.connect()
    }
}

struct TestStackError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
