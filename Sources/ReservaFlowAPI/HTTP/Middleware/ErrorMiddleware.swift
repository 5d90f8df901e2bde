import Foundation
import Hummingbird
import Logging

/// Whatever goes wrong reaches the client as JSON with a status, never as an empty 500: the router's own
/// 404/405, a body over the limit, and anything unexpected (logged here, with the request's id only).
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = APIContext
    let logger: Logger

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let e as APIError {
            return Reply.error(e).response
        } catch let e as HTTPError {
            let code = Int(e.status.code)
            switch code {
            case 404: return Reply.error(APIError(status: 404, error: "No existe: \(request.method.rawValue) \(request.uri.path). Vea docs/api.md.", code: "not_found")).response
            case 405: return Reply.error(APIError(status: 405, error: "Método no permitido en \(request.uri.path).", code: "method_not_allowed")).response
            case 413: return Reply.error(APIError(status: 413, error: "El cuerpo es demasiado grande.", code: "too_large", field: "body")).response
            default: return Reply.error(APIError(status: code, error: e.body ?? "Error \(code)", code: "http_\(code)")).response
            }
        } catch {
            logger.error("unexpected error", metadata: ["path": "\(request.uri.path)", "error": "\(type(of: error))"])
            return Reply.error(APIError(status: 500, error: "Error interno: se ha registrado. Inténtelo de nuevo.", code: "internal")).response
        }
    }
}
