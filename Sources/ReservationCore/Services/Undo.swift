import Foundation
import ReservationDomain
import ReservationNative

/// Taking back a status change a host made by mistake (a no-show typed for the wrong table, a party
/// finished too soon): the booking goes back to exactly what it was, for a few minutes after the change
/// (`ActionWindows.undoMinutes`) and only while nothing else has changed it since. A walk-in or waitlist
/// seating made by mistake is withdrawn instead (it never happened: migration 20).
extension ReservationBook {
    /// The audit actions a status change writes (`transition`): the status it moved to.
    static let undoableActions = Set([ReservationStatus.confirmed, .seated, .completed, .cancelled, .noShow].map { AuditAction.becoming($0).rawValue })

    /// Undoes the last status change of reservation `id`. Refused when the change is older than the window,
    /// when the booking changed since (its last audit row is not that status change), or when going back
    /// breaks a rule a booking must keep (the table was booked or a party seated there meanwhile, a hold
    /// whose time ran out). Counters follow the status (the `customer_counts` trigger), so a no-show undone
    /// takes the guest's no-show back. Audited as `undo`, with the booking before and after.
    public func undo(_ id: UUID, actor: Actor) throws(ReservationError) -> UndoOutcome {
        try require(actor, .book)
        let entry = try reservation(id: id)
        let res = entry.reservation
        try requireVenue(actor, res.restaurantID)
        let r = try restaurant(id: res.restaurantID)
        // Every table it holds (a combination's too), locked in id order as bookings lock them.
        let seat = try self.seat(of: res, in: try venue(r.id))
        var withdrawn: Withdrawn? = nil
        do {
            try db.transaction {
                for table in seat.lockOrder { try lockTable(restaurantID: r.id, tableID: table.id) }
                withdrawn = try undoLocked(id, res: res, r, seat, actor: actor)
            }
        } catch let e as PGError where e.sqlState == PGError.exclusionViolation {
            throw try conflict(r, seat: seat, start: res.startsAt, end: res.endsAt, excluding: id)
        } catch {
            throw typed(error)
        }
        if let withdrawn {
            return .withdrawn(entry, waitlist: try withdrawn.waitlistID.map { id throws(ReservationError) in try waitlistEntry(id) })
        }
        return .restored(try reservation(id: id))
    }

    /// A seating withdrawn, and the waitlist entry it came from (nil for a walk-in).
    private struct Withdrawn {
        var waitlistID: Int64?
    }

    /// Inside the transaction, with the table locked: nil when the booking was restored.
    private func undoLocked(_ id: UUID, res: Reservation, _ r: Restaurant, _ seat: Seat, actor: Actor) throws -> Withdrawn? {
        let clock = r.clock
        let at = now()
        guard let current = try db.queryOne("""
            SELECT status, source, updated_at::text AS u, updated_at = created_at AS untouched, extract(epoch FROM created_at) AS made,
                   (SELECT w.id FROM waitlist w WHERE w.restaurant_id = x.restaurant_id AND w.reservation_id = x.id) AS waitlist_id
            FROM reservations x WHERE id = $1 FOR UPDATE
            """, [id]) else {
            throw ReservationError.notFound(.reservation, id: id.lowercasedString)
        }
        try declare(actor, restaurant: r.id, action: .undo)
        // A walk-in (or a party seated from the waitlist) as it was made: withdrawn, within the same window.
        if try current.string("status") == ReservationStatus.seated.rawValue,
           try current.string("source") == ReservationSource.walkIn.rawValue, try current.bool("untouched") {
            let made = try current.date("made")
            let deadline = made.addingTimeInterval(Double(ActionWindows.undoMinutes) * 60)
            guard at <= deadline else {
                throw ReservationError.invalid(field: "reservation", message: "Too late to undo: the party was seated at \(clock.hhmm(made)), and a seating can be undone for \(ActionWindows.undoMinutes) min (until \(clock.hhmm(deadline))). Finish their booking instead.")
            }
            let waitlistID = try current.optionalInt64("waitlist_id")
            try db.query("SELECT reservaflow_withdraw_seating($1, $2)", [r.id, id])
            return Withdrawn(waitlistID: waitlistID)
        }
        // The last thing that happened to the booking, and the one before it (for the mails that change withdrew).
        // Its time is the booking's own `updated_at` (this program's clock, as `now()`), not the audit row's
        // (the server's): the window is measured on one clock.
        let last = try db.query("""
            SELECT id, action, actor, extract(epoch FROM (after->>'updated_at')::timestamptz) AS at, before->>'status' AS was,
                   (after->>'updated_at')::timestamptz::text AS u
            FROM audit_log WHERE entity = 'reservation' AND entity_id = $1 ORDER BY id DESC LIMIT 1
            """, [id.lowercasedString]).first
        // An arrival mark (`setArrival`) is taken back the same way, within the same window.
        if let last, try last.string("action") == AuditAction.arrival.rawValue, try last.optionalString("u") == current.string("u") {
            try undoArrival(id, audit: try last.int64("id"), changedAt: try last.date("at"), clock: clock, r, actor: actor)
            return nil
        }
        guard let last, Self.undoableActions.contains(try last.string("action")),
              try last.string("action") == current.string("status"), try last.optionalString("u") == current.string("u"),
              let was = try last.optionalString("was", as: ReservationStatus.self) else {
            throw ReservationError.invalid(field: "reservation", message: "Nothing to undo: the last change to this booking was not a status change (it is \(res.status.label) now).")
        }
        let changedAt = try last.date("at")
        let deadline = changedAt.addingTimeInterval(Double(ActionWindows.undoMinutes) * 60)
        guard at <= deadline else {
            throw ReservationError.invalid(field: "reservation", message: "Too late to undo: it became \(res.status.label) at \(clock.hhmm(changedAt)), and a status change can be undone for \(ActionWindows.undoMinutes) min (until \(clock.hhmm(deadline))).")
        }
        // Back to a status that holds the table: nobody else may have been seated there meanwhile.
        if was == .seated { try checkNoOtherSeated(id, restaurantID: r.id) }
        if was.isLive && !res.status.isLive {
            for table in seat.tables {
                let st = seatedInTheWayStatement(restaurantID: r.id, tableID: table.id, start: res.startsAt, end: res.endsAt, excluding: id)
                if let row = try db.queryOne(st.sql, st.params) { throw try stillSeated(seat.label, row) }
            }
        }
        // Every column the change set, as the audit row's `before` has it.
        let restored = try db.queryOne("""
            UPDATE reservations x SET status = b.status, ends_at = b.ends_at, expires_at = b.expires_at,
                   seated_at = b.seated_at, completed_at = b.completed_at, updated_at = to_timestamp($3::float8)
            FROM jsonb_populate_record(NULL::reservations, (SELECT before FROM audit_log WHERE id = $2)) b
            WHERE x.id = $1
            RETURNING extract(epoch FROM x.expires_at) AS x
            """, [id, try last.int64("id"), at])
        if was == .pending, let lapses = try restored?.optionalDate("x"), lapses <= at {
            throw ReservationError.invalid(field: "reservation", message: "Cannot undo the confirmation: the hold lapsed at \(clock.hhmm(lapses)) in the meantime. Keep it confirmed or cancel it.")
        }
        if res.status == .seated || res.status == .completed {
            // The visit the seating counted is gone: the guest's last visit is their previous one again.
            try db.query("""
                UPDATE customers c SET last_visit_at = (
                    SELECT max(coalesce(x.seated_at, x.starts_at)) FROM reservations x
                    WHERE x.restaurant_id = c.restaurant_id AND x.customer_id = c.id AND x.status IN ('seated', 'completed'))
                WHERE c.restaurant_id = $1 AND c.id = $2
                """, [r.id, res.customerID])
        }
        try undoMails(r, reservation: id, undone: res.status, back: was, changedAt: changedAt)
        return nil
    }

    /// Puts back the arrival the booking had before its last change (an arrival mark), inside undo's transaction.
    private func undoArrival(_ id: UUID, audit auditID: Int64, changedAt: Date, clock: ZonedClock, _ r: Restaurant, actor: Actor) throws {
        let deadline = changedAt.addingTimeInterval(Double(ActionWindows.undoMinutes) * 60)
        guard now() <= deadline else {
            throw ReservationError.invalid(field: "reservation", message: "Too late to undo: the arrival was marked at \(clock.hhmm(changedAt)), and it can be undone for \(ActionWindows.undoMinutes) min (until \(clock.hhmm(deadline))).")
        }
        try db.query("""
            UPDATE reservations SET arrival = coalesce((SELECT before->>'arrival' FROM audit_log WHERE id = $2), 'none'),
                   updated_at = to_timestamp($3::float8)
            WHERE id = $1
            """, [id, auditID, now()])
    }

    /// The mails of a booking going back to `back`: a cancellation not yet sent is withdrawn (one already
    /// sent is followed by a confirmation, so the guest knows the booking stands), and the reminder the
    /// change withdrew comes back while it is still ahead. The change's own withdrawals are the rows it
    /// finalised, in its transaction, up to its audit row's time.
    private func undoMails(_ r: Restaurant, reservation id: UUID, undone: ReservationStatus, back: ReservationStatus, changedAt: Date) throws {
        let at = now()
        guard back == .pending || back == .confirmed else { return }
        if undone == .cancelled {
            let told = try db.query("""
                UPDATE notifications SET status = CASE WHEN status IN ('scheduled', 'retryable') THEN 'cancelled' ELSE status END,
                       finalized_at = CASE WHEN status IN ('scheduled', 'retryable') THEN to_timestamp($2::float8) ELSE finalized_at END
                WHERE reservation_id = $1 AND kind = 'cancellation' RETURNING status = 'cancelled' AS withdrawn
                """, [id, at])
            if try told.contains(where: { !(try $0.bool("withdrawn")) }), back == .confirmed {
                try enqueueReinstated(r, reservation: id)
            }
        }
        try db.query("""
            UPDATE notifications SET status = 'scheduled', finalized_at = NULL
            WHERE reservation_id = $1 AND kind = 'reminder' AND status = 'cancelled'
              AND finalized_at BETWEEN to_timestamp($2::float8) - interval '5 seconds' AND to_timestamp($2::float8)
              AND scheduled_for > to_timestamp($3::float8)
            """, [id, changedAt, at])
    }
}
