/// Bookings a minute per signed-in guest, wherever they book from (the address limits are middleware;
/// this one needs the token checked first).
struct GuestBookingLimit: BookStep {
    let limiter: RateLimiter
    let limit: Int

    func run(_ call: Call, next: (Call) throws -> Reply) throws -> Reply {
        if case .guest(let g)? = call.principal, let wait = limiter.take("book:guest:\(g.id)", limit: limit) {
            return Reply.error(.tooMany(wait))
        }
        return try next(call)
    }
}
