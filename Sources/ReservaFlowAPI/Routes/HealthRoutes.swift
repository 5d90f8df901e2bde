import Foundation
import Hummingbird
import ReservationCore
import ReservationDomain

extension API {
    /// The original's health check: 200 when the database answers, 503 when it does not. Redis and the
    /// daemon are reported; without them booking still works (PostgreSQL decides), so they do not fail it.
    func addHealth(_ router: Router<APIContext>) {
        // No rate limit and no credentials: a load balancer asks often, and learns only what is up.
        get(router.group().add(middleware: QueryCheckMiddleware(allowed: [])), "/health") { request, context in
            let health: Health?
            do { health = try await readPool.run { book in book.health() } } catch { health = nil }
            let now = Date()
            let daemon: String
            if let beat = health?.daemonHeartbeat {
                daemon = now.timeIntervalSince(beat) < DaemonInstance.staleAfter ? "ok" : "not running"
            } else {
                daemon = health == nil ? "unknown" : "not running"
            }
            let limits = await limiter.mode()
            let db = health?.database == true
            let body = APIWire.Health(status: db ? "healthy" : "unhealthy", database: db ? "ok" : "unavailable",
                                   redis: health?.redis == true ? "ok" : "unavailable", daemon: daemon, timestamp: ISOTime.utc(now), rateLimits: limits)
            return try Reply.json(db ? 200 : 503, body).response
        }
    }
}
