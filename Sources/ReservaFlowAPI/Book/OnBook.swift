import Foundation
import Hummingbird
import ReservationCore
import ReservationDomain

extension API {
    /// Runs a route's work on a borrowed book, after its middleware (`guarded`) has let the request in:
    /// one job on the book's thread checks the token, applies the per-guest booking limit, honours the
    /// Idempotency-Key, does the work and turns every error into its JSON answer. GETs borrow from the
    /// read pool.
    func onBook(_ request: Request, _ context: APIContext, _ rules: RouteRules,
                _ work: @escaping @Sendable (Call) throws -> Reply) async throws -> Response {
        var steps: [any BookStep] = [TokenCheck(token: context.bearer)]
        if rules.limit == .booking { steps.append(GuestBookingLimit(limiter: limiter, limit: settings.limits.bookingsPerGuest)) }
        if rules.idempotent, let key = request.headers[Idempotency.header] { steps.append(Idempotency(key: key)) }
        let chain = BookSteps(steps: steps)
        var parameters: [String: String] = [:]
        for (k, v) in context.parameters { parameters[String(k)] = String(v) }
        let params = parameters, body = context.body, client = context.client, logger = self.logger
        let reply: Reply
        do {
            reply = try await (request.method == .get || request.method == .head ? readPool : pool).run { book in
                let call = Call(book: book, principal: nil, bearer: nil, body: body, request: request, parameters: params, peer: client)
                var seen = call
                do {
                    return try chain.run(call, seen: &seen, work)
                } catch let e as APIError {
                    return Reply.error(e)
                } catch let e as ReservationError {
                    if case .internalError(let detail) = e {
                        // Masked and cut: a library's message can quote a connection string or a row.
                        logger.error("internal error", metadata: ["detail": "\(TextSanitizer.excerpt(Redaction.connectionString(detail), max: 200))"])
                    }
                    return Reply.error(APIError.from(e, staff: seen.isStaff))
                }
            }
        } catch let e as ReservationError {
            // The book could not be opened (database down): the pool's own error.
            reply = Reply.error(APIError.from(e, staff: false))
        }
        return reply.response
    }
}
