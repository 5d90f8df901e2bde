import Foundation
import ReservationDomain
import ReservationNative

extension ReservationBook {
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
                if case .existing(let cid, _) = guest { throw ReservationError.notFound(.guest, id: String(cid)) }
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
}
