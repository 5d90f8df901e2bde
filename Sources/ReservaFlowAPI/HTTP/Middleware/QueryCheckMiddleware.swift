import Hummingbird
import ReservationDomain

/// Every query parameter must be one the route reads, given once: `?restaurnt=1` is refused (400, as an
/// unknown body field is) rather than silently listing every venue's bookings. Names are compared as sent
/// (not percent-decoded).
struct QueryCheckMiddleware: RouterMiddleware {
    typealias Context = APIContext
    let allowed: Set<String>

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        do throws(APIError) { try Self.check(request, allowed: allowed) } catch { return Reply.error(error).response }
        return try await next(request, context)
    }

    static func check(_ request: Request, allowed: Set<String>) throws(APIError) {
        var seen = Set<Substring>()
        for (key, _) in request.uri.queryParameters {
            let name = TextSanitizer.excerpt(String(key))
            guard allowed.contains(String(key)) else {
                let expected = allowed.isEmpty ? "\(request.uri.path) takes no query parameters"
                                               : "expected \(allowed.sorted().joined(separator: ", "))"
                throw APIError.invalid(name, "Unknown query parameter \"\(name)\"; \(expected).")
            }
            guard seen.insert(key).inserted else {
                throw APIError.invalid(name, "The query parameter \(name) is given twice: give it once.")
            }
        }
    }
}
