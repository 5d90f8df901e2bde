import Foundation
import ReservationDomain
import ReservationNative

/// The "confirm your booking" link in a hold's e-mail: `<public URL>/api/reservations/<id>/confirm/?token=`,
/// where the token is a MAC of the reservation's id under LINK_SECRET. It needs no row of its own, cannot be
/// made without the secret, and works once: a confirmed hold is no longer a hold.
public struct ConfirmLink: Sendable, Hashable {
    public var publicURL: String
    public var secret: String

    public init?(publicURL: String?, secret: String?) {
        guard let publicURL, !publicURL.isEmpty, let secret, secret.utf8.count >= 16 else { return nil }
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        self.secret = secret
    }

    public static func token(secret: String, reservation id: UUID) -> String {
        SecretDigest.mac(key: secret, "confirm:" + id.lowercasedString)
    }

    public func url(for id: UUID) -> String {
        "\(publicURL)/api/reservations/\(id.lowercasedString)/confirm/?token=\(Self.token(secret: secret, reservation: id))"
    }
}

extension ReservationBook {
    /// Confirms a hold from its e-mail link. A wrong token is "not found", like an unknown reservation, so the
    /// link reveals nothing about which reservations exist.
    public func confirmByLink(_ id: UUID, token: String, secret: String) throws(ReservationError) -> BookEntry {
        guard SecretDigest.equal(ConfirmLink.token(secret: secret, reservation: id), token) else {
            throw .notFound(.reservation, id: id.lowercasedString)
        }
        let entry = try reservation(id: id)
        if entry.reservation.status == .confirmed { return entry }  // the link clicked twice: already done
        return try apply(.confirm, to: id, actor: Actor(staffID: nil, name: "guest-link", role: .host))
    }
}
