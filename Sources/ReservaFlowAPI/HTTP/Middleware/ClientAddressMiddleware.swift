import HTTPTypes
import Hummingbird

/// Behind a proxy you run (`--trust-forwarded-for`), the client is the first X-Forwarded-For address, not
/// the proxy's: the rate limits and anonymous idempotency keys count it.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = APIContext

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        var context = context
        if let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!], let first = forwarded.split(separator: ",").first {
            context.client = first.trimmingCharacters(in: .whitespaces)
        }
        return try await next(request, context)
    }
}
