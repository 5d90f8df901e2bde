import Foundation
import ReservationDomain
import ReservationNative

extension ReservationBook {
    /// Changes a guest's profile (issue 21): their name, phone, e-mail, notes, allergies, tags (VIP among
    /// them) and marketing consent, each checked as a new guest's are. A phone that is another guest's here
    /// is refused naming them (they may be one person: `guest merge`). Audited as `guest_edit` by the
    /// database's trigger, before and after; every terminal on the venue shows it at once (the change
    /// feed, migration 22).
    public func updateGuest(_ id: CustomerID, _ update: GuestUpdate, actor: Actor) throws(ReservationError) -> Customer {
        try require(actor, .book)
        let guest = try customer(id: id)
        try requireVenue(actor, guest.restaurantID)
        guard !guest.anonymous else {
            throw .invalid(field: "guest", message: "Guest \(id) is the venue's placeholder for walk-ins who gave no name; it has no profile to edit.")
        }
        guard !update.isEmpty else { return guest }
        let r = try restaurant(id: guest.restaurantID)
        let g = try GuestProfile.validate(update, onto: guest, countryCode: r.phoneCountryCode)
        do {
            try db.transaction {
                try declare(actor, restaurant: r.id, action: .guestEdit)
                try db.query("""
                    UPDATE customers SET name = $3, phone = $4, email = $5, notes = $6, allergies = $7, tags = $8::text[],
                           marketing_consent = $9, language = $10
                    WHERE restaurant_id = $1 AND id = $2
                    """, [r.id, id, g.name, g.phone.isEmpty ? nil : g.phone, g.email, g.notes, g.allergies, g.tags, g.marketingConsent, g.language])
            }
        } catch let e as PGError where e.sqlState == PGError.uniqueViolation {
            guard let (name, otherID) = try guestHolding(phone: g.phone, at: r.id, otherThan: id) else { throw typed(e) }
            throw .invalid(field: "phone", message: "The phone \(g.phone) is already \(name)'s (guest \(otherID)). If they are one person, merge them: reservaflow guest merge \(otherID) \(id); otherwise give another number.")
        } catch {
            throw typed(error)
        }
        return try customer(id: id)
    }
}
