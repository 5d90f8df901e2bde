import Hummingbird

/// The Authorization header's bearer token, taken apart here and checked on the book with the route's work
/// (`TokenCheck`): a header that is not `Bearer <token>` is 401 at once.
struct BearerMiddleware: RouterMiddleware {
    typealias Context = APIContext

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        var context = context
        do throws(APIError) { context.bearer = try Self.token(request) } catch { return Reply.error(error).response }
        return try await next(request, context)
    }

    static func token(_ request: Request) throws(APIError) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty, parts[1].count <= 200 else {
            throw APIError.badToken()
        }
        return String(parts[1])
    }
}
