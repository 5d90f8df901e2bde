import Hummingbird

/// One per-address rate limit: every request to the book's routes, and again sign-ins or bookings on
/// theirs. A refusal is 429 with Retry-After, before anything is read or any book is borrowed. (The
/// per-guest booking limit needs the token checked, so it is a step on the book: `GuestBookingLimit`.)
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = APIContext
    let limiter: RateLimiter
    /// Each limit counts under its own key: "req", "auth", "book".
    let bucket: String
    /// Per minute; 0 turns it off.
    let limit: Int

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        if let wait = await limiter.takeAsync("\(bucket):\(context.client)", limit: limit) { return Reply.error(.tooMany(wait)).response }
        return try await next(request, context)
    }
}
