import Foundation
import ReservationDomain
import ReservationNative

extension ReservationBook {
    /// A guest put on file without a booking (a regular who calls to leave their allergies, a guest the
    /// manager is told of ahead): name, phone and e-mail checked as a new guest's are. A phone that is already
    /// a guest's here is refused naming them, so no second record is made of one person. Audited as
    /// `guest_add` by the database's trigger.
    public func addGuest(restaurantID: RestaurantID, name: String, phone: String, email: String?, actor: Actor) throws(ReservationError) -> Customer {
        try require(actor, .book, at: restaurantID)
        let r = try restaurant(id: restaurantID)
        guard case .new(let cleanName, let e164?, let address) = try validatedGuest(.new(name: name, phone: phone, email: email), restaurant: r) else {
            throw .internalError("a new guest validated as another kind")
        }
        let id: CustomerID? = try write { () throws -> CustomerID? in
            try declare(actor, restaurant: r.id, action: .guestAdd)
            return try db.queryOne("""
                INSERT INTO customers (restaurant_id, name, phone, email) VALUES ($1, $2, $3, $4)
                ON CONFLICT (restaurant_id, phone) DO NOTHING RETURNING id
                """, [r.id, cleanName, e164, address])?.int64("id")
        }
        guard let id else {
            let other = try guestHolding(phone: e164, at: r.id)
            throw .invalid(field: "phone", message: "The phone \(e164) is already \(other?.name ?? "another guest")'s (guest \(other.map { String($0.id) } ?? "?")): open them instead.")
        }
        return try customer(id: id)
    }

    /// The guest here whose phone this is (other than `otherThan`): who a taken phone is refused naming.
    func guestHolding(phone: String, at restaurant: RestaurantID, otherThan: CustomerID? = nil) throws(ReservationError) -> (name: String, id: CustomerID)? {
        try read {
            try db.queryOne("SELECT id, name FROM customers WHERE restaurant_id = $1 AND phone = $2 AND id IS DISTINCT FROM $3::bigint",
                            [restaurant, phone, otherThan]).map { (name: try $0.string("name"), id: try $0.int64("id")) }
        }
    }
}
