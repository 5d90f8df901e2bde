import Foundation

/// Every way the core can say no. Each message says what happened and what to do next.
public enum ReservationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Input a host can fix; `field` names the form field.
    case invalid(field: String, message: String)
    /// The slot is taken: names the booking in the way.
    case tableTaken(table: String, from: String, to: String, guest: String)
    /// Nothing fits at that time; `alternatives` are nearby times that do (local "HH:MM").
    case noTableFree(party: Int, at: String, alternatives: [String])
    /// Another terminal is booking an overlapping slot of this table right now (HTTP 423).
    case locked(table: String, by: String, from: String, to: String)
    case notFound(what: String)
    case illegalTransition(from: ReservationStatus, to: ReservationStatus)
    case forbidden(role: StaffRole, action: String)
    case loginFailed
    case accountLocked(until: Date)
    case databaseUnavailable(detail: String)
    /// The database answered but could not do it in time: a row another client holds (lock timeout), a
    /// statement past its limit, or a server out of connections. Nothing was changed; a retry may succeed.
    case busy(detail: String)
    case redisUnavailable(detail: String)
    case schemaTooNew(database: Int, code: Int)
    case schemaMissing
    case internalError(String)

    /// The original REST API's status codes, kept for the scripting interface.
    public var httpStatus: Int {
        switch self {
        case .invalid, .illegalTransition: 400
        case .loginFailed: 401
        case .forbidden, .accountLocked: 403
        case .notFound: 404
        case .tableTaken, .noTableFree: 409
        case .locked: 423
        case .databaseUnavailable, .busy, .redisUnavailable, .schemaTooNew, .schemaMissing: 503
        case .internalError: 500
        }
    }

    /// The CLI's documented exit codes: 2 invalid, 3 unavailable, 4 locked, 5 unreachable.
    public var exitCode: Int32 {
        switch self {
        case .invalid, .illegalTransition, .notFound, .forbidden, .loginFailed, .accountLocked: 2
        case .tableTaken, .noTableFree: 3
        case .locked: 4
        case .databaseUnavailable, .busy, .redisUnavailable, .schemaTooNew, .schemaMissing: 5
        case .internalError: 1
        }
    }

    public var description: String {
        switch self {
        case .invalid(let field, let message):
            return "\(field): \(message)"
        case .tableTaken(let table, let from, let to, let guest):
            return "Table \(table) is taken \(from)-\(to) by \(guest). Pick another table or time."
        case .noTableFree(let party, let at, let alternatives):
            let alt = alternatives.isEmpty ? "No other time that day has room either." :
                "Free times nearby: \(alternatives.joined(separator: ", "))."
            return "No table for \(party) is free at \(at). \(alt)"
        case .locked(let table, let by, let from, let to):
            return "Table \(table) \(from)-\(to) is being booked by \(by) right now. Try another table, or again in a moment."
        case .notFound(let what):
            return "\(what) was not found."
        case .illegalTransition(let from, let to):
            let allowed = StatusMachine.allowed(from: from).map(\.label).sorted()
            let next = allowed.isEmpty ? "it is final" : "it can become \(allowed.joined(separator: ", "))"
            return "A \(from.label) reservation cannot become \(to.label); \(next)."
        case .forbidden(let role, let action):
            return "A \(role.rawValue) cannot \(action). Ask a manager."
        case .loginFailed:
            return "Wrong username or password."
        case .accountLocked(let until):
            let seconds = max(1, Int(until.timeIntervalSinceNow.rounded(.up)))
            return "Too many failed logins. Try again in \(seconds) s, or ask a manager to reset the password."
        case .databaseUnavailable(let detail):
            return "The database cannot be reached (\(detail)). Check DATABASE_URL or run `make stack-up`."
        case .busy(let detail):
            return "The database is busy: \(detail). Nothing was changed; try again in a moment."
        case .redisUnavailable(let detail):
            return "Redis cannot be reached (\(detail))."
        case .schemaTooNew(let database, let code):
            return "The database is at schema version \(database) but this program knows only up to \(code). Upgrade ReservaFlow before using this database."
        case .schemaMissing:
            return "The database has no ReservaFlow schema yet. Run `reservaflow migrate`."
        case .internalError(let message):
            return "Unexpected error: \(message)"
        }
    }
}
