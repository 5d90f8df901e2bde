import Foundation
import Logging
import ReservationDomain
import ReservationNative

/// The reservation book: every read and write the front ends make, with the rules applied.
///
/// Not Sendable and synchronous on purpose: it owns one libpq connection and one hiredis connection,
/// neither of which may be shared between threads. The CLI uses it directly; the TUI gives it a worker
/// thread of its own so blocking calls never stall the screen.
public final class ReservationBook {
    let db: PGConnection
    let configuration: Configuration
    let logger: Logger
    /// The time source; tests set it to walk through DST days and lapsed holds.
    public var now: () -> Date

    /// The database's name: Redis keys carry it, so several databases can share one Redis.
    let redisSpace: String
    private var redisConnection: RedisConnection?
    private var redisEndpoint: RedisEndpoint?
    private var redisRetryAfter = Date.distantPast
    /// Set when the last Redis call failed; the screen shows it and bookings report "degraded".
    public private(set) var redisDown = false
    /// Venues as last read, by id, with the version they were read at (see `VenueSnapshot`).
    var venueSnapshots: [RestaurantID: VenueSnapshot] = [:]
    /// Availability answers this book computed or read, by their cache key (see `availability`).
    var answers: [String: (AvailabilityResult, Date)] = [:]

    /// `connectPatience`: how long to keep trying a server that is there but cannot take the connection yet
    /// (starting up, recovering, out of slots). A command line waits it out; a server answering requests
    /// gives up sooner and says 503, so no answer waits past its bound. `session`: the connection's time
    /// limits (and with them how long a silent server is waited for: `PGSession.answerWaitMs`).
    public init(configuration: Configuration, logger: Logger = Logger(label: "reservaflow.core"),
                now: @escaping () -> Date = Date.init, connectPatience: TimeInterval = 20,
                session: PGSession = .standard) throws(ReservationError) {
        self.configuration = configuration
        self.logger = logger
        self.now = now
        do { db = try PGConnection(url: configuration.databaseURL, patience: connectPatience, session: session) } catch {
            throw error.serverBusy ? .busy(detail: error.message) : .databaseUnavailable(detail: error.message)
        }
        try Migrator.verify(db)
        db.notifiesAfterCommit = true
        let row: PGRow?
        do { row = try db.queryOne("SELECT current_database() AS d") } catch { throw .databaseUnavailable(detail: error.message) }
        do { redisSpace = try row?.string("d") ?? "db" } catch { throw ReservationBook.unreadable(error) }
        if let url = configuration.redisURL {
            guard let endpoint = RedisEndpoint(url: url) else {
                throw .invalid(field: "REDIS_URL", message: "\(redactedURL(url)) is not a redis:// or redis-sentinel:// URL")
            }
            redisEndpoint = endpoint
        } else {
            redisDown = true
        }
    }

    // MARK: Redis, best effort

    /// Runs a Redis operation, or returns nil when Redis is unreachable. A failure is remembered for a
    /// moment so a dead Redis costs one short timeout, not one per call.
    func withRedis<T>(_ body: (RedisConnection) throws(RedisError) -> T) -> T? {
        guard let endpoint = redisEndpoint else { return nil }
        if redisConnection == nil || !(redisConnection?.isAlive ?? false) {
            guard now() >= redisRetryAfter else { return nil }
            do {
                redisConnection = try endpoint.connect()
            } catch {
                markRedisDown(error)
                return nil
            }
        }
        do {
            let value = try body(redisConnection!)
            redisDown = false
            return value
        } catch {
            if error.connectionLost { redisConnection = nil }
            markRedisDown(error)
            return nil
        }
    }

    private func markRedisDown(_ error: RedisError) {
        if !redisDown { logger.warning("Redis unavailable: \(error.message)") }
        redisDown = true
        redisRetryAfter = now().addingTimeInterval(2)
    }

    /// The PostgreSQL connection broke or no longer serves (a failover demoted its server): this book must
    /// be dropped and a new one opened. `BookExecutor` asks after every job, whatever the job made of the error.
    public var needsReconnect: Bool { !db.isAlive }

    // MARK: Errors and audit

    /// Turns a thrown error into the core's typed error.
    func typed(_ error: any Error) -> ReservationError {
        if let e = error as? ReservationError { return e }
        if let e = error as? PGError {
            if e.outcomeUnknown { return .outcomeUnknown(detail: e.message, reservation: nil) }
            if e.connectionLost || !db.isAlive { return .databaseUnavailable(detail: e.message) }
            if e.sqlState == PGError.lockNotAvailable {
                return .busy(detail: "another terminal has been changing the same table or guest for over \(PGSession.standard.lockTimeoutMs / 1000) s")
            }
            if e.isBusy { return .busy(detail: e.message) }
            if e.sqlState == PGError.staffAccountDisabled { return .accountDisabled }
            if e.sqlState == PGError.tableOutOfService { return .invalid(field: "table", message: e.message) }
            if [PGError.checkViolation, PGError.notNullViolation, PGError.stringDataRightTruncation].contains(e.sqlState) {
                return .invalid(field: e.constraint ?? "input", message: "The database refused the value (\(e.message)).")
            }
            return .internalError(e.message)
        }
        if let e = error as? RowDecodingError { return ReservationBook.unreadable(e) }
        return .internalError("\(error)")
    }

    /// A row this program cannot read is a bug or a schema out of step with it: the column and the
    /// problem, which carry no guest data (`RowDecodingError.description`).
    static func unreadable(_ error: RowDecodingError) -> ReservationError {
        .internalError("a row from the database could not be read: \(error)")
    }

    /// Runs `body` in one transaction and maps every error to a `ReservationError`.
    @discardableResult
    func write<T>(_ body: () throws -> T) throws(ReservationError) -> T {
        do { return try db.transaction(body) } catch { throw typed(error) }
    }

    /// Runs statements outside a transaction (each commits on its own) and maps every error.
    @discardableResult
    func read<T>(_ body: () throws -> T) throws(ReservationError) -> T {
        do { return try body() } catch { throw typed(error) }
    }

    /// Declares who acts, and why, for the caller's transaction from here on: call it before the writes. The
    /// database writes the audit rows itself (migration 17): one per row changed, as it stood before and
    /// after, with the server's clock and this actor; a write before any declaration is recorded as raw SQL.
    /// `note` (a JSON object, e.g. a manager's pacing override) is added to each changed booking's `after`.
    ///
    /// Every change at a venue is declared with that venue, so this is also where a staff member's venues
    /// are enforced, whatever the entry point: a change at a venue the actor does not work at rolls back
    /// whole. (The public entry points check earlier too, to fail before any work.)
    func declare(_ actor: Actor, restaurant: RestaurantID?, action: AuditAction, note: (any Encodable & Sendable)? = nil) throws {
        let st = try declareStatement(actor, restaurant: restaurant, action: action, note: note)
        try db.query(st.sql, st.params)
    }

    /// `declare` as a statement to pipeline.
    func declareStatement(_ actor: Actor, restaurant: RestaurantID?, action: AuditAction,
                          note: (any Encodable & Sendable)? = nil) throws(ReservationError) -> PGConnection.Statement {
        if let restaurant { try requireVenue(actor, restaurant) }
        let note = try note.map { note throws(ReservationError) in try JSONText.encode(note) }
        return .init("SELECT reservaflow_declare($1, $2, $3, $4, $5::jsonb)",
                     [actor.staffID, actor.name, OSAccount.current, action.rawValue, note])
    }

    /// Records something that is not a row change (a sign-in, a refused password, a merge's summary) as an
    /// audit event, written by the database with its clock under `action`, which it must know as an event.
    /// before/after are JSON texts.
    func auditEvent(_ actor: Actor, restaurant: RestaurantID?, action: AuditAction, entity: AuditEntity, id: String?,
                    before: (any Encodable & Sendable)? = nil, after: (any Encodable & Sendable)? = nil) throws {
        try declare(actor, restaurant: restaurant, action: action)
        let json = { (value: (any Encodable & Sendable)?) throws(ReservationError) in try value.map { v throws(ReservationError) in try JSONText.encode(v) } }
        try db.query("SELECT reservaflow_audit_event($1, $2, $3, $4::jsonb, $5::jsonb)", [restaurant, entity.rawValue, id, try json(before), try json(after)])
    }

    /// The row an `INSERT ... RETURNING` (or upsert) gave back; none is an error that names what was not
    /// written, never a crash.
    func inserted(_ what: String, _ sql: String, _ params: [any PGParameter]) throws -> PGRow {
        guard let row = try db.queryOne(sql, params) else { throw ReservationError.internalError("\(what) was not written") }
        return row
    }

    /// The venue with this slug, or nil when there is none; a database that cannot answer is an error, not
    /// "no such venue".
    func restaurantIfPresent(slug: String) throws(ReservationError) -> Restaurant? {
        do { return try restaurant(slug: slug) } catch {
            if case .notFound = error { return nil }
            throw error
        }
    }

    func restaurantIfPresent(id: RestaurantID) throws(ReservationError) -> Restaurant? {
        do { return try restaurant(id: id) } catch {
            if case .notFound = error { return nil }
            throw error
        }
    }

    func require(_ actor: Actor, _ permission: Permission, at restaurant: RestaurantID? = nil) throws(ReservationError) {
        guard actor.may(permission) else { throw .forbidden(role: actor.role, action: permission.phrase) }
        if let restaurant { try requireVenue(actor, restaurant) }
    }

    func requireVenue(_ actor: Actor, _ restaurant: RestaurantID) throws(ReservationError) {
        guard actor.worksAt(restaurant) else {
            let name = try read { try db.queryOne("SELECT name FROM restaurants WHERE id = $1", [restaurant])?.string("name") }
            throw .forbidden(role: actor.role, action: "act at \(name ?? "venue \(restaurant)"), which is not one of \(actor.name)'s venues")
        }
    }

    /// Hands every statement this book sends to `observer` first, until called with nil (see
    /// `PGConnection.statementObserver`; `make bench` reads the plans of the hot paths this way).
    public func observeStatements(_ observer: PGConnection.StatementObserver?) {
        db.statementObserver = observer
    }

    // MARK: Health

    /// A probe: a database that does not answer is its answer (`database` false, no heartbeat), not an
    /// error; the reason goes to the log so it is not lost.
    public func health() -> Health {
        let redisOK = withRedis { r throws(RedisError) in try r.command(["PING"]) } != nil
        do {
            try db.query("SELECT 1 AS one")
        } catch {
            logger.warning("health check: the database does not answer: \(error)")
            return Health(database: false, redis: redisOK, daemonHeartbeat: nil)
        }
        var beat: Date? = nil
        do {
            beat = try db.queryOne("SELECT extract(epoch FROM max(beat_at)) AS b FROM daemon_instances WHERE stopped_at IS NULL")?.optionalDate("b")
        } catch {
            logger.warning("health check: the daemon's heartbeat could not be read: \(error)")
        }
        return Health(database: true, redis: redisOK, daemonHeartbeat: beat)
    }

    /// Health when no book can be opened because the database is gone: Redis is asked on its own, so a
    /// database outage is not shown as Redis down too ("Redis ✗" when only the database had stopped).
    public static func healthWithoutDatabase(configuration: Configuration) -> Health {
        var redis = false
        if let url = configuration.redisURL, let e = RedisEndpoint(url: url), let c = try? e.connect() {
            redis = (try? c.command(["PING"])) != nil
        }
        return Health(database: false, redis: redis, daemonHeartbeat: nil)
    }
}
