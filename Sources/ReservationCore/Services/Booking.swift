import Foundation

extension ReservationBook {
    /// Books a table: validate; take the Redis lease on the table's time range; in one transaction expire
    /// lapsed holds in the way, insert the reservation, its e-mails and the audit row; release the lease;
    /// invalidate cached availability. Without a table label the best-fit free table is used.
    public func book(_ req: BookingRequest, actor: Actor) throws(ReservationError) -> BookingOutcome {
        try require(actor, .book, at: req.restaurantID)
        let r = try restaurant(id: req.restaurantID)
        let party = try validatedParty(req.partySize, rules: r.rules)
        let notes = try Fields.notes(req.notes)
        if let hold = req.holdMinutes, !(1...1440).contains(hold) {
            throw .invalid(field: "hold", message: "A hold lasts 1 to 1440 minutes, not \(hold).")
        }
        let guest = try validatedGuest(req.guest, restaurant: r)
        let schedule = try schedule(for: r)
        let slot = try resolveSlot(r, date: req.date, time: req.time, party: party, schedule: schedule)
        let status: ReservationStatus = req.holdMinutes == nil ? .confirmed : .pending
        return try placeReservation(r, tableLabel: req.tableLabel, party: party, start: slot.start, end: slot.end,
                                    guest: guest, notes: notes, status: status, holdMinutes: req.holdMinutes,
                                    source: req.source, leaseToken: req.leaseToken, actor: actor, requestedTime: req.time)
    }

    enum ValidGuest {
        case existing(CustomerID)
        case new(name: String, phone: String?, email: String?)
    }

    func validatedGuest(_ g: GuestInput, restaurant r: Restaurant) throws(ReservationError) -> ValidGuest {
        switch g {
        case .existing(let id):
            let found = try read { try db.queryOne("SELECT 1 AS one FROM customers WHERE restaurant_id = $1 AND id = $2", [r.id, id]) }
            guard found != nil else { throw .notFound(what: "Guest \(id)") }
            return .existing(id)
        case .new(let name, let phone, let email):
            let cleanName = try Fields.name(name)
            let e164 = try PhoneNumber.normalize(phone, countryCode: r.phoneCountryCode).get()
            var mail: String? = nil
            if let email, !email.trimmingCharacters(in: .whitespaces).isEmpty { mail = try EmailAddress.validate(email).get() }
            return .new(name: cleanName, phone: e164, email: mail)
        }
    }

    /// Shared by phone bookings, walk-ins and the waitlist: tries candidate tables in best-fit order under a
    /// lease each. `alsoInTransaction` runs in the booking's own transaction (the waitlist marks its entry
    /// seated there, so a party is never seated twice nor left waiting at a table).
    func placeReservation(_ r: Restaurant, tableLabel: String?, party: Int, start: Date, end: Date, guest: ValidGuest,
                          notes: String, status: ReservationStatus, holdMinutes: Int?, source: ReservationSource,
                          leaseToken: String?, actor: Actor, requestedTime: TimeOfDay,
                          alsoInTransaction: ((UUID) throws -> Void)? = nil) throws(ReservationError) -> BookingOutcome {
        let candidates: [DiningTable]
        if let tableLabel {
            let t = try table(restaurantID: r.id, label: tableLabel)
            try checkTableFits(t, party: party)
            candidates = [t]
        } else {
            let occ = try occupancy(restaurantID: r.id, from: start, to: end)
            candidates = AvailabilityEngine.freeTables(try tables(restaurantID: r.id), occupancy: occ, party: party, start: start, end: end)
        }
        // Tables another terminal holds a lease on, each with the answer naming who.
        var leased: [(table: DiningTable, error: ReservationError)] = []
        var takenError: ReservationError? = nil
        let clock = r.clock
        for table in candidates {
            var degraded = false
            var ownedToken: String? = nil
            let lease = withRedis { redis throws(RedisError) -> LeaseManager.Acquire in
                try LeaseManager.acquire(redis, space: redisSpace, restaurant: r.id, table: table.id, start: start, end: end,
                                         holder: actor.name, token: leaseToken ?? PasswordHasher.randomToken())
            }
            switch lease {
            case .none: degraded = true
            case .heldByOther(let other)?:
                leased.append((table, .locked(table: table.label, by: other.holder, from: clock.hhmm(other.start), to: clock.hhmm(other.end))))
                continue
            case .acquired(let mine)?: ownedToken = mine.token
            }
            defer {
                if let ownedToken {
                    _ = withRedis { redis throws(RedisError) in try LeaseManager.release(redis, space: redisSpace, restaurant: r.id, token: ownedToken) }
                }
            }
            do {
                let id = try insertReservation(r, table: table, party: party, start: start, end: end, guest: guest, notes: notes,
                                               status: status, holdMinutes: holdMinutes, source: source, actor: actor,
                                               alsoInTransaction: alsoInTransaction)
                return BookingOutcome(entry: try reservation(id: id), degraded: degraded)
            } catch let error {
                if case .tableTaken = error, tableLabel == nil {
                    takenError = error
                    continue  // someone took it between our read and our insert: try the next best table
                }
                throw error
            }
        }
        // "Locked" (423, exit 4) only when a lease is the one reason: no candidate turned out taken, and a
        // leased table is still free in the book. A holder that has already booked its table (it releases
        // the lease just after committing), or a candidate taken under our feet, means the slot is simply
        // full: "taken" / "no table free" (409, exit 3).
        if !leased.isEmpty {
            let busy = Set(try occupancy(restaurantID: r.id, from: start, to: end).filter { $0.overlaps(start, end) }.map(\.tableID))
            if takenError == nil, let free = leased.first(where: { !busy.contains($0.table.id) }) { throw free.error }
            if tableLabel != nil, let booked = leased.first { throw try conflict(r, table: booked.table, start: start, end: end, excluding: nil) }
        }
        if let takenError, tableLabel != nil { throw takenError }
        let alternatives = (try? availability(restaurantID: r.id, date: clock.localDate(of: start), party: party))?
            .nearest(to: requestedTime).map(\.description) ?? []
        throw .noTableFree(party: party, at: "\(clock.localDate(of: start)) \(requestedTime)", alternatives: alternatives)
    }

    private func insertReservation(_ r: Restaurant, table: DiningTable, party: Int, start: Date, end: Date, guest: ValidGuest,
                                   notes: String, status: ReservationStatus, holdMinutes: Int?, source: ReservationSource,
                                   actor: Actor, alsoInTransaction: ((UUID) throws -> Void)?) throws(ReservationError) -> UUID {
        let at = now()
        do {
            return try db.transaction { () throws -> UUID in
                try lockTable(restaurantID: r.id, tableID: table.id)
                try expireLapsedHolds(restaurantID: r.id, tableID: table.id, start: start, end: end, actor: actor)
                let customerID = try upsertCustomer(r.id, guest)
                let expires = holdMinutes.map { at.addingTimeInterval(Double($0) * 60) }
                let row = try db.queryOne("""
                    INSERT INTO reservations (restaurant_id, table_id, customer_id, party_size, starts_at, ends_at, status, source,
                                              expires_at, notes, created_by, created_at, updated_at, seated_at)
                    VALUES ($1, $2, $3, $4, to_timestamp($5::float8), to_timestamp($6::float8), $7, $8, to_timestamp($9::float8),
                            $10, $11, to_timestamp($12::float8), to_timestamp($12::float8),
                            CASE WHEN $7 = 'seated' THEN to_timestamp($12::float8) END)
                    RETURNING id
                    """, [r.id, table.id, customerID, party, start, end, status.rawValue, source.rawValue, expires, notes, actor.name, at])
                let id = row!.uuid("id")
                try enqueueBookingMails(r, reservation: id, status: status)
                try audit(actor, restaurant: r.id, action: "book", entity: "reservation", id: id.uuidString.lowercased(),
                          after: try reservationJSON(id))
                try alsoInTransaction?(id)
                return id
            }
        } catch let e as PGError where e.sqlState == PGError.exclusionViolation {
            throw try conflict(r, table: table, start: start, end: end, excluding: nil)
        } catch {
            throw typed(error)
        }
    }

    /// One write per table at a time, until the transaction ends. Without it, concurrent inserts of
    /// overlapping ranges each see the other's uncommitted row in the exclusion-constraint check, wait on
    /// each other, and PostgreSQL aborts all but one as deadlocks (40P01): the host got "Unexpected error:
    /// deadlock detected" instead of "Table T3 is taken ... by ...". Queued, the second sees the first's
    /// committed row and gets the exclusion violation. (NO KEY UPDATE: foreign-key checks are not blocked.)
    func lockTable(restaurantID: RestaurantID, tableID: TableID) throws {
        try db.query("SELECT 1 AS one FROM dining_tables WHERE restaurant_id = $1 AND id = $2 FOR NO KEY UPDATE", [restaurantID, tableID])
    }

    /// Holds never block after they lapse, daemon or not: a booking expires those in its way first.
    func expireLapsedHolds(restaurantID: RestaurantID, tableID: TableID, start: Date, end: Date, actor: Actor) throws {
        let lapsed = try db.query("""
            SELECT id FROM reservations WHERE restaurant_id = $1 AND table_id = $2 AND status = 'pending'
              AND expires_at <= to_timestamp($5::float8)
              AND period && tstzrange(to_timestamp($3::float8), to_timestamp($4::float8), '[)')
            FOR UPDATE
            """, [restaurantID, tableID, start, end, now()])
        for row in lapsed {
            try transition(row.uuid("id"), to: .expired, actor: actor)
        }
    }

    func upsertCustomer(_ restaurant: RestaurantID, _ guest: ValidGuest) throws -> CustomerID {
        switch guest {
        case .existing(let id): return id
        case .new(let name, nil, _):
            return try db.queryOne("INSERT INTO customers (restaurant_id, name) VALUES ($1, $2) RETURNING id", [restaurant, name])!.int64("id")
        case .new(let name, let phone?, let email):
            // A returning guest is recognised by phone: keep their record and history, fill a missing e-mail.
            return try db.queryOne("""
                INSERT INTO customers (restaurant_id, name, phone, email) VALUES ($1, $2, $3, $4)
                ON CONFLICT (restaurant_id, phone) DO UPDATE SET email = coalesce(customers.email, EXCLUDED.email)
                RETURNING id
                """, [restaurant, name, phone, email])!.int64("id")
        }
    }

    /// Names the live reservation in the way, for "Table 12 is taken 19:30-21:00 by Garcia".
    func conflict(_ r: Restaurant, table: DiningTable, start: Date, end: Date, excluding: UUID?) throws(ReservationError) -> ReservationError {
        let row = try read {
            try db.queryOne("""
                SELECT c.name, extract(epoch FROM x.starts_at) AS s, extract(epoch FROM x.ends_at) AS e
                FROM reservations x JOIN customers c ON c.restaurant_id = x.restaurant_id AND c.id = x.customer_id
                WHERE x.restaurant_id = $1 AND x.table_id = $2 AND x.status IN ('pending', 'confirmed', 'seated')
                  AND x.period && tstzrange(to_timestamp($3::float8), to_timestamp($4::float8), '[)')
                  AND ($5::uuid IS NULL OR x.id <> $5::uuid)
                ORDER BY x.starts_at LIMIT 1
                """, [r.id, table.id, start, end, excluding])
        }
        guard let row else {
            return .tableTaken(table: table.label, from: r.clock.hhmm(start), to: r.clock.hhmm(end), guest: "another booking")
        }
        return .tableTaken(table: table.label, from: r.clock.hhmm(row.date("s")), to: r.clock.hhmm(row.date("e")), guest: row.string("name"))
    }
}
