import Foundation
import ReservationCore
import ReservationDomain

/// An answer other than success: the status and the JSON body the client gets. The bodies keep the
/// original API's keys (`error`, and `fields` for missing ones) and add a machine-readable `code` and the
/// `field` at fault, so scripts need not parse Spanish sentences.
public struct APIError: Error, Sendable {
    public var status: Int
    public var body: [String: JSONValue]
    public var headers: [String: String] = [:]

    public init(status: Int, error: String, code: String, field: String? = nil, extra: [String: JSONValue] = [:]) {
        self.status = status
        var b: [String: JSONValue] = ["error": .string(error), "code": .string(code)]
        b["field"] = field.map(JSONValue.string) ?? .null
        for (k, v) in extra { b[k] = v }
        body = b
    }

    static func invalid(_ field: String, _ message: String) -> APIError {
        APIError(status: 400, error: message, code: "invalid", field: field)
    }

    static let notFound = APIError(status: 404, error: "No encontrado", code: "not_found")
    static let reservationNotFound = APIError(status: 404, error: "Reserva no encontrada", code: "not_found")

    static func unauthenticated() -> APIError {
        var e = APIError(status: 401, error: "Se requieren credenciales: envíe Authorization: Bearer <access token> (POST /api/token/).",
                         code: "not_authenticated")
        e.headers["WWW-Authenticate"] = "Bearer"
        return e
    }

    static func badToken() -> APIError {
        var e = APIError(status: 401, error: "El token no es válido o ha caducado: pida uno nuevo (POST /api/token/refresh/).",
                         code: "token_not_valid")
        e.headers["WWW-Authenticate"] = "Bearer error=\"invalid_token\""
        return e
    }

    /// A rate limit's refusal: try again in `seconds`.
    static func tooMany(_ seconds: Int) -> APIError {
        var e = APIError(status: 429, error: "Demasiadas solicitudes: espere \(seconds) s.", code: "rate_limited",
                         extra: ["retry_after": .int(Int64(seconds))])
        e.headers["Retry-After"] = String(seconds)
        return e
    }

    static func forbidden(_ message: String) -> APIError {
        APIError(status: 403, error: message, code: "forbidden")
    }

    /// The core's answer (`ReservationError.answer`: the one mapping of status and code), worded as the
    /// original API worded it where it had a wording. What a guest sees names no other guest and no member
    /// of staff: "taken by Garcia" is for the podium. Only the words, the field's JSON name and the extras
    /// are chosen here; a route that answers a miss differently (a guest named in a body is a bad field, not
    /// a 404) says so by turning the core's error into another kind before it gets here.
    static func from(_ error: ReservationError, staff: Bool) -> APIError {
        let answer = error.answer
        let detail = error.description
        let named = answer.body.field.map(apiField)
        func worded(_ text: String, field: String?? = nil, extra: [String: JSONValue] = [:]) -> APIError {
            // `field` nil: the answer's own field under its JSON name.
            var e = APIError(status: answer.httpStatus, error: text, code: answer.body.code.rawValue, field: field ?? named, extra: extra)
            // Every 503 is worth retrying soon: the database or Redis is back within seconds, or the
            // outcome can be read again.
            if answer.httpStatus == 503 { e.headers["Retry-After"] = "2" }
            return e
        }
        switch error {
        case .tableTaken:
            return worded("Mesa no disponible en esa fecha/hora", extra: staff ? ["detail": .string(detail)] : [:])
        case .noTableFree(_, _, let alternatives):
            return worded("Mesa no disponible en esa fecha/hora", extra: ["alternatives": .array(alternatives.map(JSONValue.string))])
        case .overPacing(_, _, _, _, let alternatives):
            // The kitchen's pace, not a table: the guest is offered the nearest times that have room. The
            // field is the slot ("time"), as the API has always named it here.
            return worded("Hora completa: elija otra hora", field: answer.body.field,
                          extra: ["detail": .string(detail), "alternatives": .array(alternatives.map(JSONValue.string))])
        case .locked(let table, _, let from, let to):
            let who = staff ? detail : "Table \(table) \(from)-\(to) is being booked by someone else right now. Try another table, or again in a moment."
            return worded("Mesa está siendo reservada por otro cliente. Inténtelo de nuevo en unos segundos.", extra: ["detail": .string(who)])
        case .notFound(.reservation, _, _):
            return .reservationNotFound
        case .invalid(_, let message):
            return worded(message)
        case .internalError:
            // The detail stays in the server's log: it can hold SQL or a library's words.
            return worded("Error interno: se ha registrado. Inténtelo de nuevo.")
        case .outcomeUnknown(_, let reservation):
            // Never a success nor a failure: only reading the book again can tell, and a retry with the same
            // Idempotency-Key does exactly that (it answers the booking if it was saved, books it if not).
            return worded("Se perdió la conexión con la base de datos al guardar: no se sabe aún si se guardó. Repita la misma solicitud con la misma Idempotency-Key para saberlo; sin ella, consulte sus reservas antes de repetirla.",
                          extra: reservation.map { ["reservation_id": .string($0.uuidString.lowercased())] } ?? [:])
        case .databaseUnavailable, .busy, .redisUnavailable, .schemaTooNew, .schemaMissing:
            return worded("El servicio no está disponible ahora mismo. Inténtelo de nuevo en unos segundos.")
        default:
            // Any other "not free" the core may give (a party still seated at the table, ...) can name the
            // guest in the way: a guest reads only that the table is not free, as a taken table says it.
            if answer.httpStatus == 409 && !staff {
                return APIError(status: answer.httpStatus, error: "Mesa no disponible en esa fecha/hora", code: ErrorCode.unavailable.rawValue, field: "table_id")
            }
            return worded(detail)
        }
    }

    /// The core names fields as the podium's form does; the API names them as its JSON does.
    static func apiField(_ core: String) -> String {
        switch core {
        case "party": "party_size"
        case "date": "reservation_date"
        case "time": "reservation_time"
        case "table": "table_id"
        case "name": "first_name"
        default: core
        }
    }
}
