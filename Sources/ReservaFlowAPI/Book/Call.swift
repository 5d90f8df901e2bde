import Hummingbird
import ReservationCore
import ReservationDomain

/// One request's work on a borrowed book: who is calling, what they sent. The steps before the route's
/// work fill in what they learn (`principal` from the token, `idempotencyClaim` for a fresh keyed request).
struct Call {
    let book: ReservationBook
    var principal: Principal?
    /// The access token the principal was read from (`TokenCheck`): the session a request belongs to.
    var bearer: String?
    let body: [UInt8]
    let request: Request
    let parameters: [String: String]
    /// The client's address (`APIContext.client`).
    let peer: String
    /// The Idempotency-Key claim of a first request, for the one route (booking) that settles it inside its
    /// own transaction; nil without a key and on a replay.
    var idempotencyClaim: IdempotencyClaim?

    func query(_ name: String) -> String? {
        request.uri.queryParameters[name[...]].map(String.init)
    }

    func requirePrincipal() throws(APIError) -> Principal {
        guard let principal else { throw APIError.unauthenticated() }
        return principal
    }

    func requireStaff() throws(APIError) -> StaffMember {
        guard case .staff(let s) = try requirePrincipal() else {
            throw APIError.forbidden("Only staff may do this; guests see and change their own reservations.")
        }
        return s
    }

    var isStaff: Bool { if case .staff? = principal { true } else { false } }

    var idempotencyKey: String { principal?.key ?? "addr:\(peer)" }
}
