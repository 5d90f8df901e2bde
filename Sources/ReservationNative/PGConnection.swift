import CLibPQ
import Foundation
import Glibc
import ReservationDomain

/// One libpq connection. Not Sendable: it belongs to the thread that made it (libpq connections are not
/// safe to share), which is why the TUI gives it a worker thread of its own.
public final class PGConnection {
    let conn: OpaquePointer
    public let url: String
    private let answerWaitMs: Int?

    /// Connects, then applies `session` in the same round trip as its first query. A server that answers but
    /// is too busy to take the connection (connect timeout, out of connection slots, starting up) is tried
    /// again with backoff for up to `patience` seconds; one that refuses outright fails at once, so
    /// "unreachable" means unreachable.
    public init(url: String, connectTimeout: Int = 10, patience: TimeInterval = 20,
                session: PGSession = .standard) throws(PGError) {
        self.url = url
        answerWaitMs = session.answerWaitMs
        // Keepalives on every connection, not only the live feed's: a primary that vanished without closing
        // the socket (a lost machine, a cut network) must not hold a request past the failover.
        let withTimeout = PGConnection.withKeepalives(PGConnection.addingConnectTimeout(url, seconds: connectTimeout))
        let deadline = Date().addingTimeInterval(patience)
        var delay = 0.05
        var made: OpaquePointer? = nil
        while made == nil {
            guard let c = PQconnectdb(withTimeout) else {
                throw PGError(sqlState: nil, message: "out of memory", constraint: nil, connectionLost: true)
            }
            // Checked before `conn` is stored: once every property is set, a throwing init also runs deinit,
            // which would finish the connection a second time.
            if PQstatus(c) == CONNECTION_OK { made = c; break }
            let msg = Redaction.message(PGConnection.oneLine(String(cString: PQerrorMessage(c))), connection: url)
            PQfinish(c)
            let busy = PGConnection.isBusyAtConnect(msg)
            guard busy, Date().addingTimeInterval(delay) < deadline else {
                throw PGError(sqlState: busy ? PGError.tooManyConnections : nil, message: msg, constraint: nil, connectionLost: true, serverBusy: busy)
            }
            usleep(useconds_t(delay * Double.random(in: 0.5...1.0) * 1_000_000))
            delay = min(delay * 2, 1)
        }
        conn = made!
        // Server notices would go to stderr and garble a curses screen; drop them here (they are informational).
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        try execScript(session.sql)
    }

    deinit { PQfinish(conn) }

    public var isAlive: Bool { PQstatus(conn) == CONNECTION_OK && !stale }

    /// Set when the server said something that ends this session's usefulness (`PGError.endsTheSession`):
    /// the connection must be dropped and a new one opened, which finds the new primary.
    var stale = false

    /// Runs several statements (migrations). No parameters: only for trusted SQL shipped with the program.
    public func execScript(_ sql: String) throws(PGError) {
        guard PQsendQuery(conn, sql) == 1 else { throw connectionError() }
        let res = try lastResult()
        defer { PQclear(res) }
        try check(res)
    }

    /// Waits until an answer can be read without blocking, at most `answerWaitMs`. A server that says
    /// nothing for that long is taken for dead: the connection is marked for reopening and the caller gets
    /// a lost connection (an unknown outcome, if a COMMIT was waiting; see `afterCommit`).
    func awaitAnswer() throws(PGError) {
        guard let answerWaitMs else { return }
        let deadline = ContinuousClock.now + .milliseconds(answerWaitMs)
        while PQisBusy(conn) == 1 {
            let left = deadline - ContinuousClock.now
            let ms = Int32(max(0, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000))
            var pfd = pollfd(fd: PQsocket(conn), events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, ms)
            if ready < 0 && errno == EINTR { continue }
            if ready == 0 {
                stale = true
                throw PGError(sqlState: nil, message: "the database server did not answer for \(answerWaitMs / 1000) s", constraint: nil,
                              connectionLost: true)
            }
            // Read what came; on a broken socket PQgetResult reports the error.
            if PQconsumeInput(conn) == 0 { return }
        }
    }

    /// The results of what was sent, the last one kept (as PQexec returns it), each waited for with
    /// `awaitAnswer`. nil only on a connection that failed.
    func lastResult() throws(PGError) -> OpaquePointer? {
        var last: OpaquePointer? = nil
        while true {
            do { try awaitAnswer() } catch { PQclear(last); throw error }
            guard let r = PQgetResult(conn) else { break }
            PQclear(last)
            last = r
        }
        return last
    }

    /// Called with each statement before it is sent, not while it runs (so it may use this connection
    /// itself): the benchmark's plan check (`make bench`, reservaflow-bench/PlanInspector.swift) reads the
    /// plans of the statements the core really runs this way. nil, the default, costs nothing.
    public typealias StatementObserver = (_ connection: PGConnection, _ sql: String, _ params: [any PGParameter]) throws(PGError) -> Void
    public var statementObserver: StatementObserver?

    func observe(_ sql: String, _ params: [any PGParameter]) throws(PGError) {
        guard let observer = statementObserver else { return }
        statementObserver = nil
        defer { statementObserver = observer }
        try observer(self, sql, params)
    }

    /// Statements prepared on this connection, by their text. Every statement the programs run is one of a
    /// fixed set of texts (parameters travel apart), so each is parsed and analysed once per connection, not
    /// on every call, and PostgreSQL may keep a generic plan for it once it has seen that the plan does not
    /// depend on the parameters (its default `plan_cache_mode`).
    var prepared: [String: String] = [:]
    var statementsNamed = 0
    private static let maxPrepared = 512

    /// A name never used on this connection before.
    func newStatementName() -> String {
        statementsNamed += 1
        return "rf\(statementsNamed)"
    }

    /// Data statements are prepared; anything else (BEGIN, LISTEN, DDL, a database's name in the text) is not.
    func preparable(_ sql: String) -> Bool {
        guard prepared.count < PGConnection.maxPrepared || prepared[sql] != nil else { return false }
        let head = sql.drop(while: \.isWhitespace).prefix(7).uppercased()
        return ["SELECT", "INSERT", "UPDATE", "DELETE", "WITH"].contains { head.hasPrefix($0) }
    }

    /// The statement's name on this connection, preparing it first if needed (one round trip, once).
    private func preparedName(_ sql: String) throws(PGError) -> String {
        if let name = prepared[sql] { return name }
        let name = newStatementName()
        guard PQsendPrepare(conn, name, sql, 0, nil) == 1 else { throw connectionError() }
        let res = try lastResult()
        defer { PQclear(res) }
        try check(res)
        prepared[sql] = name
        return name
    }

    /// Runs one parameterised statement and returns its rows.
    @discardableResult
    public func query(_ sql: String, _ params: [any PGParameter] = []) throws(PGError) -> [PGRow] {
        try observe(sql, params)
        let name = preparable(sql) ? try preparedName(sql) : nil
        let sent = send(sql, prepared: name, params)
        let res: OpaquePointer?
        do throws(PGError) {
            guard sent == 1 else { throw connectionError() }
            res = try lastResult()
        } catch {
            throw PGConnection.afterCommit(error, commitSent: sql == "COMMIT")
        }
        defer { PQclear(res) }
        do { try check(res) } catch { throw PGConnection.afterCommit(error, commitSent: sql == "COMMIT") }
        return rows(of: res!)
    }

    public func queryOne(_ sql: String, _ params: [any PGParameter] = []) throws(PGError) -> PGRow? {
        try query(sql, params).first
    }

    /// Sends one statement (by its prepared name when it has one), its parameters as C strings for the
    /// call's length only. 1 when sent, as libpq answers.
    func send(_ sql: String, prepared name: String?, _ params: [any PGParameter]) -> Int32 {
        let texts = params.map(\.pgText)
        let cStrings: [UnsafeMutablePointer<CChar>?] = texts.map { $0.flatMap { strdup($0) } }
        defer { cStrings.forEach { free($0) } }
        return cStrings.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: max(1, buf.count)) { ptr in
                let values = texts.isEmpty ? nil : ptr
                if let name { return PQsendQueryPrepared(conn, name, Int32(texts.count), values, nil, nil, 0) }
                return PQsendQueryParams(conn, sql, Int32(texts.count), nil, values, nil, nil, 0)
            }
        }
    }

    func connectionError() -> PGError {
        PGError(sqlState: nil, message: Redaction.message(PGConnection.oneLine(String(cString: PQerrorMessage(conn))), connection: url),
                constraint: nil, connectionLost: !isAlive)
    }

    /// A COMMIT sent on a connection that broke before its answer: the outcome is unknown, not a failure.
    static func afterCommit(_ error: PGError, commitSent: Bool) -> PGError {
        guard commitSent, error.connectionLost, error.sqlState == nil || error.sqlState?.hasPrefix(PGError.connectionExceptionClass) == true
                || error.sqlState?.hasPrefix(PGError.operatorInterventionClass) == true else { return error }
        var e = error
        e.outcomeUnknown = true
        return e
    }

    /// Change notifications after COMMIT instead of at it (see migration 4): a connection that sets this
    /// runs `transaction` with `reservaflow.notify_after_commit` on, so the change-feed triggers only note
    /// their payloads, and sends them (`reservaflow_flush_changes()`) right after COMMIT in the same round
    /// trip. PostgreSQL serialises the commits of transactions that NOTIFY, holding a cluster-wide lock
    /// through the WAL flush; notified after commit, bookings commit side by side again (group commit).
    public var notifiesAfterCommit = false
}
