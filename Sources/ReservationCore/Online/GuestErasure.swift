import Foundation
import ReservationDomain
import ReservationNative

/// Whose personal data an erasure removes.
public enum ErasureTarget: Hashable, Sendable {
    /// A guest's own request: their account and its guest record at every venue.
    case account(GuestAccountID)
    /// A staff-requested erasure of one venue's guest record (the manager's desk).
    case record(restaurant: RestaurantID, customer: CustomerID)
}

/// What an erasure did: how many guest records lost their personal data, and the bookings it cancelled
/// first (each with its usual cancellation mail).
public struct ErasureSummary: Hashable, Sendable {
    public var records: Int
    public var cancelled: [UUID]
}

extension ReservationBook {
    /// The one rule for erasing a guest, whoever asks: in one transaction, every live booking of theirs that
    /// has not ended is cancelled through the status machine (counted, mailed as any cancellation), then
    /// `reservaflow_erase_guest` (migration 31) removes the personal data, keeps the records' counters and
    /// the bookings for the venue's counts, deletes an account, and refuses if a live booking was missed.
    /// A party seated now is not cancelled: the erasure is refused until their visit ends.
    /// The audit rows say who erased which rows, not what they held.
    @discardableResult
    public func eraseGuest(_ target: ErasureTarget, actor: Actor) throws(ReservationError) -> ErasureSummary {
        var venue: RestaurantID?
        switch target {
        case .account(let id):
            // The guest themselves, or an administrator (an account spans every venue).
            guard actor.name == "guest:\(id)" || (actor.staffID != nil && actor.role == .admin) else {
                throw .forbidden(role: actor.role, action: "erase a guest account")
            }
        case .record(let restaurant, _):
            try require(actor, .mergeGuests)
            try requireVenue(actor, restaurant)
            venue = restaurant
        }
        let (account, customer): (GuestAccountID?, CustomerID?) = switch target {
        case .account(let id): (id, nil)
        case .record(_, let id): (nil, id)
        }
        let at = now()
        return try write { () throws -> ErasureSummary in
            let live = try db.query("""
                SELECT x.id, x.status FROM reservations x JOIN customers c ON c.restaurant_id = x.restaurant_id AND c.id = x.customer_id
                WHERE ((c.account_id = $1) OR (c.restaurant_id = $2 AND c.id = $3))
                  AND x.status IN ('pending', 'confirmed', 'seated') AND x.ends_at > to_timestamp($4::float8)
                ORDER BY x.starts_at, x.id
                """, [account, venue, customer, at]).map { (id: try $0.uuid("id"), status: try $0.string("status", as: ReservationStatus.self)) }
            if live.contains(where: { $0.status == .seated }) {
                throw ReservationError.invalid(field: "reservation", message: "The guest is seated at the venue now. Erase the record after the visit ends.")
            }
            for booking in live { try transition(booking.id, to: .cancelled, actor: actor) }
            try declare(actor, restaurant: venue, action: .guestErase)
            let records = try db.queryOne("SELECT reservaflow_erase_guest($1, $2, $3, to_timestamp($4::float8)) AS n",
                                          [account, venue, customer, at])?.int("n") ?? 0
            return ErasureSummary(records: records, cancelled: live.map(\.id))
        }
    }
}
