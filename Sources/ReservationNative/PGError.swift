import Foundation

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

    /// A failure found on this side of the wire (a plan that cannot be read, an answer of the wrong shape).
    public static func unexpected(_ message: String) -> PGError {
        PGError(sqlState: nil, message: message, constraint: nil, connectionLost: false)
    }

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
    /// ReservaFlow's own (migration 21): a write declared by a staff account that has been disabled.
    public static let staffAccountDisabled = "RF401"
    /// ReservaFlow's own (migration 33): a live booking on a table out of service for those days; the message
    /// names the table, the days and why, in the words a host reads.
    public static let tableOutOfService = "RF409"

    /// Codes after which this connection is of no more use even if its socket still looks open: the server
    /// stopped being the primary, or it is shutting down or refusing the session.
    static let endsTheSession: Set<String> = [readOnlyTransaction, adminShutdown, crashShutdown, cannotConnectNow,
                                              connectionException, connectionDoesNotExist, connectionFailure]
    static let adminShutdown = "57P01", crashShutdown = "57P02", cannotConnectNow = "57P03"
    /// Class 08: the connection itself failed.
    static let connectionExceptionClass = "08"
    /// Class 57P: the server is shutting down or not taking connections (an operator, a failover).
    static let operatorInterventionClass = "57P"
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
