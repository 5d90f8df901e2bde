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

    /// What a booking, a walk-in or a waitlist seating places: a party for a time, for a guest, in a status;
    /// at the seat named (`tableLabel`: a table "T4" or a combination "T1+T2") or the best free one.
    struct Placement {
        var tableLabel: String?
        var party: Int
        var start: Date
        var end: Date
        var guest: ValidGuest
        var notes: String
        var status: ReservationStatus
        var holdMinutes: Int? = nil
        var source: ReservationSource
        /// The podium form's lease: its tables are this booking's own, not another terminal's.
        var leaseToken: String? = nil
        /// The time as asked (for the nearest free times beside a refusal).
        var requestedTime: TimeOfDay
        var pacing: PacingCheck? = nil
    }

    /// Shared by phone bookings, walk-ins and the waitlist: tries candidate seats in best-fit order under a
    /// lease on each of their tables. Single tables first; a combination (`TableCombination`) only when no
    /// single table is free. `alsoInTransaction` runs in the booking's own transaction (the waitlist marks
    /// its entry seated there, so a party is never seated twice nor left waiting at a table).
    func placeReservation(_ venue: VenueSnapshot, _ p: Placement, actor: Actor,
                          alsoInTransaction: ((UUID) throws -> Void)? = nil) throws(ReservationError) -> VenueAttempt<BookingOutcome> {
        let r = venue.restaurant
        let (tableLabel, party, start, end, leaseToken, requestedTime) = (p.tableLabel, p.party, p.start, p.end, p.leaseToken, p.requestedTime)
        let candidates: [Seat]
        if let tableLabel {
            candidates = [try seat(named: tableLabel, in: venue, party: party)]
        } else {
            candidates = try freeSeats(venue, party: party, start: start, end: end)
        }
        // Seats another terminal holds a lease on (any of their tables), each with the answer naming who.
        var leased: [(seat: Seat, error: ReservationError)] = []
        var takenError: ReservationError? = nil
        let clock = venue.clock
        for seat in candidates {
            var degraded = false
            var ownedTokens: [String] = []
            var heldByOther: LeaseInfo? = nil
            // A lease on each table (in lock order). With the form's own lease, each table's entry of its
            // group (the same entries, so they are this booking's, not someone else's); without one, the
            // leases are minted here.
            for table in seat.lockOrder {
                let token = leaseToken.map { LeaseInfo.groupToken($0, table: table.id) } ?? SecretDigest.randomToken(bytes: 16)
                let lease = withRedis { redis throws(RedisError) -> RedisLeases.Acquire in
                    try RedisLeases.acquire(redis, space: redisSpace, restaurant: r.id, table: table.id, start: start, end: end,
                                             holder: actor.name, token: token)
                }
                switch lease {
                case .none: degraded = true
                case .heldByOther(let other)?: heldByOther = other
                case .acquired(let mine)?: ownedTokens.append(mine.token)
                }
                if heldByOther != nil { break }
            }
            defer {
                // Sent without waiting for Redis' answer (read before this connection's next command): other
                // terminals see the lease gone as soon as Redis has the command, and this booking returns.
                for token in ownedTokens {
                    _ = withRedis { redis throws(RedisError) in try RedisLeases.release(redis, space: redisSpace, restaurant: r.id, token: token, waitForReply: false) }
                }
            }
            if let other = heldByOther {
                leased.append((seat, .locked(table: seat.label, by: other.holder, from: clock.hhmm(other.start), to: clock.hhmm(other.end))))
                continue
            }
            do {
                guard let entry = try insertReservation(venue, seat: seat, p, actor: actor, alsoInTransaction: alsoInTransaction)
                else { return .venueChanged }
                return .done(BookingOutcome(entry: entry, degraded: degraded))
            } catch let error {
                let inTheWay: Bool
                switch error {
                case .tableTaken, .tableStillSeated: inTheWay = true
                default: inTheWay = false
                }
                if inTheWay, tableLabel == nil {
                    takenError = error
                    continue  // someone took it between our read and our insert: try the next best seat
                }
                throw error
            }
        }
        // "Locked" (423, exit 4) only when a lease is the one reason: no candidate turned out taken, and a
        // leased seat is still free in the book. A holder that has already booked its table (it releases
        // the lease just after committing), or a candidate taken under our feet, means the slot is simply
        // full: "taken" / "no table free" (409, exit 3).
        if !leased.isEmpty {
            let busy = Set(try occupancy(restaurantID: r.id, from: start, to: end).filter { $0.overlaps(start, end) }.map(\.tableID))
            if takenError == nil, let free = leased.first(where: { !$0.seat.tables.contains { busy.contains($0.id) } }) { throw free.error }
            if tableLabel != nil, let booked = leased.first { throw try conflict(r, seat: booked.seat, start: start, end: end, excluding: nil) }
        }
        if let takenError, tableLabel != nil { throw takenError }
        // The nearest free times are a courtesy beside a refusal that stands on its own: when they cannot be
        // found, the refusal goes without them and the reason to the log.
        var alternatives: [String] = []
        do {
            alternatives = try availability(restaurantID: r.id, date: clock.localDate(of: start), party: party)
                .nearest(to: requestedTime).map(\.description)
        } catch {
            logger.warning("no nearest free times for the refusal: \(error)")
        }
        throw .noTableFree(party: party, at: "\(clock.localDate(of: start)) \(requestedTime)", alternatives: alternatives)
    }

    /// The booking's transaction, in two round trips when nothing is in the way. Returns nil (rolled back)
    /// when the venue's version is no longer the snapshot's.
    private func insertReservation(_ venue: VenueSnapshot, seat: Seat, _ p: Placement, actor: Actor,
                                   alsoInTransaction: ((UUID) throws -> Void)?) throws(ReservationError) -> BookEntry? {
        let r = venue.restaurant
        let (party, start, end, guest, status, pacing) = (p.party, p.start, p.end, p.guest, p.status, p.pacing)
        let at = now()
        let id = UUID()
        let slot = Pacing.slot(of: start)
        do {
            // 1. BEGIN; (with a pacing limit) the slot's lock and its covers; each table's lock (in id order)
            // with the venue's version; for each table, a party seated past its turn and lapsed holds in the
            // way; the guest.
            let tables = seat.lockOrder
            var batch = PGBatch()
            batch.add(db.beginStatements)
            // Declared first: the guest's row (new, or its details brought up to date) is the booking's doing.
            batch.add(try declareStatement(actor, restaurant: r.id, action: .book))
            let covers = pacing.map { check in
                let slotCovers = slotCoversStatements(restaurantID: r.id, slot: slot, lock: !check.override, now: at)
                if let lock = slotCovers.lock { batch.add(lock) }
                return batch.add(slotCovers.count)
            }
            let lockRows = batch.add(tables.map { lockTableStatement(restaurantID: r.id, tableID: $0.id) })
            let seatedRows = batch.add(tables.map { seatedInTheWayStatement(restaurantID: r.id, tableID: $0.id, start: start, end: end, excluding: nil) })
            let lapsedRows = batch.add(tables.map { lapsedHoldsStatement(restaurantID: r.id, tableID: $0.id, start: start, end: end) })
            let guestRow = batch.add(guestStatement(r.id, guest))
            let first = try db.pipeline(batch)
            try first.checkAll()
            let locks = try first.rows(lockRows)
            let seated = try first.rows(seatedRows).flatMap { $0 }
            // A hold in the way of two of the tables is one hold: expired once.
            var lapsedIDs: [UUID] = []
            for rows in try first.rows(lapsedRows) {
                for row in rows { let id = try row.uuid("id"); if !lapsedIDs.contains(id) { lapsedIDs.append(id) } }
            }
            let guestRows = try first.rows(guestRow)
            for lock in locks {
                guard let version = try lock.first?.int64("book_version"), version == venue.version else {
                    db.rollbackIfOpen()
                    return nil
                }
            }
            if let party = seated.first {
                db.rollbackIfOpen()
                throw try stillSeated(seat.label, party)
            }
            // The slot's covers, counted under its lock: no other booking of this slot can commit between
            // this count and our COMMIT.
            var overPacingNote: AuditNote.OverPacing? = nil
            if let pacing, let covers, let coversRow = try first.rows(covers).first {
                let covers = try coversRow.int("covers")
                if covers + party > pacing.limit {
                    if !pacing.override {
                        db.rollbackIfOpen()
                        throw pacingRefusal(r, pacing, party: party, start: start, slotCovers: covers)
                    }
                    overPacingNote = .init(over_pacing: .init(slot: r.clock.hhmm(slot), covers_before: covers, party: party, limit: pacing.limit))
                }
            }
            guard let g = guestRows.first else {
                db.rollbackIfOpen()
                if case .existing(let cid, _) = guest { throw ReservationError.notFound(what: "Guest \(cid)") }
                throw ReservationError.internalError("the guest row was not written")
            }
            // Never a silent swap: a new name with a number on file is the host's to decide (issue 8).
            if case .new(let typed, let phone?, _) = guest, !(try g.bool("inserted")), !GuestNames.couldBe(typed, onFile: try g.string("name")) {
                db.rollbackIfOpen()
                throw ReservationError.phoneBelongsToGuest(phone: phone, guest: try g.string("name"), customerID: try g.int64("id"), typedName: typed)
            }
            for id in lapsedIDs { try transition(id, to: .expired, actor: actor) }

            // 2. Declared again (expiring a lapsed hold declared its own action), then the reservation, its
            // mails, the entry to return; COMMIT; the change notice.
            let expires = p.holdMinutes.map { at.addingTimeInterval(Double($0) * 60) }
            var writes = PGBatch()
            writes.add(try declareStatement(actor, restaurant: r.id, action: .book, note: overPacingNote))
            writes.add(.init("""
                INSERT INTO reservations (id, restaurant_id, table_id, customer_id, party_size, starts_at, ends_at, status, source,
                                          expires_at, notes, created_by, created_at, updated_at, seated_at, joined_table_ids)
                VALUES ($1, $2, $3, $4, $5, to_timestamp($6::float8), to_timestamp($7::float8), $8, $9, to_timestamp($10::float8),
                        $11, $12, to_timestamp($13::float8), to_timestamp($13::float8),
                        CASE WHEN $8 = 'seated' THEN to_timestamp($13::float8) END, $14::bigint[])
                """, [id, r.id, seat.primary.id, try g.int64("id"), party, start, end, status.rawValue, p.source.rawValue, expires, p.notes, actor.name, at,
                      seat.joinedIDs.map(String.init)]))
            if let email = try g.optionalString("email") {
                let mail = MailContext(id: id, email: email, reminders: try g.bool("email_reminders"), start: start)
                writes.add(bookingMails(r, mail, status: status, at: at))
            }
            let entryRow = writes.add(.init("SELECT \(Columns.entry) \(Columns.entryJoins) WHERE x.id = $1", [id]))
            if alsoInTransaction == nil { writes.add(db.commitStatements) }
            let second = try db.pipeline(writes)
            for result in second.before(entryRow) { _ = try result.get() }
            guard let entry = try second.rows(entryRow).first.map({ try $0.bookEntry }) else {
                throw ReservationError.internalError("the new reservation could not be read back")
            }
            if let alsoInTransaction {
                try alsoInTransaction(id)
                try db.checkCommit(try db.pipeline(db.commitStatements)[...])
            } else {
                try db.checkCommit(second.after(entryRow))
            }
            return entry
        } catch let e as PGError where e.sqlState == PGError.exclusionViolation {
            db.rollbackIfOpen()
            throw try conflict(r, seat: seat, start: start, end: end, excluding: nil)
        } catch {
            db.rollbackIfOpen()
            // Which booking it was, so the front end can read it back and settle the outcome.
            if case .outcomeUnknown(let detail, nil) = typed(error) { throw .outcomeUnknown(detail: detail, reservation: id) }
            throw typed(error)
        }
    }

    /// Locks the table (see `lockTable`) and reads the venue's version, in one statement.
    func lockTableStatement(restaurantID: RestaurantID, tableID: TableID) -> PGConnection.Statement {
        // Through the owner's function (migration 19): locking a row takes UPDATE on its table, which the API's
        // and the daemon's roles do not hold. No row when there is no such table.
        .init("SELECT v AS book_version FROM reservaflow_lock_table($1, $2) AS v WHERE v IS NOT NULL", [restaurantID, tableID])
    }

    /// The guest's id, name and e-mail: an existing guest read (and checked), a new one upserted by phone.
    func guestStatement(_ restaurant: RestaurantID, _ guest: ValidGuest) -> PGConnection.Statement {
        switch guest {
        case .existing(let id, nil):
            return .init("SELECT id, name, email, email_reminders FROM customers WHERE restaurant_id = $1 AND id = $2", [restaurant, id])
        case .existing(let id, let email?):
            // The address the guest gave while booking: the confirmation mail of this booking goes there.
            return .init("""
                UPDATE customers SET email = $3 WHERE restaurant_id = $1 AND id = $2 AND NOT anonymous
                RETURNING id, name, email, email_reminders
                """, [restaurant, id, email])
        case .anonymous:
            // The placeholder is made once per venue; the update only returns it (the seating's counter
            // update locks the same row for the same short transaction anyway).
            return .init("""
                INSERT INTO customers (restaurant_id, name, anonymous) VALUES ($1, 'Walk-in', true)
                ON CONFLICT (restaurant_id) WHERE anonymous DO UPDATE SET anonymous = true
                RETURNING id, name, email, email_reminders, (xmax = 0) AS inserted
                """, [restaurant])
        case .new(let name, nil, _):
            return .init("INSERT INTO customers (restaurant_id, name) VALUES ($1, $2) RETURNING id, name, email, email_reminders", [restaurant, name])
        case .new(let name, let phone?, let email):
            // A returning guest is recognised by phone: keep their record and history. An address typed for
            // this booking is where its mails go and becomes the one on file, as `.existing` does (every front
            // end, one rule); none typed keeps the one on file.
            // `inserted`: a row this statement made (xmax is 0 only for a fresh insert, not for the update
            // that ON CONFLICT made); an existing guest's name is compared with the one typed.
            return .init("""
                INSERT INTO customers (restaurant_id, name, phone, email) VALUES ($1, $2, $3, $4)
                ON CONFLICT (restaurant_id, phone) DO UPDATE SET email = coalesce(EXCLUDED.email, customers.email)
                RETURNING id, name, email, email_reminders, (xmax = 0) AS inserted
                """, [restaurant, name, phone, email])
        }
    }

    /// One write per table at a time, until the transaction ends. Without it, concurrent inserts of
    /// overlapping ranges each see the other's uncommitted row in the exclusion-constraint check, wait on
    /// each other, and PostgreSQL aborts all but one as deadlocks (40P01): the host got "Unexpected error:
    /// deadlock detected" instead of "Table T3 is taken ... by ...". Queued, the second sees the first's
    /// committed row and gets the exclusion violation. (NO KEY UPDATE: foreign-key checks are not blocked.)
    func lockTable(restaurantID: RestaurantID, tableID: TableID) throws {
        let st = lockTableStatement(restaurantID: restaurantID, tableID: tableID)
        try db.query(st.sql, st.params)
    }

    /// Holds never block after they lapse, daemon or not: a booking expires those in its way first.
    func expireLapsedHolds(restaurantID: RestaurantID, tableID: TableID, start: Date, end: Date, actor: Actor) throws {
        let select = lapsedHoldsStatement(restaurantID: restaurantID, tableID: tableID, start: start, end: end)
        let lapsed = try db.query(select.sql, select.params)
        for row in lapsed {
            try transition(try row.uuid("id"), to: .expired, actor: actor)
        }
    }

    /// Through `reservation_tables`: a lapsed hold on a combination is in the way of each of its tables.
    func lapsedHoldsStatement(restaurantID: RestaurantID, tableID: TableID, start: Date, end: Date) -> PGConnection.Statement {
        .init("""
            SELECT x.id FROM reservation_tables rt JOIN reservations x ON x.restaurant_id = rt.restaurant_id AND x.id = rt.reservation_id
            WHERE rt.restaurant_id = $1 AND rt.table_id = $2 AND x.status = 'pending'
              AND x.expires_at <= to_timestamp($5::float8)
              AND rt.period && tstzrange(to_timestamp($3::float8), to_timestamp($4::float8), '[)')
            FOR UPDATE OF x
            """, [restaurantID, tableID, start, end, now()])
    }
}
