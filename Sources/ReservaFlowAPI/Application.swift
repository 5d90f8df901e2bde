import Hummingbird
import Logging
import NIOCore
import ReservationCore
import ServiceLifecycle

/// Everything the API is built from: where it listens and how patient it is with clients, the rules it
/// applies, the book it serves and how many connections to it.
public struct APIConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0: any free port (the running server says which).
    public var port = 8000
    public var connections = ConnectionLimits()
    public var settings = APISettings()
    /// The book's settings (DATABASE_URL, REDIS_URL, ...).
    public var database: Configuration
    /// Database connections for writes and for reads, each on its own thread (1 to 64).
    public var writeBooks = 8
    public var readBooks = 4

    public init(database: Configuration) {
        self.database = database
    }
}

/// The API as a Hummingbird application: the routes and their middleware, the HTTP/1.1 server with its
/// connection limits, and the pools of books, let go when the server has finished its last request. The
/// executable runs it under a service group that stops it cleanly on SIGTERM; tests drive it in-process.
public func buildApplication(_ configuration: APIConfiguration, logger: Logger,
                             onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }) -> some ApplicationProtocol {
    let bookLogger = logger
    let database = configuration.database
    let open: @Sendable () throws -> ReservationBook = { try BookPool.openBook(database, logger: bookLogger) }
    let pool = BookPool(size: max(1, min(configuration.writeBooks, 64)), open: open)
    let readPool = BookPool(size: max(1, min(configuration.readBooks, 64)), open: open)
    // Limits counted in Redis when there is one, so every instance of this deployment shares them.
    let limiter = RateLimiter(redis: database.redisURL.flatMap { RedisEndpoint(url: $0) },
                              namespace: RateLimiter.namespace(databaseURL: database.databaseURL))
    let api = API(pool: pool, readPool: readPool, settings: configuration.settings, limiter: limiter, logger: logger)
    var app = Application(
        router: api.router(),
        server: API.server(configuration.connections),
        configuration: API.configuration(host: configuration.host, port: configuration.port, limits: configuration.connections),
        onServerRunning: API.acceptOneAtATime(onServerRunning),
        logger: logger)
    app.addServices(PoolShutdown(pools: [pool, readPool]))
    return app
}

/// Shuts the pools' threads down once the application stops. The application's own services stop after
/// its server, and the server only after its last request (a streamed list included) has ended.
struct PoolShutdown: Service {
    let pools: [BookPool]

    func run() async throws {
        try? await gracefulShutdown()
        for pool in pools { pool.shutdown() }
    }
}
