import ReservationDomain

extension Printer {
    /// Live bookings a closure or a venue change left outside the rules, one a line, with what a manager
    /// needs to call them.
    static func stillBooked(_ entries: [BookEntry], clock: ZonedClock) {
        for e in entries {
            line("  still booked: \(e.customer.name) ×\(e.reservation.partySize) \(clock.localDate(of: e.reservation.startsAt)) "
                 + "\(clock.hhmm(e.reservation.startsAt)) \(e.customer.phone) [\(e.reservation.shortID)]")
        }
    }
}
