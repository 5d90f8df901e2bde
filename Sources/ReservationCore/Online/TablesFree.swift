import Foundation
import ReservationDomain

extension ReservationBook {
    /// The tables that can take `party` at `time` for a whole turn, best fit first (the REST API's
    /// available_tables). A time on the day's 15-minute grid is answered from the cached day; any other
    /// time is checked against the venue's rules and the book directly. Out-of-hours, closed or past
    /// times are refused with the reason, as a booking would be.
    public func freeTables(restaurantID: RestaurantID, date: LocalDate, time: TimeOfDay, party: Int) throws(ReservationError) -> [DiningTable] {
        let v = try venue(restaurantID)
        let n = try validatedParty(party, rules: v.restaurant.rules)
        let slot = try resolveSlot(v.restaurant, date: date, time: time, party: n, schedule: v.schedule)
        if time.minutes % AvailabilityEngine.stepMinutes == 0,
           let cached = try availability(restaurantID: restaurantID, date: date, party: n).slot(at: time) {
            return cached.tables
        }
        let occ = try occupancy(restaurantID: restaurantID, from: slot.start, to: slot.end)
        return AvailabilityEngine.freeTables(v.tables, occupancy: occ, party: n, start: slot.start, end: slot.end)
    }
}

extension ReservationBook {
    /// The venue as this book holds it (no round trip when held): for formatting answers in its zone.
    public func heldRestaurant(id: RestaurantID) throws(ReservationError) -> Restaurant {
        try venue(id).restaurant
    }
}
