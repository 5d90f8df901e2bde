import Foundation
import ReservationDomain
import ReservationNative

extension ReservationBook {
    /// Books a table: validate; take the Redis lease on the table's time range; in one transaction expire
    /// lapsed holds in the way, insert the reservation, its e-mails and the audit row; release the lease.
    /// Without a table label the best-fit free table is used. (Cached availability goes stale by itself:
    /// the transaction bumps the day's version at COMMIT.)
    ///
    /// Round trips, when nothing is in the way: the lease (Redis), two to PostgreSQL (pipelined: BEGIN, lock
    /// the table and read the venue's version, holds in the way, the guest; then the reservation, its mails,
    /// the audit row, the entry to return, COMMIT and the change notification), and the lease's release.
    public func book(_ req: BookingRequest, actor: Actor) throws(ReservationError) -> BookingOutcome {
        try require(actor, .book, at: req.restaurantID)
        let notes = try Fields.notes(req.notes)
        if let hold = req.holdMinutes, !(1...1440).contains(hold) {
            throw .invalid(field: "hold", message: "A hold lasts 1 to 1440 minutes, not \(hold).")
        }
        return try withVenue(req.restaurantID) { venue throws(ReservationError) -> VenueAttempt<BookingOutcome> in
            let r = venue.restaurant
            let party = try validatedParty(req.partySize, rules: r.rules)
            // Within the venue's limits but larger than any table: say so, rather than "nothing free,
            // nearest: none" after every check passed (a walk-in gets the same as "no table today").
            if req.tableLabel == nil, let why = Fields.partyProblem(party, rules: r.rules, tables: venue.tables, combinations: venue.combinations) {
                throw .invalid(field: "party", message: why)
            }
            let guest = try validatedGuest(req.guest, restaurant: r)
            let slot = try resolveSlot(r, date: req.date, time: req.time, party: party, schedule: venue.schedule)
            let status: ReservationStatus = req.holdMinutes == nil ? .confirmed : .pending
            // Pacing binds every booking made ahead (phone, online, staff); a walk-in is already at the door
            // and is never refused by it, but its covers count (seated reservations) all the same.
            var pacing: PacingCheck? = nil
            if let limit = r.rules.pacingCovers, req.source != .walkIn {
                if req.overPacing { try require(actor, .overridePacing, at: req.restaurantID) }
                pacing = PacingCheck(limit: limit, override: req.overPacing, schedule: venue.schedule, turnMinutes: r.rules.turnMinutes(forParty: party))
            }
            var label = req.tableLabel
            if let id = req.tableID {
                guard let t = venue.byID[id] else { throw .invalid(field: "table_id", message: "There is no table \(id) at \(r.name).") }
                label = t.label
            }
            let settle = req.idempotency.map { claim in { (id: UUID) throws in try self.settleIdempotency(claim, reservation: id) } }
            let placement = Placement(tableLabel: label, party: party, start: slot.start, end: slot.end, guest: guest, notes: notes,
                                      status: status, holdMinutes: req.holdMinutes, source: req.source, leaseToken: req.leaseToken,
                                      requestedTime: req.time, pacing: pacing)
            return try placeReservation(venue, placement, actor: actor, alsoInTransaction: settle)
        }
    }

    /// What an attempt on a venue snapshot came to: done, or the venue changed under it (try again).
    enum VenueAttempt<T> {
        case done(T)
        case venueChanged
    }

    /// Runs `attempt` on the venue as this book holds it; again on a fresh read when the venue turned out to
    /// have changed, or when a held (not freshly read) venue refused on the venue's own grounds, so a
    /// refusal is always decided on the venue as it is now (see `VenueSnapshot`).
    func withVenue<T>(_ id: RestaurantID,
                      _ attempt: (VenueSnapshot) throws(ReservationError) -> VenueAttempt<T>) throws(ReservationError) -> T {
        var reload = false
        for _ in 0..<5 {
            let v = try venue(id, reload: reload)
            do {
                switch try attempt(v) {
                case .done(let value): return value
                case .venueChanged: reload = true
                }
            } catch {
                let venueGrounds: Bool
                switch error {
                case .invalid, .noTableFree: venueGrounds = true
                default: venueGrounds = false
                }
                guard venueGrounds, !v.fresh else { throw error }
                reload = true
            }
        }
        throw .busy(detail: "the venue's rules or floor kept changing during the booking; try again")
    }

    enum ValidGuest {
        case existing(CustomerID, email: String?)
        case new(name: String, phone: String?, email: String?)
        /// A walk-in who gave no name: the venue's placeholder (see migration 7), not a new guest record.
        case anonymous
    }

    func validatedGuest(_ g: GuestInput, restaurant r: Restaurant) throws(ReservationError) -> ValidGuest {
        switch g {
        case .existing(let id, let email):
            return .existing(id, email: try validatedEmail(email))  // the guest is checked in the booking's transaction
        case .new(let name, let phone, let email):
            let cleanName = try Fields.name(name)
            let e164 = try PhoneNumber.normalize(phone, countryCode: r.phoneCountryCode).get()
            return .new(name: cleanName, phone: e164, email: try validatedEmail(email))
        }
    }

    /// nil for no address (none given, or only blanks).
    private func validatedEmail(_ email: String?) throws(ReservationError) -> String? {
        guard let email, !email.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return try EmailAddress.validate(email).get()
    }
}
