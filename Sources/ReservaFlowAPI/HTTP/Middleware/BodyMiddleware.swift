import Hummingbird
import NIOCore
import ReservationDomain

/// A POST, PATCH, PUT or DELETE body read whole under the size limit into the context, and refused if it
/// names a key twice; GET and HEAD carry none. (DELETE /api/auth/me/ takes the password in its body, as
/// erasing an account must ask for it again.)
struct BodyMiddleware: RouterMiddleware {
    typealias Context = APIContext

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        guard [.post, .patch, .put, .delete].contains(request.method) else { return try await next(request, context) }
        var request = request
        var context = context
        do { context.body = Array(buffer: try await request.collectBody(upTo: context.maxUploadSize)) } catch is NIOTooManyBytesError {
            return Reply.error(APIError(status: 413, error: "El cuerpo es demasiado grande: como máximo \(context.maxUploadSize / 1024) KiB.",
                                        code: "too_large", field: "body")).response
        } catch {
            // A malformed chunk or a connection cut mid-body (the connection's watcher answers a bad
            // chunk itself; this answer is for whoever is still listening).
            return Reply.error(APIError(status: 400, error: "El cuerpo de la solicitud no se pudo leer entero.", code: "bad_request", field: "body")).response
        }
        // Read one way here and another by a proxy or a retry: a key named twice is refused before
        // anything else, an Idempotency-Key's replay included.
        if let key = JSONDuplicateKeys.first(in: context.body) {
            return Reply.error(APIError(status: 400, error: "El campo \"\(TextSanitizer.excerpt(key))\" aparece dos veces en el cuerpo: envíelo una sola vez.",
                                        code: "duplicate_key", field: TextSanitizer.excerpt(key))).response
        }
        return try await next(request, context)
    }
}
