import Foundation
import ReservationDomain

extension ReservationBook {
    /// A new venue with its short name (the slug), its name and its time zone, on the default rules and with
    /// nothing else: its services, turns and tables are added after, one at a time (`:venue`, `:floor`,
    /// `reservaflow venue`), or a whole floor file is imported over it. Checked as a floor file's venue is;
    /// admins only (`manageRestaurants`), as a new venue in `floor import` is.
    public func createVenue(slug: String, name: String, timeZone: String, actor: Actor) throws(ReservationError) -> Restaurant {
        try require(actor, .manageRestaurants)
        let slug = slug.trimmingCharacters(in: .whitespaces).lowercased()
        if let taken = try restaurantIfPresent(slug: slug) {
            throw .invalid(field: "venue", message: "There is already a venue \(slug) (\(taken.name)); pick another short name.")
        }
        let file = FloorFile(restaurant: FloorFile.Venue(slug: slug, name: name.trimmingCharacters(in: .whitespaces), time_zone: timeZone),
                             hours: [], areas: [])
        do { try file.validate() } catch { throw Self.venueWords(error, in: file) }
        return try importFloor(file, actor: actor)
    }
}
