import Foundation
import ReservationDomain
import ReservationNative

/// How a booking meets the venue's pacing limit (see `Pacing`); nil where a booking is not bound by it
/// (no limit, or a walk-in).
struct PacingCheck {
    let limit: Int
    /// A manager's override: counted and noted in the audit row, never refused.
    let override: Bool
    let schedule: Schedule
    let turnMinutes: Int
}

extension ReservationBook {
    /// The slot's lock (unless `lock` is false: an override is never refused, so it need not wait) and the
    /// covers already starting in it, as statements for the booking's first round trip.
    ///
    /// Why this lock: two terminals booking the same quarter hour on different tables take different table
    /// locks, so without a lock of their own both could count 22 of 24 and both add 4. A transaction-scoped
    /// advisory lock keyed by (venue, slot) queues exactly the bookings that compete for one slot's covers and
    /// nothing else: bookings of other slots, other venues, walk-ins and status changes never wait on it, and
    /// no venue-wide row is held (design: "no one can freeze the book"). It goes with COMMIT or ROLLBACK, and
    /// the lock timeout every connection sets bounds the wait. Under READ COMMITTED the count, a statement
    /// after the lock, sees every booking of the slot committed before the lock was granted. Pacing locks are
    /// always taken before the table's, and only one per transaction, so they cannot deadlock with it.
    /// `excluding`: a booking being changed, whose own covers are not counted against it.
    func slotCoversStatements(restaurantID: RestaurantID, slot: Date, lock: Bool, now: Date, excluding: UUID? = nil) -> SlotCovers {
        let key = Int64(slot.timeIntervalSince1970)
        // A 64-bit hash of a named key: no clash with the migrator's numbered advisory lock.
        let lockStatement = lock ? PGConnection.Statement(
            "SELECT pg_advisory_xact_lock(hashtextextended('reservaflow.pacing:' || $1::text || ':' || $2::text, 0))", [restaurantID, key]) : nil
        return SlotCovers(lock: lockStatement, count: .init("""
            SELECT coalesce(sum(party_size), 0) AS covers FROM reservations
            WHERE restaurant_id = $1 AND starts_at >= to_timestamp($2::float8) AND starts_at < to_timestamp($2::float8) + interval '15 minutes'
              AND (status IN ('confirmed', 'seated') OR (status = 'pending' AND expires_at > to_timestamp($3::float8)))
              AND ($4::uuid IS NULL OR id <> $4::uuid)
            """, [restaurantID, slot, now, excluding]))
    }

    /// A pacing slot's covers: the slot's lock (taken first, unless a manager overrides the limit), then the
    /// count, whose one row has `covers`.
    struct SlotCovers {
        var lock: PGConnection.Statement?
        var count: PGConnection.Statement
    }

    /// A changed booking (another time, or a larger party) meets the pacing limit as a new one does, counted
    /// under the slot's lock in the change's transaction; there is no override for a change (a manager books
    /// past the limit explicitly, as a new booking). Call inside the transaction, before the table's lock.
    func checkPacingForChange(_ r: Restaurant, reservation: Reservation, party: Int, start: Date) throws {
        guard let limit = r.rules.pacingCovers, reservation.source != .walkIn else { return }
        let movedSlot = Pacing.slot(of: start) != Pacing.slot(of: reservation.startsAt)
        guard movedSlot || party > reservation.partySize else { return }
        let slot = slotCoversStatements(restaurantID: r.id, slot: Pacing.slot(of: start), lock: true, now: now(), excluding: reservation.id)
        if let lock = slot.lock { try db.query(lock.sql, lock.params) }
        let covers = try db.query(slot.count.sql, slot.count.params).first?.int("covers") ?? 0
        guard covers + party > limit else { return }
        db.rollbackIfOpen()
        let schedule = try schedule(for: r)
        throw pacingRefusal(r, PacingCheck(limit: limit, override: false, schedule: schedule, turnMinutes: r.rules.turnMinutes(forParty: party)),
                            party: party, start: start, slotCovers: covers)
    }

    /// The covers starting in each quarter hour of the venue's local `date` (live reservations; holds not lapsed).
    public func pacing(restaurantID: RestaurantID, date: LocalDate) throws(ReservationError) -> Pacing {
        let r = try restaurant(id: restaurantID)
        return try slotCovers(r, date: date)
    }

    func slotCovers(_ r: Restaurant, date: LocalDate) throws(ReservationError) -> Pacing {
        let clock = r.clock
        let rows = try read {
            try db.query("""
                SELECT floor(extract(epoch FROM starts_at) / 900)::bigint * 900 AS slot, sum(party_size) AS covers FROM reservations
                WHERE restaurant_id = $1 AND starts_at >= to_timestamp($2::float8) AND starts_at < to_timestamp($3::float8)
                  AND (status IN ('confirmed', 'seated') OR (status = 'pending' AND expires_at > to_timestamp($4::float8)))
                GROUP BY 1
                """, [r.id, clock.startOfDay(date), clock.startOfDay(date.adding(days: 1)), now()])
                .map { (Date(timeIntervalSince1970: Double(try $0.int64("slot"))), try $0.int("covers")) }
        }
        return Pacing(limit: r.rules.pacingCovers, covers: Dictionary(rows, uniquingKeysWith: +))
    }

    /// "19:30 has 22 of 24 covers; a party of 4 fits at 19:15 or 19:45": the slot's count is the one taken
    /// under its lock; the nearest slots are read after the rollback, a courtesy (without them if unreadable).
    func pacingRefusal(_ r: Restaurant, _ check: PacingCheck, party: Int, start: Date, slotCovers covers: Int) -> ReservationError {
        let clock = r.clock
        var day = Pacing(limit: check.limit, covers: [:])
        do {
            day = try slotCovers(r, date: clock.localDate(of: start))
            day.limit = check.limit
        } catch {
            logger.warning("no nearest pacing slots for the refusal: \(error)")
        }
        day.covers[Pacing.slot(of: start)] = covers
        let candidates = Pacing.startSlots(windows: check.schedule.windows(on: clock.localDate(of: start)),
                                           turnMinutes: check.turnMinutes, notBefore: now())
        return day.refusal(party: party, at: start, candidates: candidates, clock: clock)
            ?? .overPacing(slot: clock.hhmm(Pacing.slot(of: start)), covers: covers, limit: check.limit, party: party, alternatives: [])
    }
}
