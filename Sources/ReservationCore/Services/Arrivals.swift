import Foundation
import ReservationDomain
import ReservationNative

/// Part of a party at the podium, or all of it, before it is seated: the host marks it so every terminal
/// sees "partly arrived" on the floor, the timeline and the late list (and nobody calls them as late).
extension ReservationBook {
    /// Sets `reservations.arrival` (migration 9) on a pending or confirmed booking. A seated party is all
    /// there and a finished, cancelled or no-show one is past arriving: refused, naming the status. Setting
    /// what it already is writes nothing. Audited as `arrival`, before and after; `undo` takes it back like
    /// a status change (`ActionWindows.undoMinutes`, only while it is the booking's last change).
    public func setArrival(_ id: UUID, _ arrival: ArrivalState, actor: Actor) throws(ReservationError) -> BookEntry {
        try require(actor, .book)
        let entry = try reservation(id: id)
        try requireVenue(actor, entry.reservation.restaurantID)
        try write { () throws -> Void in
            guard let row = try db.queryOne("SELECT status, arrival FROM reservations WHERE id = $1 FOR UPDATE", [id]) else {
                throw ReservationError.notFound(.reservation, id: id.lowercasedString)
            }
            let status = try row.string("status", as: ReservationStatus.self)
            guard status == .pending || status == .confirmed else {
                let name = "\(entry.customer.name) ×\(entry.reservation.partySize)"
                throw ReservationError.invalid(field: "arrival", message: status == .seated
                    ? "\(name) is already seated: the whole party is in."
                    : "\(name) is \(status.label): only a booking still to be seated can be marked as arrived.")
            }
            guard try row.string("arrival", as: ArrivalState.self) != arrival else { return }
            try declare(actor, restaurant: entry.reservation.restaurantID, action: .arrival)
            try db.query("UPDATE reservations SET arrival = $2, updated_at = to_timestamp($3::float8) WHERE id = $1",
                         [id, arrival.rawValue, now()])
        }
        return try reservation(id: id)
    }
}
