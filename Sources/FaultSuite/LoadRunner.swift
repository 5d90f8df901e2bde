import Foundation
import Logging
import ReservationCore
import ReservationDomain
import ReservationNative

/// Settings of one round's load.
public struct LoadConfig: Sendable {
    public var round: String
    public var configuration: Configuration
    public var clients: Int
    public var seconds: Double
    /// An operation running longer than this counts as a hung client (and is reported while it runs).
    public var hangBound: Double
    public var tables: Int
    public var slots: Int
    /// reservaflow-api's base URL (`http://127.0.0.1:PORT`) and how many API clients talk to it, besides
    /// the `clients` that call the core directly.
    public var apiURL: String?
    public var apiClients: Int
    /// How long after the round's end an API client may still retry an unknown answer with its
    /// Idempotency-Key before it counts as unresolved (default: the hang bound). The API takes over the key
    /// of a request that died with its session at once (migration 15), so a retry is not kept waiting.
    public var settleSeconds: Double

    public init(round: String, configuration: Configuration, clients: Int = 32, seconds: Double = 20, hangBound: Double = 10,
                tables: Int = 8, slots: Int = 8, apiURL: String? = nil, apiClients: Int = 0, settleSeconds: Double? = nil) {
        self.round = round
        self.configuration = configuration
        self.clients = clients
        self.seconds = seconds
        self.hangBound = hangBound
        self.tables = tables
        self.slots = slots
        self.apiURL = apiURL
        self.apiClients = apiClients
        self.settleSeconds = settleSeconds ?? hangBound
    }
}

/// Runs `clients` threads, each with its own `ReservationBook` (synchronous and not Sendable: one per thread,
/// never shared), booking, moving, cancelling, seating and completing on the round's venue until the time is
/// up. Every operation is timed and recorded with its answer; a watchdog reports operations running past the
/// hang bound, and those still running when the round is over are recorded as hung with an unknown answer.
public enum LoadRunner {
    public struct Result: Sendable {
        public var records: [OpRecord]
        public var meta: RoundMeta
    }

    /// `ready` runs once the venue exists and the clients are connected, just before the clock starts.
    public static func run(_ config: LoadConfig, log: @escaping @Sendable (String) -> Void = { _ in },
                           ready: () -> Void = {}) throws(ReservationError) -> Result {
        let setup = try ReservationBook(configuration: config.configuration, logger: quietLogger())
        let venue = try FaultVenue.create(book: setup, round: config.round, tables: config.tables, slots: config.slots)
        // Only a label in the round's record: without it the round still runs, and the log says why.
        let syncCommit: String
        do {
            syncCommit = try PGConnection(url: config.configuration.databaseURL).queryOne("SHOW synchronous_commit")?
                .string("synchronous_commit") ?? "?"
        } catch {
            log("synchronous_commit not read: \(error)")
            syncCommit = "?"
        }
        if config.apiClients > 0 && config.apiURL == nil { throw .invalid(field: "api-url", message: "API clients need the API's URL.") }
        let api = config.apiClients > 0 ? try APISetup.prepare(config, venue: venue, book: setup) : nil
        let shared = Shared(clients: config.clients + config.apiClients)
        let connected = DispatchGroup()
        let finished = DispatchGroup()
        for (k, account) in (api?.accounts ?? []).enumerated() {
            let index = config.clients + k
            connected.enter()
            finished.enter()
            let thread = Thread {
                var client: APIClient?
                do {
                    let c = try APIClient(index: index, config: config, venue: venue, shared: shared, account: account, tables: api?.tables ?? [:])
                    try c.signIn()
                    shared.addActor(c.account.actor)
                    client = c
                } catch {
                    shared.setupFailed("API client \(index): \(error)")
                }
                connected.leave()
                shared.waitForStart()
                client?.run()
                finished.leave()
            }
            thread.name = "fault-api-client-\(index)"
            thread.start()
        }
        for i in 0..<config.clients {
            connected.enter()
            finished.enter()
            let thread = Thread {
                let client = FaultClient(index: i, config: config, venue: venue, shared: shared)
                client.connectOnce()
                connected.leave()
                shared.waitForStart()
                client.run()
                finished.leave()
            }
            thread.name = "fault-client-\(i)"
            thread.start()
        }
        _ = connected.wait(timeout: .now() + 60)
        if let failure = shared.setupFailures.first {
            // Let every thread go (they see the stop at once) and say why the round cannot run.
            shared.stop()
            shared.start()
            throw .internalError("the API clients could not start: \(failure)")
        }
        ready()
        let started = Date().timeIntervalSince1970
        shared.start()

        // Watchdog: name every operation that passes the bound, once, while the round runs.
        let watchdogStop = DispatchSemaphore(value: 0)
        let watchdog = Thread {
            var reported = Set<String>()
            while watchdogStop.wait(timeout: .now() + 0.25) == .timedOut {
                for (record, age) in shared.inFlight() where age > config.hangBound && !reported.contains(record.tag) {
                    reported.insert(record.tag)
                    log("watchdog: client \(record.client) \(record.kind.rawValue) \(record.table ?? "") has been running \(String(format: "%.1f", age)) s (bound \(Int(config.hangBound)) s)")
                }
            }
        }
        watchdog.start()

        Thread.sleep(forTimeInterval: config.seconds)
        shared.stop()
        // Operations in flight get the hang bound to finish; a client still stuck after that is hung. API
        // clients settling an unknown answer get the settle bound (plus one request's timeout).
        let grace = config.apiClients > 0 ? max(config.hangBound + 0.5, config.settleSeconds + config.hangBound + 2) : config.hangBound + 0.5
        _ = finished.wait(timeout: .now() + grace)
        watchdogStop.signal()
        let ended = Date().timeIntervalSince1970
        let records = shared.close(hungAfter: config.hangBound)
        let meta = RoundMeta(round: config.round, slug: venue.slug, restaurantID: venue.restaurantID, clients: config.clients,
                             seconds: config.seconds, hangBoundSeconds: config.hangBound, started: started, ended: ended,
                             synchronousCommit: syncCommit, tables: venue.tables, slots: venue.slots.map(\.description),
                             apiClients: config.apiClients > 0 ? config.apiClients : nil, apiURL: config.apiClients > 0 ? config.apiURL : nil,
                             apiActors: config.apiClients > 0 ? shared.actors : nil)
        return Result(records: records, meta: meta)
    }

    static func quietLogger() -> Logger {
        var logger = Logger(label: "reservaflow.faults")
        // 32 clients each saying "Redis unavailable" would drown the report; the journal has what matters.
        logger.logLevel = .critical
        return logger
    }

    /// What the client threads share: the start gate, the stop flag, operations in flight, finished records.
    /// A lock guards it all (threads, not tasks: the clients block in libpq and hiredis by design).
    final class Shared: @unchecked Sendable {
        private let lock = NSLock()
        private let gate = DispatchSemaphore(value: 0)
        private let clients: Int
        private var stopping = false
        private var closed = false
        private var records: [OpRecord] = []
        private var running: [Int: (OpRecord, ContinuousClock.Instant)] = [:]
        /// API operations whose first answer was unknown, being settled by their client (not "in flight":
        /// the hang bound applies to each request, not to the outage).
        private var settling: [Int: OpRecord] = [:]
        private var stoppedAt: ContinuousClock.Instant?
        private var apiActors: [String] = []
        private var failures: [String] = []

        init(clients: Int) { self.clients = clients }

        func waitForStart() { gate.wait() }
        func start() { for _ in 0..<clients { gate.signal() } }
        func stop() {
            lock.withLock {
                stopping = true
                if stoppedAt == nil { stoppedAt = ContinuousClock.now }
            }
        }
        var isStopping: Bool { lock.withLock { stopping } }

        /// The round is over and `seconds` more have passed: an API client stops settling.
        func pastSettleDeadline(_ seconds: Double) -> Bool {
            lock.withLock { stoppedAt.map { FaultClient.seconds(ContinuousClock.now - $0) > seconds } ?? false }
        }

        func addActor(_ name: String) { lock.withLock { apiActors.append(name) } }
        var actors: [String] { lock.withLock { apiActors } }
        func setupFailed(_ why: String) { lock.withLock { failures.append(why) } }
        var setupFailures: [String] { lock.withLock { failures } }

        func settle(_ record: OpRecord) {
            lock.withLock {
                running[record.client] = nil
                settling[record.client] = record
            }
        }

        func settleProgress(_ record: OpRecord) { lock.withLock { if settling[record.client] != nil { settling[record.client] = record } } }

        func begin(_ record: OpRecord, at instant: ContinuousClock.Instant) {
            lock.withLock { running[record.client] = (record, instant) }
        }

        func finish(_ record: OpRecord) {
            lock.withLock {
                running[record.client] = nil
                settling[record.client] = nil
                if !closed { records.append(record) }
            }
        }

        func inFlight() -> [(OpRecord, Double)] {
            let now = ContinuousClock.now
            return lock.withLock { running.values.map { ($0.0, FaultClient.seconds(now - $0.1)) } }
        }

        /// Everything recorded, plus each operation still running, as hung with no answer. Later answers
        /// from stuck threads are dropped: the journal is written once.
        func close(hungAfter bound: Double) -> [OpRecord] {
            let now = ContinuousClock.now
            return lock.withLock {
                closed = true
                var out = records
                for (record, began) in running.values {
                    var r = record
                    r.outcome = .unknown
                    r.hung = true
                    r.errorKind = "hung"
                    r.error = "no answer after \(String(format: "%.1f", FaultClient.seconds(now - began))) s (bound \(Int(bound)) s)"
                    r.latencyMs = FaultClient.seconds(now - began) * 1000
                    out.append(r)
                }
                // Still settling: the first answer stands, unsettled (the checker counts it unresolved).
                for var r in settling.values {
                    if r.lastError == nil { r.lastError = "still retrying when the load ended" }
                    out.append(r)
                }
                return out.sorted { ($0.client, $0.seq) < ($1.client, $1.seq) }
            }
        }
    }
}
