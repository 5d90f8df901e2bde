import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Passwords from files, as a container gets them (compose.yaml's secrets): the URL names the server and
/// its user, the file holds the password, and the two meet only inside the program.
@Suite("Configuration: secrets from files")
struct SecretFileTests {
    /// A folder of secret files, gone with the value.
    final class Secrets {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rf-secrets-\(UUID().uuidString)")
        init(_ files: [String: String]) throws {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        }
        deinit { try? FileManager.default.removeItem(at: folder) }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    }

    static func load(_ env: [String: String]) throws -> Configuration {
        try Configuration.load(environment: env, currentDirectory: "/")
    }

    @Test("each URL gets the password of its file; the link key comes from its file; the newline is dropped")
    func passwordsFill() throws {
        let s = try Secrets(["db": "pw-db\n", "owner": "pw/owner:@", "redis": "pw-redis", "smtp": "pw-smtp", "link": "k3y\n"])
        let c = try Self.load([
            "DATABASE_URL": "postgresql://reservaflow_daemon@db:5432/reservaflow", "DATABASE_PASSWORD_FILE": s.path("db"),
            "MIGRATION_DATABASE_URL": "postgresql://reservaflow_owner@db/reservaflow?connect_timeout=2",
            "MIGRATION_DATABASE_PASSWORD_FILE": s.path("owner"),
            "REDIS_URL": "redis://redis:6379/0", "REDIS_PASSWORD_FILE": s.path("redis"),
            "SMTP_URL": "smtp://relay-user@relay.example:587", "SMTP_PASSWORD_FILE": s.path("smtp"),
            "LINK_SECRET_FILE": s.path("link"),
        ])
        #expect(c.databaseURL == "postgresql://reservaflow_daemon:pw-db@db:5432/reservaflow")
        #expect(c.migrationDatabaseURL == "postgresql://reservaflow_owner:pw%2Fowner%3A%40@db/reservaflow?connect_timeout=2")
        #expect(c.redisURL == "redis://:pw-redis@redis:6379/0")
        #expect(RedisEndpoint(url: c.redisURL!)?.password == "pw-redis")
        #expect(c.smtpURL == "smtp://relay-user:pw-smtp@relay.example:587")
        #expect(c.linkSecret == "k3y")
        #expect(c.sources["LINK_SECRET"] == "environment")
    }

    @Test("a libpq key=value string gets password='...', quoted")
    func keyValueString() throws {
        let s = try Secrets(["db": "it's"])
        let c = try Self.load(["DATABASE_URL": "host=db user=reservaflow_app dbname=reservaflow", "DATABASE_PASSWORD_FILE": s.path("db")])
        #expect(c.databaseURL == #"host=db user=reservaflow_app dbname=reservaflow password='it\'s'"#)
    }

    @Test("a missing or empty file, or a password in two places, is refused naming the setting to fix")
    func refusals() throws {
        let s = try Secrets(["empty": "\n", "db": "pw"])
        let missing = s.path("nope")
        for (env, field, words) in [
            (["DATABASE_URL": "postgresql://u@db/r", "DATABASE_PASSWORD_FILE": missing], "DATABASE_PASSWORD_FILE", "Cannot read \(missing)"),
            (["DATABASE_URL": "postgresql://u@db/r", "DATABASE_PASSWORD_FILE": s.path("empty")], "DATABASE_PASSWORD_FILE", "is empty"),
            (["DATABASE_URL": "postgresql://u:old@db/r", "DATABASE_PASSWORD_FILE": s.path("db")], "DATABASE_PASSWORD_FILE", "keep one"),
            (["DATABASE_URL": "postgresql://u@db/r", "LINK_SECRET": "a", "LINK_SECRET_FILE": s.path("db")], "LINK_SECRET_FILE", "keep one"),
        ] {
            #expect {
                try Self.load(env)
            } throws: { error in
                guard case ReservationError.invalid(let f, let message) = error else { return false }
                return f == field && message.contains(words)
            }
        }
    }

    @Test("no file settings: the URLs are as given")
    func untouched() throws {
        let c = try Self.load(["DATABASE_URL": "postgresql://u:p@db/r", "REDIS_URL": "redis://r:6379/0"])
        #expect(c.databaseURL == "postgresql://u:p@db/r")
        #expect(c.redisURL == "redis://r:6379/0")
    }
}
