import Foundation
import HTTPTypes
import ReservationCore
import ReservationDomain
import ReservationNative

/// Stripe's rule for an Idempotency-Key: the same key and request get the first answer again and create
/// nothing new; the same key with another request is 422. Keys are per caller and kept 24 h.
struct Idempotency: BookStep {
    static let header = HTTPField.Name("Idempotency-Key")!
    /// The header's value, when the route honours it and the client sent one.
    let key: String

    func run(_ call: Call, next: (Call) throws -> Reply) throws -> Reply {
        guard (1...255).contains(key.count), key.allSatisfy({ $0.isASCII && !$0.isWhitespace && !$0.unicodeScalars.contains { $0.value < 32 } }) else {
            throw APIError.invalid("Idempotency-Key", "The Idempotency-Key header must be 1 to 255 visible ASCII characters.")
        }
        let fingerprint = SecretDigest.hash("\(call.request.method.rawValue) \(call.request.uri.path)\n" + Self.canonical(call.body))
        let claim = IdempotencyClaim(principal: call.idempotencyKey, key: key, requestHash: fingerprint)
        switch try call.book.beginIdempotent(claim) {
        case .mismatch:
            throw APIError(status: 422, error: "Esta Idempotency-Key ya se usó con otra solicitud: use una clave nueva para una solicitud nueva.",
                           code: "idempotency_mismatch", field: "Idempotency-Key")
        case .inProgress:
            var e = APIError(status: 409, error: "La primera solicitud con esta Idempotency-Key aún se está procesando: repita en un momento.",
                             code: "idempotency_in_progress", field: "Idempotency-Key")
            e.headers["Retry-After"] = "1"
            throw e
        case .replay(let status, let body?, _):
            return Reply(status: status, body: Array(body.utf8), headers: ["Idempotent-Replayed": "true"])
        case .replay(_, nil, let reservation?):
            // Settled inside the booking's own transaction, which keeps the booking, not the answer.
            var reply = try API.createdReply(call.book, try call.book.reservation(id: reservation))
            reply.headers["Idempotent-Replayed"] = "true"
            return reply
        case .replay:
            throw APIError(status: 409, error: "No answer was kept for this Idempotency-Key; use a new key.", code: "idempotency_in_progress")
        case .fresh:
            var claimed = call
            claimed.idempotencyClaim = claim
            // Whatever the first answer is, a refusal included, is the answer a retry gets.
            let reply: Reply
            do { reply = try next(claimed) } catch let e as APIError {
                reply = Reply.error(e)
            } catch let e as ReservationError {
                reply = Reply.error(APIError.from(e, staff: call.isStaff))
            }
            try call.book.finishIdempotent(claim, status: reply.status, body: String(decoding: reply.body, as: UTF8.self))
            return reply
        }
    }

    /// A body as its meaning, not its bytes: the same fields in another order or spacing are the same request.
    static func canonical(_ body: [UInt8]) -> String {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(body)), let data = try? Reply.encoder(sorted: true).encode(value) else {
            return String(decoding: body, as: UTF8.self)
        }
        return String(decoding: data, as: UTF8.self)
    }
}
