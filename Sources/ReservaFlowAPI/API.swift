import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ReservationCore
import ReservationDomain
import ReservationNative

/// How the server runs: where it listens is the executable's business; these are the rules it applies.
public struct APISettings: Sendable {
    public var limits = RateLimits()
    public var tokens = TokenLifetimes()
    /// The key that signs confirm links (LINK_SECRET); without it only staff confirm holds.
    public var linkSecret: String?
    /// Take the client's address from X-Forwarded-For (only behind a proxy you run).
    public var trustForwardedFor = false
    /// Rows per database read when a list is streamed whole.
    public var streamBatch = 2000

    public init() {}
}

/// The REST API: the original's paths and shapes over ReservationCore (docs/api.md).
public struct API: Sendable {
    /// Books for requests that write (and everything but GET).
    let pool: BookPool
    /// Books for GETs: a lookup never queues behind a burst of bookings waiting on their commits.
    let readPool: BookPool
    let settings: APISettings
    let limiter: RateLimiter
    let logger: Logger

    public init(pool: BookPool, readPool: BookPool? = nil, settings: APISettings, limiter: RateLimiter = RateLimiter(), logger: Logger) {
        self.pool = pool
        self.readPool = readPool ?? pool
        self.settings = settings
        self.limiter = limiter
        self.logger = logger
    }

    /// Every route, behind the middleware that turns every failure into a JSON answer. Every GET route
    /// answers HEAD too (`get` below).
    public func router() -> Router<APIContext> {
        let router = Router(context: APIContext.self)
        router.add(middleware: ErrorMiddleware(logger: logger))
        addHealth(router)
        addAuth(router)
        addRestaurants(router)
        addReservations(router)
        addCustomers(router)
        return router
    }

    /// The routes as documented (docs/openapi.yaml lists the same; a test compares the two).
    public static let routes: [(method: String, path: String)] = [
        ("GET", "/health/"),
        ("POST", "/api/auth/register/"), ("POST", "/api/token/"), ("POST", "/api/token/refresh/"), ("POST", "/api/token/revoke/"),
        ("GET", "/api/restaurants/restaurants/"), ("GET", "/api/restaurants/restaurants/{id}/"),
        ("GET", "/api/restaurants/restaurants/{id}/available_tables/"), ("GET", "/api/restaurants/tables/"),
        ("GET", "/api/restaurants/tables/{id}/"),
        ("GET", "/api/reservations/"), ("POST", "/api/reservations/"), ("GET", "/api/reservations/{id}/"),
        ("PATCH", "/api/reservations/{id}/"), ("DELETE", "/api/reservations/{id}/"), ("GET", "/api/reservations/{id}/confirm/"),
        ("POST", "/api/reservations/{id}/confirm/"),
        ("GET", "/api/customers/"), ("GET", "/api/customers/{id}/"), ("GET", "/api/customers/search_by_phone/"),
    ]
}

extension API {
    typealias Handler = @Sendable (Request, APIContext) async throws -> Response

    /// A GET route, and HEAD on the same path: the same answer (status and headers, Content-Length
    /// included) without its body (RFC 9110 §9.3.2). A streamed list keeps no Content-Length, and the
    /// HTTP encoder sends no body for HEAD.
    func get(_ router: Router<APIContext>, _ path: RouterPath, _ handler: @escaping Handler) {
        router.get(path, use: handler)
        router.head(path) { request, context in
            let full = try await handler(request, context)
            var head = Response(status: full.status, headers: full.headers)
            if full.body.contentLength == nil { head.headers[.contentLength] = nil }
            return head
        }
    }
}

/// One request's work on a borrowed book: who is calling, what they sent.
struct Call {
    let book: ReservationBook
    let principal: Principal?
    let body: [UInt8]
    let request: Request
    let parameters: [String: String]
    let peer: String

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

extension API {
    enum Limit { case none, booking, auth }

    /// Runs `work` for a request: the address's rate limit, the query parameters checked against `query`
    /// (the route's own: any other, or one given twice, is 400 as an unknown body field is), the body read
    /// under the size limit and refused if it names a key twice, then on a borrowed book: the bearer token
    /// checked, the Idempotency-Key honoured, `work`, and every error turned into its JSON answer.
    func handle(_ request: Request, _ context: APIContext, limit: Limit = .none, idempotent: Bool = false, query: Set<String> = [],
                _ work: @escaping @Sendable (Call) throws -> Reply) async throws -> Response {
        let peer = clientAddress(request, context)
        if let wait = limiter.take("req:\(peer)", limit: settings.limits.requestsPerAddress) { return Self.tooMany(wait).response }
        switch limit {
        case .auth:
            if let wait = limiter.take("auth:\(peer)", limit: settings.limits.authPerAddress) { return Self.tooMany(wait).response }
        case .booking:
            if let wait = limiter.take("book:\(peer)", limit: settings.limits.bookingsPerAddress) { return Self.tooMany(wait).response }
        case .none: break
        }
        do throws(APIError) { try Self.checkQuery(request, allowed: query) } catch { return Reply.error(error).response }
        var request = request
        let body: [UInt8]
        if request.method == .post || request.method == .patch || request.method == .put {
            do { body = Array(buffer: try await request.collectBody(upTo: context.maxUploadSize)) } catch is NIOTooManyBytesError {
                return Reply.error(APIError(status: 413, error: "El cuerpo es demasiado grande: como máximo \(context.maxUploadSize / 1024) KiB.",
                                            code: "too_large", field: "body")).response
            } catch {
                // A malformed chunk or a connection cut mid-body (the connection's watcher answers a bad
                // chunk itself; this answer is for whoever is still listening).
                return Reply.error(APIError(status: 400, error: "El cuerpo de la solicitud no se pudo leer entero.", code: "bad_request", field: "body")).response
            }
            // Read one way here and another by a proxy or a retry: a key named twice is refused before
            // anything else, an Idempotency-Key's replay included.
            if let key = JSONDuplicateKeys.first(in: body) {
                return Reply.error(APIError(status: 400, error: "El campo \"\(TextSanitizer.excerpt(key))\" aparece dos veces en el cuerpo: envíelo una sola vez.",
                                            code: "duplicate_key", field: TextSanitizer.excerpt(key))).response
            }
        } else {
            body = []
        }
        let token: String?
        do { token = try Self.bearer(request) } catch { return Reply.error(error).response }
        let idemKey = idempotent ? request.headers[HTTPField.Name("Idempotency-Key")!] : nil
        var parameters: [String: String] = [:]
        for (k, v) in context.parameters { parameters[String(k)] = String(v) }
        let params = parameters
        let head = request
        let limits = settings.limits, limiter = self.limiter, logger = self.logger
        let reply: Reply
        do {
            reply = try await (request.method == .get || request.method == .head ? readPool : pool).run { book in
                var staff = false
                do {
                    let principal = try token.map { (t: String) throws -> Principal in
                        guard let p = try book.authenticate(accessToken: t) else { throw APIError.badToken() }
                        return p
                    }
                    if case .staff? = principal { staff = true }
                    if limit == .booking, case .guest(let g)? = principal,
                       let wait = limiter.take("book:guest:\(g.id)", limit: limits.bookingsPerGuest) {
                        return Self.tooMany(wait)
                    }
                    let call = Call(book: book, principal: principal, body: body, request: head, parameters: params, peer: peer)
                    guard let idemKey else { return try work(call) }
                    return try Self.idempotently(call, key: idemKey, work)
                } catch let e as APIError {
                    return Reply.error(e)
                } catch let e as ReservationError {
                    if case .internalError(let detail) = e {
                        // Masked and cut: a library's message can quote a connection string or a row.
                        logger.error("internal error", metadata: ["detail": "\(TextSanitizer.excerpt(Redaction.connectionString(detail), max: 200))"])
                    }
                    return Reply.error(APIError.from(e, staff: staff))
                }
            }
        } catch let e as ReservationError {
            // The book could not be opened (database down): the pool's own error.
            reply = Reply.error(APIError.from(e, staff: false))
        }
        return reply.response
    }

    /// Every query parameter must be one the route reads, given once: `?restaurnt=1` is refused rather
    /// than silently listing every venue's bookings. Names are compared as sent (not percent-decoded).
    static func checkQuery(_ request: Request, allowed: Set<String>) throws(APIError) {
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

    static func tooMany(_ seconds: Int) -> Reply {
        var e = APIError(status: 429, error: "Demasiadas solicitudes: espere \(seconds) s.", code: "rate_limited",
                         extra: ["retry_after": .int(Int64(seconds))])
        e.headers["Retry-After"] = String(seconds)
        return Reply.error(e)
    }

    func clientAddress(_ request: Request, _ context: APIContext) -> String {
        if settings.trustForwardedFor, let fwd = request.headers[HTTPField.Name("X-Forwarded-For")!],
           let first = fwd.split(separator: ",").first {
            return first.trimmingCharacters(in: .whitespaces)
        }
        return context.peer
    }

    static func bearer(_ request: Request) throws(APIError) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty, parts[1].count <= 200 else {
            throw APIError.badToken()
        }
        return String(parts[1])
    }

    /// Stripe's rule: the same key and request get the first answer again and create nothing new; the same
    /// key with another request is 422. Keys are per caller and kept 24 h.
    static func idempotently(_ call: Call, key: String, _ work: (Call) throws -> Reply) throws -> Reply {
        guard (1...255).contains(key.count), key.allSatisfy({ $0.isASCII && !$0.isWhitespace && !$0.unicodeScalars.contains { $0.value < 32 } }) else {
            throw APIError.invalid("Idempotency-Key", "The Idempotency-Key header must be 1 to 255 visible ASCII characters.")
        }
        let fingerprint = SecretDigest.hash("\(call.request.method.rawValue) \(call.request.uri.path)\n" + canonical(call.body))
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
            var reply = try API.createdReply(call.book, try call.book.reservation(id: reservation))
            reply.headers["Idempotent-Replayed"] = "true"
            return reply
        case .replay:
            throw APIError(status: 409, error: "No answer was kept for this Idempotency-Key; use a new key.", code: "idempotency_in_progress")
        case .fresh:
            let reply: Reply
            do { reply = try IdempotencyScope.$claim.withValue(claim) { try work(call) } } catch let e as APIError {
                reply = Reply.error(e)
            } catch let e as ReservationError {
                reply = Reply.error(APIError.from(e, staff: call.isStaff))
            }
            try call.book.finishIdempotent(claim, status: reply.status, body: String(decoding: reply.body, as: UTF8.self))
            return reply
        }
    }
}

/// A body as its meaning, not its bytes: the same fields in another order or spacing are the same request.
func canonical(_ body: [UInt8]) -> String {
    guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(body)), let data = try? Reply.encoder(sorted: true).encode(value) else {
        return String(decoding: body, as: UTF8.self)
    }
    return String(decoding: data, as: UTF8.self)
}

/// The claim of the request being served, for the one handler (booking) that settles it inside its own
/// transaction. A task-local, because the work closure's signature is shared by every route.
enum IdempotencyScope {
    @TaskLocal static var claim: IdempotencyClaim?
}
