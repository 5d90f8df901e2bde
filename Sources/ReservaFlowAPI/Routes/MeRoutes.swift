import Foundation
import Hummingbird
import ReservationCore
import ReservationDomain

/// A guest's own account (issue 24): the profile, the password, the signed-in devices, and erasure.
extension API {
    func addMe(_ router: Router<APIContext>) {
        let lifetimes = settings.tokens
        route(router, .get, "/api/auth/me") { call in
            try Reply.json(200, APIWire.Me(try call.requireGuest()))
        }

        route(router, .patch, "/api/auth/me", RouteRules(idempotent: true)) { call in
            let guest = try call.requireGuest()
            var body = try JSONBody(call.body)
            let change = GuestProfileChange(
                firstName: try body.string("first_name", required: false, max: 50), lastName: try body.string("last_name", required: false, max: 50),
                phone: try body.string("phone", required: false, max: 40), language: try body.string("language", required: false, max: 10),
                marketingConsent: try body.bool("marketing_consent", required: false))
            try body.finish()
            return try Reply.json(200, APIWire.Me(try call.book.updateProfile(guest, change)))
        }

        // Erasure asks for the password again: a token left on a shared computer must not be enough.
        route(router, .delete, "/api/auth/me", RouteRules(limit: .auth)) { call in
            let guest = try call.requireGuest()
            var body = try JSONBody(call.body)
            let password = try body.string("password", max: 200) ?? ""
            try body.finish()
            try Self.checkPassword(call, guest, password, field: "password")
            try call.book.eraseGuest(.account(guest.id), actor: guest.actor)
            return .noContent
        }

        // Every session ends (a reset's rule too); this device gets a new pair in the answer.
        route(router, .post, "/api/auth/me/password", RouteRules(limit: .auth)) { call in
            let guest = try call.requireGuest()
            var body = try JSONBody(call.body)
            let old = try body.string("old_password", max: 200) ?? ""
            let new = try body.string("new_password", max: 200) ?? ""
            try body.finish()
            do { try call.book.changePassword(guest, current: old, new: new) } catch {
                throw Self.lockedOut(error)
            }
            var tokens = APIWire.Tokens(try call.book.issueTokens(for: .guest(guest), lifetimes: lifetimes))
            tokens.account_id = guest.id
            return try Reply.json(200, tokens)
        }

        route(router, .get, "/api/auth/me/sessions") { call in
            let guest = try call.requireGuest()
            let current = try call.bearer.flatMap { token throws(ReservationError) in try call.book.sessionID(ofAccessToken: token) }
            return try Reply.json(200, try call.book.sessions(of: guest.id).map {
                APIWire.Session(id: $0.id, signedInAt: $0.signedInAt, lastUsedAt: $0.lastUsedAt, expiresAt: $0.expiresAt, current: $0.id == current)
            })
        }

        route(router, .delete, "/api/auth/me/sessions/:id") { call in
            let guest = try call.requireGuest()
            guard let raw = call.parameters["id"], let id = UUID(uuidString: raw), try call.book.endSession(id, of: guest.id) else {
                throw APIError(status: 404, error: "No such signed-in session.", code: "not_found")
            }
            return .noContent
        }
    }

    /// The guest's password, counted and locked out as a sign-in is; a wrong one is a field to correct.
    static func checkPassword(_ call: Call, _ guest: GuestAccount, _ password: String, field: String) throws {
        do { _ = try call.book.guestLogin(email: guest.email, password: password) } catch {
            if case .loginFailed = error { throw APIError.invalid(field, "The password is not right.") }
            throw lockedOut(error)
        }
    }

    /// Too many wrong passwords: 429 with Retry-After, as at sign-in.
    static func lockedOut(_ error: any Error) -> any Error {
        guard let core = error as? ReservationError, case .accountLocked = core else { return error }
        var err = APIError(status: 429, error: core.description, code: "account_locked")
        err.headers["Retry-After"] = "30"
        return err
    }
}
