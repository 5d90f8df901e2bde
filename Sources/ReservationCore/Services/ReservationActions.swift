import Foundation
import ReservationDomain
import ReservationNative

extension ReservationBook {
    /// Confirm, seat, complete, cancel, no-show (and expire, for the daemon), by the status machine.
    public func apply(_ action: ReservationAction, to id: UUID, actor: Actor) throws(ReservationError) -> BookEntry {
        try require(actor, .book)
        let entry = try reservation(id: id)
        try requireVenue(actor, entry.reservation.restaurantID)
        let r = try restaurant(id: entry.reservation.restaurantID)
        let res = entry.reservation
        // A lapsed hold is expired, whatever the daemon has managed so far; confirming it is refused.
        if res.status == .pending, let e = res.expiresAt, e <= now(), action != .expire, action != .cancel {
            try write { try transition(id, to: .expired, actor: actor) }
            throw .invalid(field: "reservation", message: "This hold lapsed at \(r.clock.hhmm(e)) and is now expired. Book again if the table is still free.")
        }
        if StatusMachine.canMove(res.status, to: action.target) { try checkActionTime(action, res, r) }
        try write { try transition(id, to: action.target, actor: actor) }
        return try reservation(id: id)
    }

    /// Runs inside the caller's transaction.
    func transition(_ id: UUID, to target: ReservationStatus, actor: Actor) throws {
        // The table first, then the reservation: the order bookings and moves take them in. Locking the
        // reservation alone deadlocked (40P01) against a booking on the same table inside the exclusion
        // constraint's check, and the host seating a party got "deadlock detected".
        // Every table of a combination, in id order (as bookings lock them).
        if let placed = try db.queryOne("SELECT restaurant_id, table_id, joined_table_ids FROM reservations WHERE id = $1", [id]) {
            for table in ([try placed.int64("table_id")] + (try placed.int64Array("joined_table_ids"))).sorted() {
                try lockTable(restaurantID: try placed.int64("restaurant_id"), tableID: table)
            }
        }
        guard let row = try db.queryOne("""
            SELECT restaurant_id, status, extract(epoch FROM starts_at) AS s, extract(epoch FROM ends_at) AS e,
                   extract(epoch FROM expires_at) AS x
            FROM reservations WHERE id = $1 FOR UPDATE
            """, [id])
        else { throw ReservationError.notFound(.reservation, id: id.uuidString.lowercased()) }
        let from = try row.string("status", as: ReservationStatus.self)
        guard StatusMachine.canMove(from, to: target) else { throw ReservationError.illegalTransition(from: from, to: target) }
        let r = try restaurant(id: try row.int64("restaurant_id"))
        let at = now()
        // Decided under the row lock, so a confirmation racing the hold's expiry has exactly one winner:
        // a lapsed hold can only expire (or be cancelled), and only a lapsed one expires.
        if from == .pending, let lapses = try row.optionalDate("x") {
            if lapses <= at, target != .expired, target != .cancelled {
                throw ReservationError.invalid(field: "reservation", message: "This hold lapsed at \(r.clock.hhmm(lapses)) and can no longer be confirmed. Book again if the table is still free.")
            }
            if lapses > at, target == .expired { throw ReservationError.illegalTransition(from: from, to: target) }
        }
        if target == .seated { try checkNoOtherSeated(id, restaurantID: r.id) }
        // Completing early frees the rest of the slot; the end is kept at least a minute after the start.
        let plannedEnd = try row.date("e")
        let newEnd = target == .completed ? max(try row.date("s").addingTimeInterval(60), min(plannedEnd, at)) : plannedEnd
        try declare(actor, restaurant: r.id, action: .becoming(target))
        try db.query("""
            UPDATE reservations SET status = $2, updated_at = to_timestamp($3::float8), ends_at = to_timestamp($4::float8),
                expires_at = CASE WHEN $2 = 'pending' THEN expires_at END,
                seated_at = CASE WHEN $2 = 'seated' THEN to_timestamp($3::float8) ELSE seated_at END,
                completed_at = CASE WHEN $2 = 'completed' THEN to_timestamp($3::float8) ELSE completed_at END
            WHERE id = $1
            """, [id, target.rawValue, at, newEnd])
        switch target {
        case .confirmed: try enqueueBookingMails(r, reservation: id, status: .confirmed)
        case .cancelled: try withdrawMails(r, reservation: id, sendCancellation: true)
        case .expired, .noShow, .completed: try withdrawMails(r, reservation: id, sendCancellation: false)
        case .seated, .pending: try withdrawReminder(reservation: id)
        }
    }

    /// Move table, change time, party size or notes, keeping every rule a new booking must keep.
    public func change(_ id: UUID, _ change: ReservationChange, actor: Actor) throws(ReservationError) -> BookEntry {
        try require(actor, .book)
        let entry = try reservation(id: id)
        let res = entry.reservation
        try requireVenue(actor, res.restaurantID)
        let r = try restaurant(id: res.restaurantID)
        guard res.blocksTable(at: now()) else {
            throw .invalid(field: "reservation", message: "A \(res.status.label) reservation cannot be changed.")
        }
        let clock = r.clock
        let (oldDate, oldTime) = clock.localParts(of: res.startsAt)
        let timeChanges = change.date != nil || change.time != nil
        // A seated party is here: its time is what happened, but two more can join it (or one leave), so its
        // size may change, checked against the table, with its times kept and no pacing (it started already).
        let seated = res.status == .seated
        if seated && timeChanges {
            throw .invalid(field: "reservation", message: "The party is already seated: its time cannot change (its table, size and notes can).")
        }
        let party = try change.partySize.map { (n: Int) throws(ReservationError) -> Int in try validatedParty(n, rules: r.rules) } ?? res.partySize
        let notes = try change.notes.map { (n: String) throws(ReservationError) -> String in try Fields.notes(n) } ?? res.notes
        var start = res.startsAt, end = res.endsAt
        if timeChanges || (party != res.partySize && !seated) {
            let slot = try resolveSlot(r, date: change.date ?? oldDate, time: change.time ?? oldTime, party: party, schedule: try schedule(for: r))
            start = slot.start
            end = slot.end
        }
        // A table or a combination ("T1+T2"); without one, the tables it holds (named again when the party
        // changes, so a combination is checked to still take it).
        let v = try venue(r.id)
        let seat: Seat
        if let label = change.tableLabel {
            seat = try self.seat(named: label, in: v, party: party)
        } else if party != res.partySize {
            seat = try self.seat(named: entry.seatLabel, in: v, party: party)
        } else {
            seat = try self.seat(of: res, in: v)
        }
        let tablesChange = seat.tables.map(\.id) != res.tableIDs

        var owned: [LeaseInfo] = []
        defer {
            for mine in owned {
                _ = withRedis { redis throws(RedisError) in try RedisLeases.release(redis, space: redisSpace, restaurant: r.id, token: mine.token) }
            }
        }
        for table in seat.lockOrder {
            let lease = withRedis { redis throws(RedisError) in
                try RedisLeases.acquire(redis, space: redisSpace, restaurant: r.id, table: table.id, start: start, end: end, holder: actor.name)
            }
            if case .acquired(let mine)? = lease { owned.append(mine) }
            if case .heldByOther(let other)? = lease {
                // Booked already (the holder committed and is about to release): taken, not locked.
                let held = Set(seat.tables.map(\.id))
                if try occupancy(restaurantID: r.id, from: start, to: end, excluding: id).contains(where: { held.contains($0.tableID) && $0.overlaps(start, end) }) {
                    throw try conflict(r, seat: seat, start: start, end: end, excluding: id)
                }
                throw .locked(table: seat.label, by: other.holder, from: clock.hhmm(other.start), to: clock.hhmm(other.end))
            }
        }
        do {
            try db.transaction {
                if !seated { try checkPacingForChange(r, reservation: res, party: party, start: start) }
                for table in seat.lockOrder { try lockTable(restaurantID: r.id, tableID: table.id) }
                if tablesChange || start != res.startsAt {
                    for table in seat.tables {
                        let st = seatedInTheWayStatement(restaurantID: r.id, tableID: table.id, start: start, end: end, excluding: id)
                        if let row = try db.queryOne(st.sql, st.params) { throw try stillSeated(seat.label, row) }
                    }
                }
                for table in seat.tables {
                    try expireLapsedHolds(restaurantID: r.id, tableID: table.id, start: start, end: end, actor: actor)
                }
                try declare(actor, restaurant: r.id, action: .change)
                try db.query("""
                    UPDATE reservations SET table_id = $2, party_size = $3, starts_at = to_timestamp($4::float8),
                        ends_at = to_timestamp($5::float8), notes = $6, updated_at = to_timestamp($7::float8),
                        joined_table_ids = $8::bigint[] WHERE id = $1
                    """, [id, seat.primary.id, party, start, end, notes, now(), seat.joinedIDs.map(String.init)])
                if start != res.startsAt || tablesChange || party != res.partySize {
                    try announceChange(r, reservation: id, newStart: start, timeChanged: start != res.startsAt)
                }
            }
        } catch let e as PGError where e.sqlState == PGError.exclusionViolation {
            throw try conflict(r, seat: seat, start: start, end: end, excluding: id)
        } catch {
            throw typed(error)
        }
        return try reservation(id: id)
    }
}
