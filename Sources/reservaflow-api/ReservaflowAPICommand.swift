import ArgumentParser
import Foundation
import Hummingbird
import Logging
import ReservaFlowAPI
import ReservationCore
import ReservationDomain
import ServiceLifecycle

/// `reservaflow-api`: the online channel, the original's REST API on Hummingbird 2 (docs/api.md).
@main
struct ReservaflowAPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reservaflow-api",
        abstract: "The ReservaFlow REST API: online bookings as holds, guest accounts and tokens, the original's paths.",
        discussion: "Settings as for reservaflow: flags, then DATABASE_URL / REDIS_URL / LINK_SECRET, then the config file, then the checkout's .stack/env. Stops cleanly on SIGTERM or SIGINT.")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0: any free port, printed at start).") var port = 8000
    @Option(name: .customLong("database-url"), help: "PostgreSQL URL (a password here is visible in `ps`: prefer DATABASE_URL).")
    var databaseURL: String?
    @Option(name: .customLong("redis-url"), help: "Redis URL (prefer REDIS_URL, for the same reason).") var redisURL: String?
    @Option(name: .customLong("config"), help: "TOML config file.") var configFile: String?
    @Option(help: "Database connections for writes (each on its own thread).") var connections = 8
    @Option(help: "Database connections for reads (GET), so lookups never wait behind bookings.") var readConnections = 4
    @Option(help: "Bookings a minute per signed-in guest (0: no limit).") var bookingsPerGuest = RateLimits().bookingsPerGuest
    @Option(help: "Bookings a minute per client address (0: no limit).") var bookingsPerAddress = RateLimits().bookingsPerAddress
    @Option(help: "Sign-ins and registrations a minute per client address (0: no limit).") var authPerAddress = RateLimits().authPerAddress
    @Option(help: "Requests a minute per client address (0: no limit).") var requestsPerAddress = RateLimits().requestsPerAddress
    @Option(help: "Minutes an access token lives.") var accessMinutes = 15.0
    @Option(help: "Days a refresh token lives.") var refreshDays = 14.0
    @Option(help: ArgumentHelp("Rows per database read when a list is streamed whole.", visibility: .hidden)) var streamBatch = 2000
    @Option(help: "Seconds a keep-alive connection may wait between requests before it is closed.")
    var idleTimeout = ConnectionLimits().idleTimeout
    @Option(help: "Seconds a client has to send a whole request head (from connecting, or from the next request's first byte).")
    var headerTimeout = ConnectionLimits().headerTimeout
    @Option(help: "Seconds a client has to send a whole request body, from its head.")
    var bodyTimeout = ConnectionLimits().bodyTimeout
    @Option(help: "Connections served at once; more wait to be accepted until one closes.")
    var maxConnections = ConnectionLimits().maxConnections
    @Flag(help: "Take the client's address from X-Forwarded-For (only behind your own proxy).") var trustForwardedFor = false
    @Option(help: "Log level: \(ProgramStart.levelNames.joined(separator: ", ")).") var logLevel = "info"

    func run() async throws {
        let start: ProgramStart
        do { start = try ProgramStart(program: "reservaflow-api", logLevel: logLevel) } catch { throw exit(error) }
        let configuration: APIConfiguration
        do {
            try checkConnectionFlags()
            let database = try start.configuration(.init(databaseURL: databaseURL, redisURL: redisURL, configFile: configFile))
            try start.checkDatabase(database)
            configuration = try apiConfiguration(database)
        } catch {
            throw exit(error)
        }
        let logger = start.logger
        FileDescriptors.raiseSoftLimit(toServe: configuration.connections.maxConnections, logger: logger)
        if configuration.settings.linkSecret == nil { logger.notice("no LINK_SECRET: hold e-mails carry no confirm link, and /confirm/ answers 404") }
        let app = buildApplication(configuration, logger: logger) { channel in
            let where_ = channel.localAddress.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "?"
            // One line on stdout, for scripts and tests that start us on port 0.
            FileHandle.standardOutput.write(Data("reservaflow-api listening on http://\(where_)\n".utf8))
        }
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }

    /// A value out of range is an error, not a default.
    private func checkConnectionFlags() throws(ReservationError) {
        for (name, value) in [("idle-timeout", idleTimeout), ("header-timeout", headerTimeout), ("body-timeout", bodyTimeout)] {
            guard value > 0, value <= 3600 else {
                throw .invalid(field: name, message: "--\(name) is in seconds, more than 0 and at most 3600, not \(value).")
            }
        }
        guard (1...1_000_000).contains(maxConnections) else {
            throw .invalid(field: "max-connections", message: "--max-connections must be 1 or more, not \(maxConnections).")
        }
    }

    /// The flags and the loaded settings as the application's configuration.
    private func apiConfiguration(_ database: Configuration) throws(ReservationError) -> APIConfiguration {
        guard (0...65535).contains(port) else { throw .invalid(field: "port", message: "\(port) is not a port.") }
        var c = APIConfiguration(database: database)
        c.connections.idleTimeout = idleTimeout
        c.connections.headerTimeout = headerTimeout
        c.connections.bodyTimeout = bodyTimeout
        c.connections.maxConnections = maxConnections
        c.host = host
        c.port = port
        c.writeBooks = connections
        c.readBooks = readConnections
        c.settings.limits.bookingsPerGuest = bookingsPerGuest
        c.settings.limits.bookingsPerAddress = bookingsPerAddress
        c.settings.limits.authPerAddress = authPerAddress
        c.settings.limits.requestsPerAddress = requestsPerAddress
        c.settings.tokens = TokenLifetimes(access: max(1, accessMinutes) * 60, refresh: max(0.01, refreshDays) * 86_400)
        c.settings.linkSecret = c.database.linkSecret
        c.settings.trustForwardedFor = trustForwardedFor
        c.settings.streamBatch = max(1, streamBatch)
        return c
    }

    /// Prints the error (secrets masked) and gives the documented exit code.
    private func exit(_ error: any Error) -> ExitCode {
        ExitCode(ProgramStart.report(error, program: "reservaflow-api"))
    }
}
