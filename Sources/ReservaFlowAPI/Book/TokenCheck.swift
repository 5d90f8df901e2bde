import ReservationCore

/// The bearer token (taken from the header by `BearerMiddleware`) checked against the book: the caller is
/// a guest or a member of staff from here on, or anonymous when no token was sent. A token the book does
/// not know, or one past its life, is 401.
struct TokenCheck: BookStep {
    let token: String?

    func run(_ call: Call, next: (Call) throws -> Reply) throws -> Reply {
        guard let token else { return try next(call) }
        guard let principal = try call.book.authenticate(accessToken: token) else { throw APIError.badToken() }
        var call = call
        call.principal = principal
        call.bearer = token
        return try next(call)
    }
}
