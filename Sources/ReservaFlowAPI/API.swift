import Hummingbird
import Logging

/// The REST API: the original's paths and shapes over ReservationCore (docs/api.md). `buildApplication`
/// makes the server around it.
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

    /// Every route, behind the middleware that turns every failure into a JSON answer; each route behind
    /// its own (`guarded`). Every GET route answers HEAD too (`get`).
    public func router() -> Router<APIContext> {
        let router = Router(context: APIContext.self)
        router.add(middleware: ErrorMiddleware(logger: logger))
        addHealth(router)
        addAuth(router)
        addAccountLinks(router)
        addMe(router)
        addRestaurants(router)
        addReservations(router)
        addCustomers(router)
        return router
    }

    /// The routes as documented (docs/openapi.yaml lists the same; a test compares the two).
    public static let routes: [(method: String, path: String)] = [
        ("GET", "/health/"),
        ("POST", "/api/auth/register/"), ("POST", "/api/token/"), ("POST", "/api/token/refresh/"), ("POST", "/api/token/revoke/"),
        ("GET", "/api/auth/verify/"), ("POST", "/api/auth/verify/"), ("POST", "/api/auth/verify/resend/"),
        ("POST", "/api/auth/password/reset/"), ("POST", "/api/auth/password/reset/confirm/"),
        ("GET", "/api/auth/me/"), ("PATCH", "/api/auth/me/"), ("DELETE", "/api/auth/me/"), ("POST", "/api/auth/me/password/"),
        ("GET", "/api/auth/me/sessions/"), ("DELETE", "/api/auth/me/sessions/{id}/"),
        ("GET", "/api/restaurants/restaurants/"), ("GET", "/api/restaurants/restaurants/{id}/"),
        ("GET", "/api/restaurants/restaurants/{id}/available_tables/"), ("GET", "/api/restaurants/tables/"),
        ("GET", "/api/restaurants/tables/{id}/"),
        ("GET", "/api/reservations/"), ("POST", "/api/reservations/"), ("GET", "/api/reservations/{id}/"),
        ("PATCH", "/api/reservations/{id}/"), ("DELETE", "/api/reservations/{id}/"), ("GET", "/api/reservations/{id}/confirm/"),
        ("POST", "/api/reservations/{id}/confirm/"),
        ("GET", "/api/customers/"), ("POST", "/api/customers/"), ("GET", "/api/customers/{id}/"), ("PATCH", "/api/customers/{id}/"), ("GET", "/api/customers/search_by_phone/"),
    ]
}
