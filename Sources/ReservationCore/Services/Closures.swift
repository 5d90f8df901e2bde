import Foundation
import ReservationDomain
import ReservationNative

extension ReservationBook {
    /// Closes the venue from `from` to `to` (inclusive, the venue's days), at once: no booking, walk-in or
    /// waitlist seating is taken on those days from the next request on (the rules read closures as they
    /// are). Live bookings already on those days are not touched, but a closure that would leave any is
    /// refused naming them, unless `strandingBookings` (the manager's "close anyway": they will call them).
    /// Audited as `closure`.
    @discardableResult
    public func addClosure(restaurantID: RestaurantID, from: LocalDate, to: LocalDate, reason: String, strandingBookings: Bool = false,
                           actor: Actor) throws(ReservationError) -> ClosureOutcome {
        try require(actor, .manageFloor, at: restaurantID)
        let r = try restaurant(id: restaurantID)
        let why = try closureDays(r, from: from, to: to, reason: reason)
        if let overlap = try schedule(for: r).closures.first(where: { $0.startsOn <= to && from <= $0.endsOn }) {
            throw .invalid(field: "from", message: "\(overlap.span) is already closed\(overlap.reason.isEmpty ? "" : " (\(overlap.reason))"); remove it first to change it.")
        }
        let stranded = try liveBookings(r, from: from, to: to)
        if !stranded.isEmpty && !strandingBookings {
            throw .invalid(field: "closure", message: "\(stranded.count) live booking\(stranded.count == 1 ? "" : "s") on those days: \(Self.namedBookings(stranded, clock: r.clock)). "
                           + "Move or cancel them first, or close anyway and call them (they stay booked).")
        }
        try write {
            try declare(actor, restaurant: r.id, action: .closure)
            try db.query("INSERT INTO closures (restaurant_id, starts_on, ends_on, reason) VALUES ($1, $2::date, $3::date, $4)",
                         [r.id, from.description, to.description, why])
        }
        return ClosureOutcome(closure: Closure(startsOn: from, endsOn: to, reason: why), stranded: stranded)
    }

    /// The checks every closure's days pass, the venue's or a table's: in order, at most a year, not all past;
    /// returns the reason, checked.
    func closureDays(_ r: Restaurant, from: LocalDate, to: LocalDate, reason: String) throws(ReservationError) -> String {
        guard from <= to else { throw .invalid(field: "to", message: "The closure ends (\(to)) before it starts (\(from)).") }
        guard from.days(until: to) < FloorFile.Limits.closureDays else {
            throw .invalid(field: "to", message: "A closure of more than \(FloorFile.Limits.closureDays) days; split it.")
        }
        let why = try Fields.text(reason, field: "reason", max: FloorFile.Limits.reasonLength)
        guard to >= r.clock.localDate(of: now()) else { throw .invalid(field: "to", message: "\(to) is past: a closure is for today or later.") }
        return why
    }

    /// Opens the venue again on the closure starting `from`; audited as `closure`.
    public func removeClosure(restaurantID: RestaurantID, startingOn from: LocalDate, actor: Actor) throws(ReservationError) -> Closure {
        try require(actor, .manageFloor, at: restaurantID)
        let r = try restaurant(id: restaurantID)
        guard let closure = try schedule(for: r).closures.first(where: { $0.startsOn == from }) else {
            throw .invalid(field: "from", message: "No closure starts on \(from); `reservaflow closures` lists them.")
        }
        try write {
            try declare(actor, restaurant: r.id, action: .closure)
            try db.query("DELETE FROM closures WHERE restaurant_id = $1 AND starts_on = $2::date", [r.id, from.description])
        }
        return closure
    }

    /// Pending, confirmed and seated bookings starting on those days, in time order.
    /// "Garcia ×4 Thu 24 Dec 21:00, Ruiz ×2 … and 3 more": the live bookings a change would leave
    /// outside the rules, as the question that asks about them names them.
    static func namedBookings(_ entries: [BookEntry], clock: ZonedClock) -> String {
        let names = entries.prefix(5).map { "\($0.customer.name) ×\($0.reservation.partySize) \(DateInput.short(clock.localDate(of: $0.reservation.startsAt))) \(clock.hhmm($0.reservation.startsAt))" }
        return names.joined(separator: ", ") + (entries.count > 5 ? " and \(entries.count - 5) more" : "")
    }

    func liveBookings(_ r: Restaurant, from: LocalDate, to: LocalDate) throws(ReservationError) -> [BookEntry] {
        try read {
            try db.query("""
                SELECT \(Columns.entry) \(Columns.entryJoins)
                WHERE x.restaurant_id = $1 AND x.status IN ('pending', 'confirmed', 'seated')
                  AND x.starts_at >= to_timestamp($2::float8) AND x.starts_at < to_timestamp($3::float8)
                ORDER BY x.starts_at, x.id
                """, [r.id, r.clock.startOfDay(from), r.clock.startOfDay(to.adding(days: 1))]).map { try $0.bookEntry }
        }
    }
}
