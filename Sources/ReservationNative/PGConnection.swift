import CLibPQ
import Foundation
import Glibc
import ReservationDomain

/// A row of a query result, its values as PostgreSQL's text format gives them.
///
/// A result's values live in one buffer shared by its rows (`PGResultValues`): a row costs no allocation of
/// its own, and numbers and timestamps are read from the bytes without making a String first (three
/// allocations a row were most of reading an uncached day's occupancy).
///
/// No accessor invents a value: a missing column, a NULL where a value is required, or text that is not
/// what the caller asked for throws `RowDecodingError` naming the column. The `optional...` accessors
/// return nil for NULL only.
public struct PGRow: Sendable {
    let result: PGResultValues
    let row: Int

    /// The position of a column, for reading many rows by position (`int64(at:)`, `date(at:)`).
    public func column(_ name: String) throws(RowDecodingError) -> Int {
        guard let c = result.columns[name] else { throw RowDecodingError(column: name, problem: .missingColumn) }
        return c
    }

    /// The bytes of a column, nil for NULL.
    private func withBytes<T>(_ name: String, _ body: (UnsafeBufferPointer<UInt8>?) throws(RowDecodingError) -> T) throws(RowDecodingError) -> T {
        try withBytes(at: try column(name), body)
    }

    private func withBytes<T>(at c: Int, _ body: (UnsafeBufferPointer<UInt8>?) throws(RowDecodingError) -> T) throws(RowDecodingError) -> T {
        let cell = row * result.columnCount + c
        let start = Int(result.starts[cell])
        guard start >= 0 else { return try body(nil) }
        return try result.bytes.withUnsafeBufferPointer { all throws(RowDecodingError) in
            try body(UnsafeBufferPointer(rebasing: all[start..<(start + Int(result.lengths[cell]))]))
        }
    }

    /// Errors name the column; a by-position read finds its name only when it fails.
    private func failure(at c: Int, _ problem: RowDecodingError.Problem) -> RowDecodingError {
        RowDecodingError(column: result.names[c], problem: problem)
    }

    public func optionalString(_ name: String) throws(RowDecodingError) -> String? {
        try withBytes(name) { $0.map { String(decoding: $0, as: UTF8.self) } }
    }

    public func string(_ name: String) throws(RowDecodingError) -> String {
        guard let s = try optionalString(name) else { throw RowDecodingError(column: name, problem: .null) }
        return s
    }

    /// A text column holding one of `T`'s raw values (a status, a role): other text is an error, never a
    /// default, since it means a newer program's value or a hand edit.
    public func string<T: RawRepresentable>(_ name: String, as type: T.Type) throws(RowDecodingError) -> T where T.RawValue == String {
        try Self.decode(try string(name), T.self, column: name)
    }

    public func optionalString<T: RawRepresentable>(_ name: String, as type: T.Type) throws(RowDecodingError) -> T? where T.RawValue == String {
        try optionalString(name).map { text throws(RowDecodingError) in try Self.decode(text, T.self, column: name) }
    }

    private static func decode<T: RawRepresentable>(_ text: String, _ type: T.Type, column: String) throws(RowDecodingError) -> T where T.RawValue == String {
        guard let value = T(rawValue: text) else {
            throw RowDecodingError(column: column, problem: .unknownValue(text, type: String(describing: T.self)))
        }
        return value
    }

    public func int(_ name: String) throws(RowDecodingError) -> Int { Int(try int64(name)) }
    public func int64(_ name: String) throws(RowDecodingError) -> Int64 { try int64(at: try column(name)) }
    public func optionalInt64(_ name: String) throws(RowDecodingError) -> Int64? { try optionalInt64(at: try column(name)) }

    public func int64(at c: Int) throws(RowDecodingError) -> Int64 {
        guard let value = try optionalInt64(at: c) else { throw failure(at: c, .null) }
        return value
    }

    public func optionalInt64(at c: Int) throws(RowDecodingError) -> Int64? {
        try withBytes(at: c) { b throws(RowDecodingError) -> Int64? in
            guard let b else { return nil }
            // Beyond 18 digits the fast path gives up; the full parser still reads a whole Int64.
            guard let value = PGRow.integer(b) ?? Int64(String(decoding: b, as: UTF8.self)) else { throw failure(at: c, .notAnInteger) }
            return value
        }
    }

    public func bool(_ name: String) throws(RowDecodingError) -> Bool {
        guard let value = try optionalBool(name) else { throw RowDecodingError(column: name, problem: .null) }
        return value
    }

    public func optionalBool(_ name: String) throws(RowDecodingError) -> Bool? {
        try withBytes(name) { b throws(RowDecodingError) -> Bool? in
            guard let b else { return nil }
            guard b.count == 1, b[0] == UInt8(ascii: "t") || b[0] == UInt8(ascii: "f") else {
                throw RowDecodingError(column: name, problem: .notABoolean)
            }
            return b[0] == UInt8(ascii: "t")
        }
    }

    /// Timestamps are selected as epoch seconds (`extract(epoch from x)`), so no text date parsing is needed.
    public func date(_ name: String) throws(RowDecodingError) -> Date { try date(at: try column(name)) }
    public func optionalDate(_ name: String) throws(RowDecodingError) -> Date? { try optionalDate(at: try column(name)) }

    public func date(at c: Int) throws(RowDecodingError) -> Date {
        guard let value = try optionalDate(at: c) else { throw failure(at: c, .null) }
        return value
    }

    public func optionalDate(at c: Int) throws(RowDecodingError) -> Date? {
        try withBytes(at: c) { b throws(RowDecodingError) -> Date? in
            guard let b else { return nil }
            let seconds: Double?
            if let simple = PGRow.seconds(utf8: b) { seconds = simple } else { seconds = Double(String(decoding: b, as: UTF8.self)) }
            guard let seconds else { throw failure(at: c, .notATimestamp) }
            return Date(timeIntervalSince1970: seconds)
        }
    }

    public func uuid(_ name: String) throws(RowDecodingError) -> UUID {
        guard let value = try optionalUUID(name) else { throw RowDecodingError(column: name, problem: .null) }
        return value
    }

    public func optionalUUID(_ name: String) throws(RowDecodingError) -> UUID? {
        guard let text = try optionalString(name) else { return nil }
        guard let value = UUID(uuidString: text) else { throw RowDecodingError(column: name, problem: .notAUUID) }
        return value
    }

    /// PostgreSQL text arrays come back as `{a,b,"c d"}`.
    public func stringArray(_ name: String) throws(RowDecodingError) -> [String] {
        let text = try string(name)
        guard text.first == "{", text.last == "}" else { throw RowDecodingError(column: name, problem: .notAnArray) }
        return PGArray.parse(text)
    }

    /// A text array whose every element is one of `T`'s raw values (a table's features).
    public func stringArray<T: RawRepresentable>(_ name: String, as type: T.Type) throws(RowDecodingError) -> [T] where T.RawValue == String {
        var values: [T] = []
        for text in try stringArray(name) { values.append(try Self.decode(text, T.self, column: name)) }
        return values
    }

    /// A plain decimal integer ("-42"); nil for anything else.
    static func integer(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard !b.isEmpty, b.count <= 18 else { return nil }
        var n: Int64 = 0, negative = false
        for i in 0..<b.count {
            let c = b[i]
            if i == 0 && c == UInt8(ascii: "-") && b.count > 1 { negative = true; continue }
            guard c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") else { return nil }
            n = n * 10 + Int64(c - UInt8(ascii: "0"))
        }
        return negative ? -n : n
    }

    /// Epoch seconds as PostgreSQL writes them ("1779271200.000000", "-5.25"): read digit by digit into whole
    /// microseconds (what a timestamptz holds), so the value is the nearest Double, as `Double(text)` gives,
    /// without going through strtod (a fifth of an uncached availability's instructions). Anything else
    /// (an exponent, more than six decimals) goes to `Double(text)`.
    static func seconds(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { seconds(utf8: $0) } ?? Double(text)
    }

    /// nil: not in the simple form (the caller falls back to `Double(text)`).
    static func seconds(utf8: UnsafeBufferPointer<UInt8>) -> Double?? {
        var micros: Int64 = 0, fraction = -1, negative = false, any = false
        for i in 0..<utf8.count {
            let b = utf8[i]
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard micros < 900_000_000_000_000_000 / 10, fraction < 6 else { return nil }
                micros = micros * 10 + Int64(b - UInt8(ascii: "0"))
                if fraction >= 0 { fraction += 1 }
                any = true
            case UInt8(ascii: ".") where fraction < 0: fraction = 0
            case UInt8(ascii: "-") where i == 0: negative = true
            default: return nil
            }
        }
        guard any else { return .some(nil) }
        for _ in 0..<(6 - max(fraction, 0)) { micros *= 10 }
        guard micros <= 1 << 53 else { return nil }  // beyond exact integers in a Double
        let value = Double(micros) / 1_000_000
        return .some(negative ? -value : value)
    }
}

/// A parameter for `PGConnection.query`. Everything travels as text; nil is SQL NULL.
public protocol PGParameter { var pgText: String? { get } }
extension String: PGParameter { public var pgText: String? { self } }
extension Int: PGParameter { public var pgText: String? { String(self) } }
extension Int64: PGParameter { public var pgText: String? { String(self) } }
extension Bool: PGParameter { public var pgText: String? { self ? "t" : "f" } }
extension UUID: PGParameter { public var pgText: String? { lowercasedString } }
extension Date: PGParameter {
    /// Sent as epoch seconds; SQL wraps it in `to_timestamp($n::float8)`.
    public var pgText: String? { Digits.seconds(timeIntervalSince1970) }
}
extension Optional: PGParameter where Wrapped: PGParameter {
    public var pgText: String? { self?.pgText }
}
extension Array: PGParameter where Element == String {
    public var pgText: String? { PGArray.literal(self) }
}

/// What went wrong talking to PostgreSQL, with its SQLSTATE when the server gave one.
public struct PGError: Error, CustomStringConvertible, Sendable {
    public var sqlState: String?
    public var message: String
    public var constraint: String?
    public var connectionLost: Bool
    /// The server answered but was too busy (connect timeouts, no free connection slots).
    public var serverBusy: Bool = false
    /// The connection broke after COMMIT was sent and before its answer came: the transaction may or may not
    /// have committed. Only reading the data back once the database answers can tell.
    public var outcomeUnknown: Bool = false

    public var description: String { message }

    /// Too slow rather than wrong: a row lock another client held past `lock_timeout`, a statement past
    /// `statement_timeout`, a server out of connection slots.
    public var isBusy: Bool { serverBusy || [Self.lockNotAvailable, Self.queryCanceled, Self.tooManyConnections].contains(sqlState ?? "") }

    // The SQLSTATEs the programs act on, by name (PostgreSQL's appendix A).
    public static let exclusionViolation = "23P01"
    public static let notNullViolation = "23502"
    public static let stringDataRightTruncation = "22001"
    public static let lockNotAvailable = "55P03"
    public static let queryCanceled = "57014"
    public static let tooManyConnections = "53300"
    public static let insufficientPrivilege = "42501"
    public static let uniqueViolation = "23505"
    public static let checkViolation = "23514"
    public static let serializationFailure = "40001"
    public static let deadlockDetected = "40P01"
    /// A write on a server that is no longer the primary (a failover demoted it under this connection).
    public static let readOnlyTransaction = "25006"

    /// Codes after which this connection is of no more use even if its socket still looks open: the server
    /// stopped being the primary, or it is shutting down or refusing the session.
    static let endsTheSession: Set<String> = [readOnlyTransaction, adminShutdown, crashShutdown, cannotConnectNow,
                                              connectionException, connectionDoesNotExist, connectionFailure]
    static let adminShutdown = "57P01", crashShutdown = "57P02", cannotConnectNow = "57P03"
    /// Class 08: the connection itself failed.
    static let connectionExceptionClass = "08"
    static let connectionException = "08000", connectionDoesNotExist = "08003", connectionFailure = "08006"
}

/// A row that does not hold what the code reads from it: the column, and what was wrong with it. Like
/// GRDB's RowDecodingError, it is a bug or a schema out of step with the program, never a value to guess.
public struct RowDecodingError: Error, Equatable, CustomStringConvertible, Sendable {
    public enum Problem: Equatable, Sendable {
        case missingColumn
        /// NULL where the code requires a value.
        case null
        case notAnInteger
        /// Not epoch seconds, as the queries select timestamps (`extract(epoch FROM ...)`).
        case notATimestamp
        case notAUUID
        case notABoolean
        case notAnArray
        /// Text that is none of `type`'s values (a status this program does not know).
        case unknownValue(String, type: String)
    }

    public var column: String
    public var problem: Problem

    public init(column: String, problem: Problem) {
        self.column = column
        self.problem = problem
    }

    /// Names the column and the problem; of the value itself only an unknown enum value, which is a code
    /// ("pending", "host"), never a guest's text: cut short, and anything but printable ASCII escaped so
    /// that no control or bidi character reaches a log or a screen.
    public var description: String {
        let what: String
        switch problem {
        case .missingColumn: what = "is not in the result"
        case .null: what = "is NULL where a value is required"
        case .notAnInteger: what = "is not an integer"
        case .notATimestamp: what = "is not a timestamp (epoch seconds)"
        case .notAUUID: what = "is not a UUID"
        case .notABoolean: what = "is not a boolean"
        case .notAnArray: what = "is not an array"
        case .unknownValue(let value, let type):
            let shown = value.unicodeScalars.prefix(40).map { $0.escaped(asASCII: true) }.joined()
            what = "holds \"\(shown)\"\(value.unicodeScalars.count > 40 ? "..." : ""), which is not a \(type)"
        }
        return "column \(column) \(what)"
    }
}

/// What every connection sets before its first statement (docs/security.md, "No one can freeze the book").
public struct PGSession: Sendable {
    /// A row another client holds (a stalled terminal, a laptop lid closed mid-booking) costs at most this.
    public var lockTimeoutMs: Int
    /// No statement the programs run takes more than a fraction of this; 0 is no limit.
    public var statementTimeoutMs: Int
    /// A client that stops between statements of a transaction loses it, and its locks, after this.
    public var idleInTransactionTimeoutMs: Int

    public static let standard = PGSession()

    /// How long this client waits for any answer from the server before it gives the connection up as dead:
    /// a little past the server's own statement limit, so only a server that stopped answering (hung, or a
    /// machine gone with its kernel still acknowledging keepalives, as a SIGSTOPped primary does) reaches
    /// it. None without a statement limit (migrations).
    public var answerWaitMs: Int? { statementTimeoutMs == 0 ? nil : statementTimeoutMs + 5_000 }

    /// Migrations may take longer on a big database; they still give up waiting for a lock quickly, so a
    /// migration never queues every booking behind it.
    public static let migration = PGSession(statementTimeoutMs: 0)

    public init(lockTimeoutMs: Int = 5_000, statementTimeoutMs: Int = 30_000, idleInTransactionTimeoutMs: Int = 15_000) {
        self.lockTimeoutMs = lockTimeoutMs
        self.statementTimeoutMs = statementTimeoutMs
        self.idleInTransactionTimeoutMs = idleInTransactionTimeoutMs
    }

    /// Acknowledged means durable: whatever the server or role says, this session waits for the commit to
    /// reach disk (and, with synchronous standbys configured, the standbys) before a booking is confirmed.
    /// Stronger settings (remote_write, remote_apply) are kept.
    var sql: String {
        """
        SET lock_timeout = \(lockTimeoutMs);
        SET statement_timeout = \(statementTimeoutMs);
        SET idle_in_transaction_session_timeout = \(idleInTransactionTimeoutMs);
        SELECT set_config('synchronous_commit', 'on', false) WHERE current_setting('synchronous_commit') IN ('off', 'local');
        """
    }
}

/// One libpq connection. Not Sendable: it belongs to the thread that made it (libpq connections are not
/// safe to share), which is why the TUI gives it a worker thread of its own.
public final class PGConnection {
    private let conn: OpaquePointer
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
                throw PGError(sqlState: busy ? "53300" : nil, message: msg, constraint: nil, connectionLost: true, serverBusy: busy)
            }
            usleep(useconds_t(delay * Double.random(in: 0.5...1.0) * 1_000_000))
            delay = min(delay * 2, 1)
        }
        conn = made!
        // Server notices would go to stderr and garble a curses screen; drop them here (they are informational).
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        try execScript(session.sql)
    }

    /// libpq says these when the server is there but cannot take one more connection right now.
    static func isBusyAtConnect(_ message: String) -> Bool {
        ["timeout expired", "too many clients", "too many connections", "remaining connection slots", "system is starting up",
         "not yet accepting connections", "in recovery mode"].contains { message.localizedCaseInsensitiveContains($0) }
    }

    deinit { PQfinish(conn) }

    public var isAlive: Bool { PQstatus(conn) == CONNECTION_OK && !stale }

    /// Set when the server said something that ends this session's usefulness (`PGError.endsTheSession`):
    /// the connection must be dropped and a new one opened, which finds the new primary.
    private var stale = false

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
    private func awaitAnswer() throws(PGError) {
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
    private func lastResult() throws(PGError) -> OpaquePointer? {
        var last: OpaquePointer? = nil
        while true {
            do { try awaitAnswer() } catch { PQclear(last); throw error }
            guard let r = PQgetResult(conn) else { break }
            PQclear(last)
            last = r
        }
        return last
    }

    /// When set, every SELECT this connection runs is first run under `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)`
    /// with the same parameters (so it runs twice more), and the plans are handed here with the statement:
    /// the plan made for those parameters, then the generic plan PostgreSQL may switch a prepared statement
    /// to (its text prefixed `/* generic plan */`). The benchmark checks the plans of the queries the core
    /// really runs this way (`make bench` fails when a hot path scans a big table); nil, the default, costs
    /// nothing.
    public var planInspector: ((_ sql: String, _ planJSON: String) -> Void)?

    /// Statements prepared on this connection, by their text. Every statement the programs run is one of a
    /// fixed set of texts (parameters travel apart), so each is parsed and analysed once per connection, not
    /// on every call, and PostgreSQL may keep a generic plan for it once it has seen that the plan does not
    /// depend on the parameters (its default `plan_cache_mode`).
    private var prepared: [String: String] = [:]
    private var statementsNamed = 0
    private static let maxPrepared = 512

    /// A name never used on this connection before.
    private func newStatementName() -> String {
        statementsNamed += 1
        return "rf\(statementsNamed)"
    }

    /// Data statements are prepared; anything else (BEGIN, LISTEN, DDL, a database's name in the text) is not.
    private func preparable(_ sql: String) -> Bool {
        guard prepared.count < PGConnection.maxPrepared || prepared[sql] != nil else { return false }
        let head = sql.drop(while: \.isWhitespace).prefix(7).uppercased()
        return ["SELECT", "INSERT", "UPDATE", "DELETE", "WITH"].contains { head.hasPrefix($0) }
    }

    /// A plan that cannot be read fails the statement: the benchmark must not pass on a plan it never saw.
    private func inspect(_ sql: String, _ params: [any PGParameter]) throws(PGError) {
        guard let planInspector, sql.drop(while: \.isWhitespace).prefix(6).uppercased() == "SELECT" else { return }
        self.planInspector = nil
        defer { self.planInspector = planInspector }
        planInspector(sql, try explain(sql, params))
        let name = try preparedName(sql)
        // EXECUTE's arguments are literals: PostgreSQL does not bind parameters inside a utility statement
        // ("bind message supplies 1 parameters, but prepared statement \"\" requires 0").
        let args = try params.map { p throws(PGError) in try p.pgText.map(literal) ?? "NULL" }.joined(separator: ", ")
        // The programs never set plan_cache_mode, so RESET puts back what was in force.
        try query("SET plan_cache_mode = force_generic_plan")
        let generic = Result { () throws(PGError) in try explain("EXECUTE \(name)" + (params.isEmpty ? "" : "(\(args))"), []) }
        try query("RESET plan_cache_mode")
        planInspector("/* generic plan */ " + sql, try generic.get())
    }

    /// `text` as an SQL string literal, quoted by libpq for this connection's encoding.
    private func literal(_ text: String) throws(PGError) -> String {
        guard let quoted = PQescapeLiteral(conn, text, text.utf8.count) else { throw connectionError() }
        defer { PQfreemem(quoted) }
        return String(cString: quoted)
    }

    /// `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)` of `sql`: its one row's one column.
    private func explain(_ sql: String, _ params: [any PGParameter]) throws(PGError) -> String {
        let rows = try query("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params)
        do throws(RowDecodingError) {
            guard let plan = try rows.first?.string("QUERY PLAN") else { throw RowDecodingError(column: "QUERY PLAN", problem: .missingColumn) }
            return plan
        } catch {
            throw PGError(sqlState: nil, message: "EXPLAIN gave no plan: \(error)", constraint: nil, connectionLost: false)
        }
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
        if planInspector != nil { try inspect(sql, params) }
        let name = preparable(sql) ? try preparedName(sql) : nil
        let texts = params.map(\.pgText)
        let cStrings: [UnsafeMutablePointer<CChar>?] = texts.map { $0.flatMap { strdup($0) } }
        defer { cStrings.forEach { free($0) } }
        let sent = cStrings.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: max(1, buf.count)) { ptr in
                let values = texts.isEmpty ? nil : ptr
                if let name { return PQsendQueryPrepared(conn, name, Int32(texts.count), values, nil, nil, 0) }
                return PQsendQueryParams(conn, sql, Int32(texts.count), nil, values, nil, nil, 0)
            }
        }
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

    /// One statement of a pipeline.
    public struct Statement {
        public var sql: String
        public var params: [any PGParameter]
        public init(_ sql: String, _ params: [any PGParameter] = []) {
            self.sql = sql
            self.params = params
        }
    }

    /// Sends `statements` together and reads their answers: one round trip for all of them (libpq's pipeline
    /// mode, one sync point), run by the server one after the other as if sent singly. When one fails, the
    /// server skips the rest up to the sync point: their results are failures too (`skipped`). Throws only
    /// when the connection itself fails; each statement's own outcome is in the array, in order.
    public func pipeline(_ statements: [Statement]) throws(PGError) -> [Result<[PGRow], PGError>] {
        if planInspector != nil { for st in statements { try inspect(st.sql, st.params) } }
        guard PQenterPipelineMode(conn) == 1 else { throw connectionError() }
        // A statement not prepared yet is prepared in the same pipeline, just before it first runs there.
        var preparing: [Int: String] = [:]
        var preparingSQL: [String: String] = [:]
        for (i, st) in statements.enumerated() {
            var name = prepared[st.sql] ?? preparingSQL[st.sql]
            if name == nil, preparable(st.sql) {
                let new = newStatementName()
                guard PQsendPrepare(conn, new, st.sql, 0, nil) == 1 else { throw leavePipeline(connectionError()) }
                preparing[i] = new
                preparingSQL[st.sql] = new
                name = new
            }
            let texts = st.params.map(\.pgText)
            let cStrings: [UnsafeMutablePointer<CChar>?] = texts.map { $0.flatMap { strdup($0) } }
            defer { cStrings.forEach { free($0) } }
            let sent = cStrings.withUnsafeBufferPointer { buf in
                buf.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: max(1, buf.count)) { ptr in
                    let values = texts.isEmpty ? nil : ptr
                    if let name { return PQsendQueryPrepared(conn, name, Int32(texts.count), values, nil, nil, 0) }
                    return PQsendQueryParams(conn, st.sql, Int32(texts.count), nil, values, nil, nil, 0)
                }
            }
            guard sent == 1 else { throw leavePipeline(connectionError()) }
        }
        guard PQpipelineSync(conn) == 1 else { throw leavePipeline(connectionError()) }
        /// The next answer (one result, then the NULL that ends it).
        func next() throws(PGError) -> Result<[PGRow], PGError> {
            try awaitAnswer()
            guard let res = PQgetResult(conn) else { throw leavePipeline(connectionError()) }
            defer {
                PQclear(res)
                while let extra = PQgetResult(conn) { PQclear(extra) }
            }
            if PQresultStatus(res) == PGRES_PIPELINE_ABORTED {
                return .failure(PGError(sqlState: nil, message: "skipped after an earlier statement failed", constraint: nil, connectionLost: false))
            }
            do throws(PGError) {
                try check(res)
                return .success(rows(of: res))
            } catch {
                return .failure(error)
            }
        }
        var results: [Result<[PGRow], PGError>] = []
        results.reserveCapacity(statements.count)
        // A COMMIT in the pipeline ran only if every statement before it succeeded; if so and the connection
        // broke before its answer, the transaction's fate is unknown (see `PGError.outcomeUnknown`).
        let commitAt = statements.firstIndex { $0.sql == "COMMIT" }
        func commitMayHaveRun() -> Bool {
            guard let commitAt else { return false }
            return !results.prefix(commitAt).contains { if case .failure(let e) = $0 { !e.connectionLost } else { false } }
        }
        do throws(PGError) {
            for (i, st) in statements.enumerated() {
                if let name = preparing[i] {
                    let made = try next()
                    if case .success = made { prepared[st.sql] = name }
                    let ran = try next()
                    if case .failure = made { results.append(made) } else { results.append(ran) }
                } else {
                    results.append(try next())
                }
            }
            // The sync point's own result.
            var synced = false
            while !synced {
                try awaitAnswer()
                guard let res = PQgetResult(conn) else { break }
                synced = PQresultStatus(res) == PGRES_PIPELINE_SYNC
                PQclear(res)
            }
            guard synced, PQexitPipelineMode(conn) == 1 else { throw leavePipeline(connectionError()) }
        } catch {
            throw PGConnection.afterCommit(error, commitSent: commitMayHaveRun())
        }
        if let commitAt, case .failure(let e) = results[commitAt] {
            results[commitAt] = .failure(PGConnection.afterCommit(e, commitSent: commitMayHaveRun()))
        }
        return results
    }

    private func connectionError() -> PGError {
        PGError(sqlState: nil, message: Redaction.message(PGConnection.oneLine(String(cString: PQerrorMessage(conn))), connection: url),
                constraint: nil, connectionLost: !isAlive)
    }

    /// A COMMIT sent on a connection that broke before its answer: the outcome is unknown, not a failure.
    static func afterCommit(_ error: PGError, commitSent: Bool) -> PGError {
        guard commitSent, error.connectionLost, error.sqlState == nil || error.sqlState?.hasPrefix(PGError.connectionExceptionClass) == true
                || error.sqlState?.hasPrefix("57P") == true else { return error }
        var e = error
        e.outcomeUnknown = true
        return e
    }

    /// Drains what is left and leaves pipeline mode, so the connection can be used (or seen to be dead).
    private func leavePipeline(_ error: PGError) -> PGError {
        guard !stale else { return error }  // a server that stopped answering has nothing left to drain
        var tries = 0
        while PQpipelineStatus(conn) != PQ_PIPELINE_OFF && tries < 64 {
            while let res = PQgetResult(conn) { PQclear(res) }
            if PQexitPipelineMode(conn) == 1 { break }
            tries += 1
        }
        return error
    }

    /// Change notifications after COMMIT instead of at it (see migration 4): a connection that sets this
    /// runs `transaction` with `reservaflow.notify_after_commit` on, so the change-feed triggers only note
    /// their payloads, and sends them (`reservaflow_flush_changes()`) right after COMMIT in the same round
    /// trip. PostgreSQL serialises the commits of transactions that NOTIFY, holding a cluster-wide lock
    /// through the WAL flush; notified after commit, bookings commit side by side again (group commit).
    public var notifiesAfterCommit = false

    /// `BEGIN`, and the setting that defers this transaction's change notifications when
    /// `notifiesAfterCommit` is set: for callers that pipeline their first statements with it.
    public var beginStatements: [Statement] {
        notifiesAfterCommit ? [Statement("BEGIN"), Statement("SELECT set_config('reservaflow.notify_after_commit', 'on', true)")]
                            : [Statement("BEGIN")]
    }

    /// `COMMIT`, then (when `notifiesAfterCommit`) the notifications the transaction's triggers noted.
    public var commitStatements: [Statement] {
        notifiesAfterCommit ? [Statement("COMMIT"), Statement("SELECT reservaflow_flush_changes()")] : [Statement("COMMIT")]
    }

    /// Reads the outcome of `commitStatements` at the end of a pipeline: the COMMIT's error is thrown; a
    /// failed notification is not (the change is committed; screens catch up at their next reload).
    public func checkCommit(_ results: ArraySlice<Result<[PGRow], PGError>>) throws(PGError) {
        if case .failure(let e)? = results.first { throw e }
    }

    /// Runs `body` in a transaction; rolls back on any error. Nested calls are not supported (and not needed).
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        if notifiesAfterCommit {
            try execScript("BEGIN; SELECT set_config('reservaflow.notify_after_commit', 'on', true)")
        } else {
            try query("BEGIN")
        }
        do {
            let value = try body()
            if notifiesAfterCommit {
                try checkCommit(try pipeline(commitStatements)[...])
            } else {
                try query("COMMIT")
            }
            return value
        } catch {
            rollbackIfOpen()
            throw error
        }
    }

    /// Ends a transaction left open or failed (after an error), if the connection still works.
    public func rollbackIfOpen() {
        guard isAlive else { return }
        let status = PQtransactionStatus(conn)
        // Not thrown: the caller is already reporting the error that led here, and a ROLLBACK that fails
        // means a broken connection, which the next statement reports (and the server rolls back anyway).
        if status == PQTRANS_INTRANS || status == PQTRANS_INERROR { _ = try? query("ROLLBACK") }
    }

    // MARK: LISTEN/NOTIFY

    /// The socket to poll for notifications.
    public var socket: Int32 { PQsocket(conn) }

    public struct Notification: Sendable {
        public var channel: String
        public var payload: String
    }

    /// Reads whatever arrived on the socket and returns queued notifications. Never blocks.
    public func drainNotifications() throws(PGError) -> [Notification] {
        if PQconsumeInput(conn) == 0 {
            throw PGError(sqlState: nil, message: Redaction.message(PGConnection.oneLine(String(cString: PQerrorMessage(conn))), connection: url),
                          constraint: nil, connectionLost: true)
        }
        var out: [Notification] = []
        while let n = PQnotifies(conn) {
            out.append(Notification(channel: String(cString: n.pointee.relname), payload: String(cString: n.pointee.extra)))
            PQfreemem(n)
        }
        return out
    }

    // MARK: Internals

    private func check(_ res: OpaquePointer?) throws(PGError) {
        let status = res.map { PQresultStatus($0) } ?? PGRES_FATAL_ERROR
        guard status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK else { return }
        let field = { (code: UInt8) -> String? in
            guard let res, let p = PQresultErrorField(res, Int32(code)) else { return nil }
            return String(cString: p)
        }
        let primary = field(UInt8(ascii: "M")) ?? String(cString: PQerrorMessage(conn))
        let state = field(UInt8(ascii: "C"))
        if let state, PGError.endsTheSession.contains(state) { stale = true }
        throw PGError(sqlState: state,
                      message: Redaction.message(PGConnection.oneLine(primary), connection: url),
                      constraint: field(UInt8(ascii: "n")),
                      connectionLost: !isAlive)
    }

    private func rows(of res: OpaquePointer) -> [PGRow] {
        let nrows = Int(PQntuples(res)), ncols = Int(PQnfields(res))
        guard nrows > 0 else { return [] }
        let names = (0..<ncols).map { String(cString: PQfname(res, Int32($0))) }
        var bytes: [UInt8] = [], starts: [Int32] = [], lengths: [Int32] = []
        starts.reserveCapacity(nrows * ncols)
        lengths.reserveCapacity(nrows * ncols)
        for r in 0..<nrows {
            for c in 0..<ncols {
                if PQgetisnull(res, Int32(r), Int32(c)) == 1 {
                    starts.append(-1)
                    lengths.append(0)
                } else {
                    let n = Int(PQgetlength(res, Int32(r), Int32(c)))
                    starts.append(Int32(bytes.count))
                    lengths.append(Int32(n))
                    PQgetvalue(res, Int32(r), Int32(c)).withMemoryRebound(to: UInt8.self, capacity: n) {
                        bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: n))
                    }
                }
            }
        }
        let values = PGResultValues(bytes: bytes, starts: starts, lengths: lengths, names: names)
        return (0..<nrows).map { PGRow(result: values, row: $0) }
    }

    /// libpq's messages span lines ("...refused\n\tIs the server running..."); a host sees one line.
    static func oneLine(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }

    static func addingConnectTimeout(_ url: String, seconds: Int) -> String {
        adding(["connect_timeout": "\(seconds)"], to: url)
    }

    /// TCP keepalives: a server that vanished without closing the socket (killed host, cut network) is
    /// noticed in about 11 s, not after the kernel's two hours, by an idle live feed and a waiting query alike.
    static func withKeepalives(_ url: String) -> String {
        adding(["keepalives": "1", "keepalives_idle": "5", "keepalives_interval": "2", "keepalives_count": "3"], to: url)
    }

    /// Adds connection options the URL (or key=value string) does not mention already. Matched by name
    /// alone, as the connect timeout always was: a conninfo string may write `connect_timeout = 5` with
    /// spaces. (So any `keepalives_*` setting also keeps `keepalives=1` out, which is libpq's default anyway.)
    static func adding(_ options: KeyValuePairs<String, String>, to url: String) -> String {
        var out = url
        let isURL = url.hasPrefix("postgres://") || url.hasPrefix("postgresql://")
        for (key, value) in options where !url.contains(key) {
            if isURL {
                out += (out.contains("?") ? "&" : "?") + "\(key)=\(value)"
            } else {
                out += " \(key)=\(value)"
            }
        }
        return out
    }
}

/// A result's values, copied out of libpq once: immutable, so rows may travel between threads.
final class PGResultValues: Sendable {
    let bytes: [UInt8]
    /// Per cell (row-major): where its bytes start (-1: NULL), and how many.
    let starts: [Int32]
    let lengths: [Int32]
    /// Column names by position, and positions by name (of two columns with one name, the last).
    let names: [String]
    let columns: [String: Int]
    var columnCount: Int { names.count }

    init(bytes: [UInt8], starts: [Int32], lengths: [Int32], names: [String]) {
        self.bytes = bytes
        self.starts = starts
        self.lengths = lengths
        self.names = names
        columns = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { _, last in last })
    }
}

/// PostgreSQL text-array literals, both ways.
enum PGArray {
    static func literal(_ items: [String]) -> String {
        "{" + items.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",") + "}"
    }

    static func parse(_ text: String) -> [String] {
        guard text.count >= 2 else { return [] }
        var items: [String] = []
        var current = ""
        var inQuotes = false, escaped = false, quoted = false
        for ch in text.dropFirst().dropLast() {
            if escaped { current.append(ch); escaped = false; continue }
            switch ch {
            case "\\" where inQuotes: escaped = true
            case "\"": inQuotes.toggle(); quoted = true
            case "," where !inQuotes:
                items.append(current); current = ""; quoted = false
            default: current.append(ch)
            }
        }
        if !current.isEmpty || quoted { items.append(current) }
        return items
    }
}
