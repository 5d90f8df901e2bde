import Foundation
import TOMLKit
import ReservationDomain
import ReservationNative

/// Where to find PostgreSQL, Redis and SMTP. Precedence: flags, then environment, then the TOML file
/// (`--config`, `$XDG_CONFIG_HOME/reservaflow/config.toml`, `/etc/reservaflow/config.toml`), then the
/// checkout's private stack (`.stack/env`, written by `make stack-up`).
public struct Configuration: Sendable {
    public var databaseURL: String
    /// The schema owner's connection, used by `reservaflow migrate` alone; without it migrations run as
    /// DATABASE_URL's role (which then owns the schema: see docs/security.md for why not to).
    public var migrationDatabaseURL: String?
    public var redisURL: String?
    public var smtpURL: String?
    /// The daemon's sender address when a venue has none.
    public var mailFrom: String?
    /// The key that signs the confirm links in hold e-mails (the daemon writes them, the API checks them).
    public var linkSecret: String?
    /// Where guests reach the REST API, for links in e-mails (e.g. https://book.example.com).
    public var publicURL: String?
    /// Where each value came from, for `reservaflow config` (values themselves are secrets).
    public var sources: [String: String]

    public init(databaseURL: String, redisURL: String?, smtpURL: String? = nil, migrationDatabaseURL: String? = nil,
                sources: [String: String] = [:]) {
        self.databaseURL = databaseURL
        self.migrationDatabaseURL = migrationDatabaseURL
        self.redisURL = redisURL
        self.smtpURL = smtpURL
        self.sources = sources
    }

    public struct Overrides: Sendable {
        public var databaseURL: String?
        public var redisURL: String?
        public var smtpURL: String?
        public var configFile: String?
        public init(databaseURL: String? = nil, redisURL: String? = nil, smtpURL: String? = nil, configFile: String? = nil) {
            self.databaseURL = databaseURL
            self.redisURL = redisURL
            self.smtpURL = smtpURL
            self.configFile = configFile
        }
    }

    /// The settings, by their environment names; config files use the same names in lower case.
    static let keys = ["DATABASE_URL", "MIGRATION_DATABASE_URL", "REDIS_URL", "SMTP_URL", "MAIL_FROM", "LINK_SECRET", "PUBLIC_URL"]
        + SecretFiles.keys

    public static func load(_ overrides: Overrides = Overrides(),
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            currentDirectory: String = FileManager.default.currentDirectoryPath) throws(ReservationError) -> Configuration {
        var layers: [(String, [String: String])] = []
        layers.append(("flag", [
            "DATABASE_URL": overrides.databaseURL, "REDIS_URL": overrides.redisURL, "SMTP_URL": overrides.smtpURL,
        ].compactMapValues { $0 }))
        layers.append(("environment", environment.filter { keys.contains($0.key) }))
        if let (path, values) = try configFile(overrides.configFile, environment: environment) {
            layers.append((path, values))
        }
        if let (path, values) = stackEnv(from: currentDirectory) { layers.append((path, values)) }

        var sources: [String: String] = [:]
        func pick(_ key: String) -> String? {
            for (name, values) in layers {
                if let v = values[key], !v.isEmpty {
                    sources[key] = name
                    return v
                }
            }
            return nil
        }
        // A URL whose password is in a file (a container's secret) gets it here, once.
        func pickURL(_ key: String) throws(ReservationError) -> String? {
            guard let url = pick(key) else { return nil }
            guard let (_, fileKey) = SecretFiles.passwords.first(where: { $0.url == key }), let path = pick(fileKey) else { return url }
            let password = try SecretFiles.read(path, setting: fileKey)
            return try SecretFiles.inserting(password: password, into: url, setting: key, fileSetting: fileKey)
        }
        guard let db = try pickURL("DATABASE_URL") else {
            throw .databaseUnavailable(detail: "no DATABASE_URL set; run `make stack-up` in the checkout, or set DATABASE_URL or a config file")
        }
        var c = Configuration(databaseURL: db, redisURL: try pickURL("REDIS_URL"), smtpURL: try pickURL("SMTP_URL"),
                              migrationDatabaseURL: try pickURL("MIGRATION_DATABASE_URL"), sources: sources)
        c.mailFrom = pick("MAIL_FROM")
        c.linkSecret = pick("LINK_SECRET")
        if let path = pick(SecretFiles.linkSecret) {
            guard c.linkSecret == nil else {
                throw .invalid(field: SecretFiles.linkSecret, message: "LINK_SECRET and LINK_SECRET_FILE are both set: keep one of them.")
            }
            c.linkSecret = try SecretFiles.read(path, setting: SecretFiles.linkSecret)
            sources["LINK_SECRET"] = sources[SecretFiles.linkSecret]
        }
        c.publicURL = pick("PUBLIC_URL")
        c.sources = sources
        return c
    }

    /// The first config file that exists; a named one (`--config`) must exist.
    static func configFile(_ named: String?, environment: [String: String]) throws(ReservationError) -> (String, [String: String])? {
        var candidates: [String] = []
        if let named { candidates.append(named) }
        let xdg = environment["XDG_CONFIG_HOME"] ?? environment["HOME"].map { $0 + "/.config" }
        if let xdg { candidates.append(xdg + "/reservaflow/config.toml") }
        candidates.append("/etc/reservaflow/config.toml")
        for path in candidates {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                if path == named { throw .invalid(field: "config", message: "Cannot read config file \(path).") }
                continue
            }
            do {
                let table = try TOMLTable(string: text)
                var values: [String: String] = [:]
                for envKey in keys {
                    let tomlKey = envKey.lowercased()
                    if let v = table[tomlKey]?.string { values[envKey] = v }
                }
                return (path, values)
            } catch {
                throw .invalid(field: "config", message: "\(path) is not valid TOML: \(Redaction.connectionString("\(error)"))")
            }
        }
        return nil
    }

    /// `.stack/env` of the checkout we are in (searched upwards), so commands work with no settings.
    static func stackEnv(from directory: String) -> (String, [String: String])? {
        var dir = URL(fileURLWithPath: directory)
        for _ in 0..<8 {
            let path = dir.appendingPathComponent(".stack/env").path
            if let text = try? String(contentsOfFile: path, encoding: .utf8) {
                var values: [String: String] = [:]
                for line in text.split(separator: "\n") {
                    guard let eq = line.firstIndex(of: "=") else { continue }
                    values[String(line[..<eq])] = String(line[line.index(after: eq)...])
                }
                return (path, values)
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        return nil
    }
}

/// Where Redis is: `redis://[:password@]host[:port][/db]`, or behind Sentinel,
/// `redis-sentinel://[:password@]host:port[,host:port...]/master-name[/db]`: the sentinels to ask, in order,
/// for the current master of `master-name` (Redis's Sentinel client rules; see `RedisEndpoint.connect`).
/// The one password is sent to the sentinels and to the master alike.
public struct RedisEndpoint: Equatable, Sendable {
    public struct Node: Equatable, Sendable {
        public var host: String
        public var port: Int32
    }

    /// The server (`redis://`), or the first sentinel.
    public var host: String
    public var port: Int32
    public var password: String?
    public var database: Int
    /// With Sentinel: every sentinel, in the order given, and the master's name.
    public var sentinels: [Node] = []
    public var masterName: String?

    public init?(url: String) {
        if url.hasPrefix("redis-sentinel://") {
            guard let parsed = Self.sentinel(url) else { return nil }
            self = parsed
            return
        }
        guard let u = URLComponents(string: url), u.scheme == "redis", let host = u.host, !host.isEmpty else { return nil }
        self.host = host
        self.port = Int32(u.port ?? 6379)
        // `URLComponents.password` is already percent-decoded; decoding again turned "100%25sure" into nil
        // (so no AUTH was sent) and "a%2541" into "aA".
        self.password = u.password.flatMap { $0.isEmpty ? nil : $0 }
        let path = u.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        self.database = path.isEmpty ? 0 : (Int(path) ?? 0)
    }

    /// A host list is no URL host that URLComponents reads, so this form is taken apart by hand.
    private init(host: String, port: Int32, password: String?, database: Int, sentinels: [Node], masterName: String?) {
        self.host = host
        self.port = port
        self.password = password
        self.database = database
        self.sentinels = sentinels
        self.masterName = masterName
    }

    private static func sentinel(_ url: String) -> RedisEndpoint? {
        var rest = Substring(url.dropFirst("redis-sentinel://".count))
        let authority = rest.prefix { $0 != "/" }
        rest = rest.dropFirst(authority.count)
        var hosts = authority
        var password: String? = nil
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            hosts = authority[authority.index(after: at)...]
            let secret = userInfo.firstIndex(of: ":").map { userInfo[userInfo.index(after: $0)...] } ?? ""
            guard let decoded = String(secret).removingPercentEncoding else { return nil }
            password = decoded.isEmpty ? nil : decoded
        }
        var nodes: [Node] = []
        for item in hosts.split(separator: ",", omittingEmptySubsequences: false) {
            guard let colon = item.lastIndex(of: ":"), let p = Int32(item[item.index(after: colon)...]), (1...65535).contains(p),
                  !item[..<colon].isEmpty else { return nil }
            // An IPv6 address comes in brackets ([::1]:26379); hiredis wants it bare.
            nodes.append(Node(host: item[..<colon].trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port: p))
        }
        let path = rest.split(separator: "/")
        guard let first = nodes.first, (1...2).contains(path.count), let name = path.first.map(String.init), !name.isEmpty else { return nil }
        var database = 0
        if path.count == 2 {
            guard let db = Int(path[1]), db >= 0 else { return nil }
            database = db
        }
        return RedisEndpoint(host: first.host, port: first.port, password: password, database: database, sentinels: nodes, masterName: name)
    }
}
