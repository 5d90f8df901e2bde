import Foundation
import Hummingbird
import ReservationCore
import ReservationDomain

/// simplejwt's endpoints, with opaque tokens kept hashed (docs/api.md says why not JWTs).
extension API {
    func addAuth(_ router: Router<APIContext>) {
        let lifetimes = settings.tokens
        route(router, .post, "/api/auth/register", RouteRules(limit: .auth, idempotent: true)) { call in
            var body = try JSONBody(call.body)
            var reg = GuestRegistration(
                email: try body.string("email", max: 254) ?? "", password: try body.string("password", max: 200) ?? "",
                firstName: try body.string("first_name", max: 50) ?? "", lastName: try body.string("last_name", required: false, max: 50) ?? "",
                phone: try body.string("phone", max: 40) ?? "", countryCode: "34")
            reg.language = try body.string("language", required: false, max: 10)
            try body.finish()
            // The same answer whether or not the address had an account (its owner is mailed instead).
            return try Reply.json(201, APIWire.Account(try call.book.register(reg).answer))
        }

        route(router, .post, "/api/token", RouteRules(limit: .auth)) { call in
            var body = try JSONBody(call.body)
            // simplejwt's field is the user model's USERNAME_FIELD; guests sign in with their e-mail.
            let email = try body.string("email", required: false, max: 254)
            let username = try body.string("username", required: email == nil, max: 254)
            let password = try body.string("password", max: 200) ?? ""
            try body.finish()
            let login = (email ?? username ?? "").trimmingCharacters(in: .whitespaces)
            let principal: Principal
            do {
                if login.contains("@") {
                    principal = .guest(try call.book.guestLogin(email: login, password: password))
                } else {
                    principal = .staff(try call.book.login(username: login, password: password))
                }
            } catch let e as ReservationError {
                switch e {
                case .loginFailed:
                    throw APIError(status: 401, error: "No hay ninguna cuenta activa con esas credenciales.", code: "no_active_account")
                case .accountLocked:
                    var err = APIError(status: 429, error: e.description, code: "account_locked")
                    err.headers["Retry-After"] = "30"
                    throw err
                default: throw e
                }
            }
            var tokens = APIWire.Tokens(try call.book.issueTokens(for: principal, lifetimes: lifetimes))
            // A guest learns the id they book as (accepted as customer_id), as registration says it.
            if case .guest(let g) = principal { tokens.account_id = g.id }
            return try Reply.json(200, tokens)
        }

        route(router, .post, "/api/token/refresh", RouteRules(limit: .auth)) { call in
            var body = try JSONBody(call.body)
            let refresh = try body.string("refresh", max: 200) ?? ""
            try body.finish()
            guard let pair = try call.book.refreshTokens(refresh, lifetimes: lifetimes) else { throw APIError.badToken() }
            return try Reply.json(200, APIWire.Tokens(pair))
        }

        // Revoking needs no other credential than the token itself: whoever holds it may end it.
        route(router, .post, "/api/token/revoke", RouteRules(limit: .auth)) { call in
            var body = try JSONBody(call.body)
            let token = try body.string("token", required: false, max: 200) ?? body.string("refresh", max: 200) ?? ""
            try body.finish()
            guard try call.book.revokeToken(token) else { throw APIError.badToken() }
            return .noContent
        }
    }
}
