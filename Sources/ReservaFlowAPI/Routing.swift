import Hummingbird

/// What a route asks of the middleware in front of it and of the steps before its work.
struct RouteRules: Sendable {
    enum Limit: Sendable { case none, booking, auth }
    /// A per-address limit of its own on top of every request's: sign-ins and registrations, or bookings
    /// (which also count per signed-in guest).
    var limit = Limit.none
    /// The query parameters the route reads; any other is 400.
    var query: Set<String> = []
    /// The route honours an Idempotency-Key.
    var idempotent = false
}

extension API {
    typealias Handler = @Sendable (Request, APIContext) async throws -> Response
    typealias Work = @Sendable (Call) throws -> Reply

    /// The routes the book answers, each behind its middleware in this order: the client's address
    /// (behind a trusted proxy), the address's request limit, the route's own limit, the query checked,
    /// the body read, the bearer token taken apart. A refusal by any of them is answered before a book is
    /// borrowed.
    func guarded(_ router: Router<APIContext>, _ rules: RouteRules) -> RouterGroup<APIContext> {
        let group = router.group()
        if settings.trustForwardedFor { group.add(middleware: ClientAddressMiddleware()) }
        group.add(middleware: RateLimitMiddleware(limiter: limiter, bucket: "req", limit: settings.limits.requestsPerAddress))
        switch rules.limit {
        case .auth: group.add(middleware: RateLimitMiddleware(limiter: limiter, bucket: "auth", limit: settings.limits.authPerAddress))
        case .booking: group.add(middleware: RateLimitMiddleware(limiter: limiter, bucket: "book", limit: settings.limits.bookingsPerAddress))
        case .none: break
        }
        return group
            .add(middleware: QueryCheckMiddleware(allowed: rules.query))
            .add(middleware: BodyMiddleware())
            .add(middleware: BearerMiddleware())
    }

    /// A route whose whole answer is `work` on a borrowed book; a GET answers HEAD too.
    func route(_ router: Router<APIContext>, _ method: HTTPRequest.Method, _ path: RouterPath,
               _ rules: RouteRules = RouteRules(), _ work: @escaping Work) {
        let handler: Handler = { request, context in try await onBook(request, context, rules, work) }
        let group = guarded(router, rules)
        if method == .get { get(group, path, handler) } else { group.on(path, method: method, use: handler) }
    }

    /// A GET route, and HEAD on the same path: the same answer (status and headers, Content-Length
    /// included) without its body (RFC 9110 §9.3.2). A streamed list keeps no Content-Length, and the
    /// HTTP encoder sends no body for HEAD.
    func get(_ router: some RouterMethods<APIContext>, _ path: RouterPath, _ handler: @escaping Handler) {
        router.get(path, use: handler)
        router.head(path) { request, context in
            let full = try await handler(request, context)
            var head = Response(status: full.status, headers: full.headers)
            if full.body.contentLength == nil { head.headers[.contentLength] = nil }
            return head
        }
    }
}
