import Foundation

/// Every way the core can say no. Each message says what happened and what to do next.
public enum ReservationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Input a host can fix; `field` names the form field.
    case invalid(field: String, message: String)
    /// The slot is taken: names the booking in the way.
    case tableTaken(table: String, from: String, to: String, guest: String)
    /// The table's party is still seated (past its turn by `minutesOver` minutes, 0 when not yet past it):
    /// nobody else can be put there until that booking is completed or moved.
    case tableStillSeated(table: String, guest: String, minutesOver: Int)
    /// Nothing fits at that time; `alternatives` are nearby times that do (local "HH:MM").
    case noTableFree(party: Int, at: String, alternatives: [String])
    /// The 15-minute slot `slot` (local "HH:MM") already has `covers` covers starting of the venue's pacing
    /// limit `limit`, and a party of `party` does not fit; `alternatives` are the nearest slots where it does.
    case overPacing(slot: String, covers: Int, limit: Int, party: Int, alternatives: [String])
    /// A walk-in finds nothing free right now; the quoted wait in minutes (nil: no table can take them today).
    case noTableNow(party: Int, quotedMinutes: Int?)
    /// Another terminal is booking an overlapping slot of this table right now (HTTP 423).
    case locked(table: String, by: String, from: String, to: String)
    /// No `entity` with this id (as the caller named it: a number, a UUID, a reference, a slug, a label);
    /// `at` says where it was looked for when that is part of the answer ("this venue", a venue's name).
    case notFound(BookEntity, id: String, at: String? = nil)
    /// A new guest's phone is already on file under another name: booked under neither until the host
    /// chooses (that guest, by id or by their name; or another number for the new guest).
    case phoneBelongsToGuest(phone: String, guest: String, customerID: CustomerID, typedName: String)
    case illegalTransition(from: ReservationStatus, to: ReservationStatus)
    case forbidden(role: StaffRole, action: String)
    case loginFailed
    case accountLocked(until: Date)
    /// The staff account was disabled by a manager: it may not sign in, and its open sessions may not write.
    case accountDisabled
    case databaseUnavailable(detail: String)
    /// The connection broke after the change was sent to be committed and before the answer came: it may or
    /// may not be saved, and no front end may say either until it has read the book again. `reservation` is
    /// the booking the change made or changed, when there is one, so every front end can look it up.
    case outcomeUnknown(detail: String, reservation: UUID?)
    /// The database answered but could not do it in time: a row another client holds (lock timeout), a
    /// statement past its limit, or a server out of connections. Nothing was changed; a retry may succeed.
    case busy(detail: String)
    case redisUnavailable(detail: String)
    case schemaTooNew(database: Int, code: Int)
    case schemaMissing
    case internalError(String)

    /// The original REST API's status codes, kept for the scripting interface (see `answer`).
    public var httpStatus: Int { answer.httpStatus }

    /// The CLI's documented exit codes (see `answer`).
    public var exitCode: Int32 { answer.exitCode }

    /// The one place an error becomes an answer for a front end: the CLI's exit code, the HTTP status of
    /// the original REST API, and the JSON body both print. Front ends never map errors themselves.
    public var answer: ErrorAnswer {
        let message = description
        func make(_ code: ErrorCode, _ http: Int, _ exit: Int32, field: String? = nil) -> ErrorAnswer {
            ErrorAnswer(exitCode: exit, httpStatus: http,
                        body: ErrorBody(error: message, code: code, field: field, exitCode: exit))
        }
        switch self {
        case .invalid(let field, _): return make(.invalid, 400, 2, field: field)
        case .illegalTransition: return make(.invalid, 400, 2, field: "status")
        case .loginFailed: return make(.unauthorized, 401, 2)
        case .forbidden: return make(.forbidden, 403, 2)
        case .accountLocked: return make(.forbidden, 403, 2)
        case .accountDisabled: return make(.forbidden, 403, 2)
        case .notFound: return make(.notFound, 404, 2)
        case .phoneBelongsToGuest: return make(.invalid, 409, 2, field: "phone")
        case .tableTaken, .tableStillSeated: return make(.unavailable, 409, 3, field: "table")
        case .noTableFree, .noTableNow: return make(.unavailable, 409, 3)
        case .overPacing: return make(.unavailable, 409, 3, field: "time")
        case .locked: return make(.locked, 423, 4, field: "table")
        case .databaseUnavailable, .redisUnavailable: return make(.unreachable, 503, 5)
        case .outcomeUnknown: return make(.outcomeUnknown, 503, 5)
        case .busy: return make(.busy, 503, 5)
        case .schemaTooNew, .schemaMissing: return make(.schema, 503, 5)
        case .internalError: return make(.internalError, 500, 1)
        }
    }

    /// "19:30 has 22 of 24 covers; a party of 4 fits at 19:15 or 19:45." for a pacing refusal, else nil.
    public var pacingFacts: String? {
        guard case .overPacing(let slot, let covers, let limit, let party, let alternatives) = self else { return nil }
        let alt: String
        switch alternatives.count {
        case 0: alt = "no other time that day has room for \(party) in the pacing"
        case 1: alt = "a party of \(party) fits at \(alternatives[0])"
        default: alt = "a party of \(party) fits at \(alternatives.dropLast().joined(separator: ", ")) or \(alternatives.last!)"
        }
        return "\(slot) has \(covers) of \(limit) covers; \(alt)."
    }

    public var description: String {
        switch self {
        case .invalid(let field, let message):
            return "\(field): \(message)"
        case .tableTaken(let table, let from, let to, let guest):
            return "Table \(table) is taken \(from)-\(to) by \(guest). Pick another table or time."
        case .tableStillSeated(let table, let guest, let over):
            let when = over > 0 ? ", \(over) min past their turn" : ""
            return "Table \(table) still has \(guest) seated\(when). Finish their booking when they leave, or pick another table."
        case .noTableFree(let party, let at, let alternatives):
            let alt = alternatives.isEmpty ? "No other time that day has room either." :
                "Free times nearby: \(alternatives.joined(separator: ", "))."
            return "No table for \(party) is free at \(at). \(alt)"
        case .overPacing:
            return (pacingFacts ?? "") + " Pick another time, or a manager can book past the pacing limit."
        case .noTableNow(let party, let quote?):
            return "No table for \(party) is free now; the wait is about \(quote) min. Put them on the waitlist, or try again later."
        case .noTableNow(let party, nil):
            return "No table here frees up for a party of \(party) for a whole turn before the close."
        case .locked(let table, let by, let from, let to):
            return "Table \(table) \(from)-\(to) is being booked by \(by) right now. Try another table, or again in a moment."
        case .notFound(let entity, let id, let place):
            return Self.notFoundMessage(entity, id: id, at: place)
        case .phoneBelongsToGuest(let phone, let guest, _, let typed):
            return "The phone \(phone) is \(guest)'s, a guest here already. Book \(guest) (pick them, or give their name), or give \(typed) another number."
        case .illegalTransition(let from, let to):
            let allowed = StatusMachine.allowed(from: from).map(\.label).sorted()
            let next = allowed.isEmpty ? "it is final" : "it can become \(allowed.joined(separator: ", "))"
            return "A \(from.label) reservation cannot become \(to.label); \(next)."
        case .forbidden(let role, let action):
            // Whoever may: a manager for a host, an admin for a manager (an admin is refused only at a venue that is
            // not theirs, which another admin can change).
            return "\(role == .admin ? "An" : "A") \(role.rawValue) cannot \(action). Ask \(role == .host ? "a manager" : "an admin")."
        case .loginFailed:
            return "Wrong username or password."
        case .accountDisabled:
            return "This staff account has been disabled. Ask a manager."
        case .accountLocked(let until):
            let seconds = max(1, Int(until.timeIntervalSinceNow.rounded(.up)))
            return "Too many failed logins. Try again in \(seconds) s, or ask a manager to reset the password."
        case .databaseUnavailable(let detail):
            return "The database cannot be reached (\(detail)). Check DATABASE_URL or run `make stack-up`."
        case .outcomeUnknown(let detail, let reservation?):
            let ref = reservation.shortReference
            return "The connection to the database broke while booking \(ref) was being saved (\(detail)), so it is not known yet whether it was saved. Look it up once the database answers (`reservaflow reservation \(ref)`); book again only if it is not there."
        case .outcomeUnknown(let detail, nil):
            return "The connection to the database broke while the change was being saved (\(detail)), so it is not known yet whether it was saved. Look at the book once the database answers before doing it again."
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

/// What kind of no an error is, for scripts: the `code` of the JSON error body.
public enum ErrorCode: String, Codable, Sendable, CaseIterable {
    case invalid, unauthorized, forbidden, unavailable, locked, unreachable, busy, schema
    case notFound = "not_found"
    case outcomeUnknown = "outcome_unknown"
    case internalError = "internal"
}

/// The JSON body of every error the CLI prints with `--json` (and the REST API will answer):
/// `{"error": message, "code": "invalid", "field": "phone", "exit_code": 2}`.
public struct ErrorBody: Codable, Equatable, Sendable {
    public var error: String
    public var code: ErrorCode
    /// The input field at fault, when there is one (null otherwise).
    public var field: String?
    public var exitCode: Int32

    public init(error: String, code: ErrorCode, field: String?, exitCode: Int32) {
        self.error = error
        self.code = code
        self.field = field
        self.exitCode = exitCode
    }

    enum CodingKeys: String, CodingKey {
        case error, code, field
        case exitCode = "exit_code"
    }

    /// `field` is always present, as null when there is none (the synthesised encoder would leave it out).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(error, forKey: .error)
        try c.encode(code, forKey: .code)
        try c.encode(field, forKey: .field)
        try c.encode(exitCode, forKey: .exitCode)
    }
}

/// How a front end answers an error: exit code, HTTP status and JSON body together.
public struct ErrorAnswer: Equatable, Sendable {
    public var exitCode: Int32
    public var httpStatus: Int
    public var body: ErrorBody

    public init(exitCode: Int32, httpStatus: Int, body: ErrorBody) {
        self.exitCode = exitCode
        self.httpStatus = httpStatus
        self.body = body
    }
}
