import Foundation
import Hummingbird
import ReservationCore
import ReservationDomain

/// The links an account's mails carry: verifying the address, and setting a new password (issue 24).
/// Each is throttled per address as sign-ins are; the work is a few rows (the mails go through the
/// outbox), except a new password's hash.
extension API {
    func addAccountLinks(_ router: Router<APIContext>) {
        let secret = settings.linkSecret
        let verifyRules = RouteRules(limit: .auth, query: ["token"])
        let verify: Handler = { request, context in
            try await onBook(request, context, verifyRules) { call in
                let secret = try Self.linksOn(secret)
                guard let token = call.query("token"), !token.isEmpty, token.count <= 200 else {
                    throw APIError.invalid("token", "The link is incomplete: open the whole link from the e-mail.")
                }
                _ = try call.book.verifyEmail(token: token, secret: secret)
                return try Reply.json(200, APIWire.Detail("Your e-mail address is verified."))
            }
        }
        // As the confirm link: the mailed GET writes, so a mail scanner's HEAD must not verify anything.
        guarded(router, verifyRules).get("/api/auth/verify", use: verify).post("/api/auth/verify", use: verify)
        router.head("/api/auth/verify") { _, _ in
            var e = APIError(status: 405, error: "HEAD does not verify an address: open the link (GET) or send POST.", code: "method_not_allowed")
            e.headers["Allow"] = "GET, POST"
            return Reply.error(e).response
        }

        route(router, .post, "/api/auth/verify/resend", RouteRules(limit: .auth)) { call in
            let guest = try call.requireGuest()
            _ = try Self.linksOn(secret)
            switch try call.book.resendVerification(for: guest) {
            case .queued: return try Reply.json(202, APIWire.Detail("A new link is on its way to \(guest.email). It works once, for 48 hours."))
            case .alreadyVerified: return try Reply.json(200, APIWire.Detail("Your e-mail address is already verified."))
            case .throttled(let seconds): throw APIError.tooMany(seconds)
            }
        }

        // The same answer whether or not the address is an account's (and the same work: see the core).
        route(router, .post, "/api/auth/password/reset", RouteRules(limit: .auth)) { call in
            var body = try JSONBody(call.body)
            let email = try body.string("email", max: 254) ?? ""
            try body.finish()
            _ = try Self.linksOn(secret)
            try call.book.requestPasswordReset(email: email)
            return try Reply.json(202, APIWire.Detail(
                "If an account uses this address, a link to set a new password is on its way. It works once, for 30 minutes."))
        }

        route(router, .post, "/api/auth/password/reset/confirm", RouteRules(limit: .auth)) { call in
            var body = try JSONBody(call.body)
            let token = try body.string("token", max: 200) ?? ""
            let password = try body.string("password", max: 200) ?? ""
            try body.finish()
            try call.book.resetPassword(token: token, secret: try Self.linksOn(secret), newPassword: password)
            return try Reply.json(200, APIWire.Detail("Your password is changed and every device was signed out. Sign in with the new one."))
        }
    }

    /// Without LINK_SECRET no link can be made or checked: said plainly, as the confirm link says it.
    static func linksOn(_ secret: String?) throws(APIError) -> String {
        guard let secret else {
            throw APIError(status: 404, error: "E-mail links are not enabled on this server (LINK_SECRET): ask the restaurant.", code: "not_found")
        }
        return secret
    }
}

extension Call {
    /// The signed-in guest; staff have no guest account (their own is managed at the podium).
    func requireGuest() throws(APIError) -> GuestAccount {
        guard case .guest(let g) = try requirePrincipal() else {
            throw APIError.forbidden("This is a guest's own account; staff accounts are managed at the podium.")
        }
        return g
    }
}
