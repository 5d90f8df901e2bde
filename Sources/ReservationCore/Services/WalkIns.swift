import Foundation
import ReservationDomain
import ReservationNative

extension ReservationBook {
    /// Seats a walk-in now at the best free table (or at `tableLabel`, the table the host chose), or quotes
    /// a wait when none is free. Only while the venue serves (`WalkInHours`); the stay ends at the close, or at
    /// `leaveBy` when the party agreed to leave before its turn ends (`WalkInHours.shortStay`, noted on the booking).
    public func walkIn(restaurantID: RestaurantID, party: Int, name: String? = nil, phone: String? = nil,
                       tableLabel: String? = nil, leaveBy: Date? = nil, actor: Actor) throws(ReservationError) -> WalkInOutcome {
        try require(actor, .book, at: restaurantID)
        do {
            let outcome = try withVenue(restaurantID) { venue throws(ReservationError) -> VenueAttempt<BookingOutcome> in
                let r = venue.restaurant
                guard r.rules.acceptsWalkIns else { throw .invalid(field: "walk-in", message: "\(r.name) does not take walk-ins.") }
                let size = try validatedParty(party, rules: r.rules)
                let at = now()
                let window: ServiceWindow
                switch WalkInHours.at(at, windows: WalkInHours.windows(around: venue.clock.localDate(of: at), schedule: venue.schedule)) {
                case .open(let w): window = w
                case .closed(let next):
                    throw .invalid(field: "walk-in", message: WalkInHours.closedMessage(venue: r.name, next: next, now: at, clock: venue.clock))
                }
                let (end, notes) = try stay(start: at, end: WalkInHours.end(start: at, turnMinutes: r.rules.turnMinutes(forParty: size), window: window),
                                            leaveBy: leaveBy, notes: "", clock: venue.clock)
                let guest = try walkInGuest(r, name: name, phone: phone)
                let (_, time) = venue.clock.localParts(of: at)
                let label = tableLabel.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
                return try placeReservation(venue, Placement(tableLabel: label, party: size, start: at, end: end, guest: guest,
                                                             notes: notes, status: .seated, source: .walkIn, requestedTime: time), actor: actor)
            }
            return .seated(outcome.entry)
        } catch let error {
            guard case .noTableFree(let size, _, _) = error else { throw error }
            return .noTable(quotedMinutes: try quoteWait(try restaurant(id: restaurantID), party: size))
        }
    }

    /// A stay cut short at `leaveBy` (`WalkInHours.shortStay`), with the note that says so after `notes`.
    private func stay(start: Date, end: Date, leaveBy: Date?, notes: String, clock: ZonedClock) throws(ReservationError) -> (Date, String) {
        guard let leaveBy, leaveBy < end else { return (end, notes) }
        let cut = try WalkInHours.shortStay(start: start, end: end, leaveBy: leaveBy, clock: clock).get()
        let note = WalkInHours.leaveByNote(cut, clock: clock)
        return (cut, notes.isEmpty ? note : notes + " " + note)
    }

    /// Walk-ins often give no phone: a named one gets a guest record of its own without one; one who gave
    /// neither name nor phone is no guest at all and is seated under the venue's anonymous placeholder
    /// (before, every such seating made a new "Walk-in" guest with "1 visits").
    private func walkInGuest(_ r: Restaurant, name: String?, phone: String?) throws(ReservationError) -> ValidGuest {
        let cleanName = try Fields.text(name, field: "name", max: 100)
        if let phone, !phone.trimmingCharacters(in: .whitespaces).isEmpty {
            return try validatedGuest(.new(name: cleanName.isEmpty ? "Walk-in" : cleanName, phone: phone, email: nil), restaurant: r)
        }
        return cleanName.isEmpty ? .anonymous : .new(name: cleanName, phone: nil, email: nil)
    }

    /// `WaitQuote` fed from the database: the SQL occupancy applies the same seated-overrun rule.
    func quoteWait(_ r: Restaurant, party: Int) throws(ReservationError) -> Int? {
        let at = now()
        let tables = try tables(restaurantID: r.id)
        let leases = withRedis { redis throws(RedisError) in try RedisLeases.list(redis, space: redisSpace, restaurant: r.id, now: at) } ?? []
        let occupancy = try occupancy(restaurantID: r.id, from: at.addingTimeInterval(-86_400), to: at.addingTimeInterval(86_400))
            + WaitQuote.leaseOccupancy(leases, now: at)
        let waitlist = try read {
            try db.query("""
                SELECT \(Columns.waitlist) FROM waitlist w WHERE w.restaurant_id = $1 AND w.status IN ('waiting', 'notified')
                AND w.created_at > to_timestamp($2::float8)
                """, [r.id, at.addingTimeInterval(-WaitQuote.staleAfter)]).map { try $0.waitlistEntry }
        }
        let windows = WalkInHours.windows(around: r.clock.localDate(of: at), schedule: try schedule(for: r))
        return WaitQuote.minutes(party: party, rules: r.rules, tables: tables, occupancy: occupancy, waitlist: waitlist,
                                 windows: windows, now: at,
                                 combinations: try combinations(restaurantID: r.id))
    }

    public func addToWaitlist(restaurantID: RestaurantID, name: String, phone: String?, party: Int, notes: String = "",
                              actor: Actor) throws(ReservationError) -> WaitlistEntry {
        try require(actor, .book, at: restaurantID)
        let r = try restaurant(id: restaurantID)
        let size = try validatedParty(party, rules: r.rules)
        let cleanName = try Fields.name(name)
        let cleanNotes = try Fields.notes(notes)
        var e164: String? = nil
        if let phone, !phone.trimmingCharacters(in: .whitespaces).isEmpty {
            e164 = try PhoneNumber.normalize(phone, countryCode: r.phoneCountryCode).get()
        }
        let quote = try quoteWait(r, party: size) ?? 0
        let entry = try write { () throws -> WaitlistEntry in
            try declare(actor, restaurant: r.id, action: .waitlistAdd)
            let row = try inserted("the waitlist entry", """
                INSERT INTO waitlist (restaurant_id, name, phone, party_size, quoted_minutes, notes, created_at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($7::float8), to_timestamp($7::float8))
                RETURNING \(Columns.waitlist.replacingOccurrences(of: "w.", with: ""))
                """, [r.id, cleanName, e164, size, quote, cleanNotes, now()])
            return try row.waitlistEntry
        }
        return entry
    }

    /// Seats a waiting party at the best free table now (or the one named), until `leaveBy` when they agreed
    /// to leave before their turn ends (as `walkIn`).
    public func seatFromWaitlist(entryID: Int64, tableLabel: String? = nil, leaveBy: Date? = nil, actor: Actor) throws(ReservationError) -> BookEntry {
        try require(actor, .book)
        let w = try waitlistEntry(entryID)
        try requireVenue(actor, w.restaurantID)
        guard w.status == .waiting || w.status == .notified else {
            throw .invalid(field: "waitlist", message: "\(w.name) is no longer waiting (\(w.status.rawValue)).")
        }
        let outcome = try withVenue(w.restaurantID) { venue throws(ReservationError) -> VenueAttempt<BookingOutcome> in
            let r = venue.restaurant
            let at = now()
            let turn = Double(r.rules.turnMinutes(forParty: w.partySize)) * 60
            let guest = ValidGuest.new(name: w.name, phone: w.phone, email: nil)
            let (end, notes) = try stay(start: at, end: at.addingTimeInterval(turn), leaveBy: leaveBy, notes: w.notes, clock: venue.clock)
            let placement = Placement(tableLabel: tableLabel, party: w.partySize, start: at, end: end, guest: guest, notes: notes,
                                      status: .seated, source: .walkIn, requestedTime: venue.clock.timeOfDay(of: at))
            return try placeReservation(venue, placement, actor: actor) { reservation in
                // Only a party still waiting is seated: two hosts seating the same entry get one table, not two.
                try self.declare(actor, restaurant: r.id, action: .waitlistSeat)
                let seated = try self.db.query("""
                    UPDATE waitlist SET status = 'seated', reservation_id = $2, updated_at = to_timestamp($3::float8)
                    WHERE id = $1 AND status IN ('waiting', 'notified') RETURNING id
                    """, [entryID, reservation, at])
                guard !seated.isEmpty else {
                    throw ReservationError.invalid(field: "waitlist", message: "\(w.name) was just seated or removed at another terminal.")
                }
            }
        }
        return outcome.entry
    }

    /// Marks a waiting party as told their table is ready, or takes them off the list.
    public func updateWaitlist(entryID: Int64, to status: WaitlistStatus, actor: Actor) throws(ReservationError) -> WaitlistEntry {
        try require(actor, .book)
        guard let action = AuditAction.waitlist(status) else {
            throw .invalid(field: "waitlist", message: "Use seat to seat a waiting party.")
        }
        let w = try waitlistEntry(entryID)
        try requireVenue(actor, w.restaurantID)
        guard w.status == .waiting || w.status == .notified else {
            throw .invalid(field: "waitlist", message: "\(w.name) is no longer waiting (\(w.status.rawValue)).")
        }
        try write {
            try declare(actor, restaurant: w.restaurantID, action: action)
            // "Told at": the podium shows how long ago a called party was told (telling them again restarts it).
            try db.query("""
                UPDATE waitlist SET status = $2, updated_at = to_timestamp($3::float8),
                    notified_at = CASE WHEN $2 = 'notified' THEN to_timestamp($3::float8) ELSE notified_at END
                WHERE id = $1
                """, [entryID, status.rawValue, now()])
            if status == .notified { try enqueueTableReady(try restaurant(id: w.restaurantID), waitlistID: entryID) }
        }
        return try waitlistEntry(entryID)
    }

    func waitlistEntry(_ id: Int64) throws(ReservationError) -> WaitlistEntry {
        let entry = try read { try db.queryOne("SELECT \(Columns.waitlist) FROM waitlist w WHERE w.id = $1", [id]).map { try $0.waitlistEntry } }
        guard let entry else { throw .notFound(.waitlistEntry, id: String(id)) }
        return entry
    }
}
