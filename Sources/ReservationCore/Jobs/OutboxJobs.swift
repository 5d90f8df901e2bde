import Foundation
import ReservationDomain
import ReservationNative

extension ReservationBook {
    /// Claims up to `limit` due mails for `instance` in one statement (FOR UPDATE SKIP LOCKED: concurrent
    /// instances never claim the same row), marks them running with a lease, and reads their context.
    public func claimNotifications(instance: String, limit: Int, lease: TimeInterval) throws(ReservationError) -> [OutboxJob] {
        let at = now()
        return try read {
            let rows = try db.query("""
                WITH next AS (
                    SELECT id FROM notifications
                    WHERE status IN ('scheduled', 'retryable') AND scheduled_for <= to_timestamp($1::float8)
                    ORDER BY scheduled_for, id LIMIT $2 FOR UPDATE SKIP LOCKED)
                UPDATE notifications n SET status = 'running', attempts = n.attempts + 1, attempted_at = to_timestamp($1::float8),
                    locked_by = $3, lease_until = to_timestamp($1::float8) + make_interval(secs => $4::float8)
                FROM next WHERE n.id = next.id
                RETURNING n.id, n.restaurant_id, n.kind, n.recipient, n.message_id, n.attempts, n.max_attempts,
                          n.reservation_id, n.waitlist_id
                """, [at, limit, instance, String(lease)])
            // A batch is usually one venue's: read each venue once.
            var venues: [RestaurantID: (Restaurant, String)] = [:]
            return try rows.map { row in
                let id = try row.int64("restaurant_id")
                let (venue, language): (Restaurant, String)
                if let known = venues[id] {
                    (venue, language) = known
                } else {
                    venue = try restaurant(id: id)
                    // NOT NULL in the schema: a venue gone between the two reads is not guessed to be Spanish.
                    guard let row = try db.queryOne("SELECT language FROM restaurants WHERE id = $1", [id]) else {
                        throw ReservationError.notFound(.venue, id: String(id))
                    }
                    language = try row.string("language")
                    venues[id] = (venue, language)
                }
                return try job(from: row, venue: venue, language: language)
            }
        }
    }

    private func job(from row: PGRow, venue: Restaurant, language: String) throws -> OutboxJob {
        var job = OutboxJob(id: try row.int64("id"), kind: try row.string("kind", as: MailKind.self), recipient: try row.string("recipient"),
                            messageID: try row.string("message_id"), attempt: try row.int("attempts"), maxAttempts: try row.int("max_attempts"),
                            venue: venue, language: language, guestName: "", partySize: 0, startsAt: nil, tableLabel: nil,
                            reference: "", holdExpiresAt: nil)
        if let id = try row.optionalUUID("reservation_id"),
           let x = try db.queryOne("""
                SELECT CASE WHEN c.erased_at IS NULL THEN c.name ELSE '' END AS name, x.party_size, extract(epoch FROM x.starts_at) AS s, t.label,
                       extract(epoch FROM x.expires_at) AS e, c.language
                FROM reservations x JOIN customers c ON c.restaurant_id = x.restaurant_id AND c.id = x.customer_id
                JOIN dining_tables t ON t.restaurant_id = x.restaurant_id AND t.id = x.table_id WHERE x.id = $1
                """, [id]) {
            job.reservationID = id
            job.guestName = try x.string("name")
            job.partySize = try x.int("party_size")
            job.startsAt = try x.date("s")
            job.tableLabel = try x.string("label")
            job.holdExpiresAt = try x.optionalDate("e")
            job.reference = id.shortReference
            // The guest's own language when they have one (a host set it, or their account's), else the venue's.
            if let language = try x.optionalString("language") { job.language = language }
        } else if let wid = try row.optionalInt64("waitlist_id"), let w = try db.queryOne("SELECT name, party_size FROM waitlist WHERE id = $1", [wid]) {
            job.guestName = try w.string("name")
            job.partySize = try w.int("party_size")
            job.reference = "W\(wid)"
        }
        return job
    }

    /// The mail went out: completed, with what was sent kept for the record. Only the instance holding the
    /// lease may finish a job (a rescued job is someone else's now).
    public func completeNotification(_ id: Int64, instance: String, subject: String, body: String) throws(ReservationError) {
        try write {
            try db.query("""
                UPDATE notifications SET status = 'completed', sent_at = to_timestamp($3::float8), finalized_at = to_timestamp($3::float8),
                    subject = $4, body = $5, lease_until = NULL, locked_by = NULL, last_error = NULL
                WHERE id = $1 AND status = 'running' AND locked_by = $2
                """, [id, instance, now(), subject, body])
        }
    }

    /// A send failed: retried later with backoff when the failure may pass (a connection, a timeout, a 4xx),
    /// discarded at once when it cannot (a 5xx, an invalid address) or when attempts are used up. The reason
    /// is kept in the row's error history either way.
    public func failNotification(_ id: Int64, instance: String, error: String, permanent: Bool,
                                 retryAfter: TimeInterval) throws(ReservationError) {
        let at = now()
        try write {
            try db.query("""
                UPDATE notifications SET
                    status = CASE WHEN $4 OR attempts >= max_attempts THEN 'discarded' ELSE 'retryable' END,
                    scheduled_for = CASE WHEN $4 OR attempts >= max_attempts THEN scheduled_for
                                         ELSE to_timestamp($3::float8) + make_interval(secs => $5::float8) END,
                    finalized_at = CASE WHEN $4 OR attempts >= max_attempts THEN to_timestamp($3::float8) END,
                    last_error = $6, lease_until = NULL, locked_by = NULL,
                    errors = errors || jsonb_build_array(jsonb_build_object('at', to_timestamp($3::float8), 'attempt', attempts,
                                                                            'error', $6::text, 'permanent', $4::boolean))
                WHERE id = $1 AND status = 'running' AND locked_by = $2
                """, [id, instance, at, permanent, String(retryAfter), String(error.prefix(500))])
        }
    }

    /// Jobs whose instance died (its lease lapsed, or it is `heldBy` restarting under the same name) go back
    /// to the queue, or are discarded when out of attempts. The mail may have gone out before the crash: at
    /// least once, recognisable by Message-ID.
    @discardableResult
    public func rescueLapsedNotifications(heldBy instance: String? = nil) throws(ReservationError) -> Int {
        let at = now()
        return try write {
            try db.query("""
                UPDATE notifications SET status = CASE WHEN attempts >= max_attempts THEN 'discarded' ELSE 'retryable' END,
                    scheduled_for = to_timestamp($1::float8), lease_until = NULL, locked_by = NULL,
                    finalized_at = CASE WHEN attempts >= max_attempts THEN to_timestamp($1::float8) END,
                    last_error = 'lease lapsed (instance ' || locked_by || ' stopped or hung)',
                    errors = errors || jsonb_build_array(jsonb_build_object('at', to_timestamp($1::float8), 'attempt', attempts,
                                                                            'error', 'lease lapsed: ' || locked_by, 'permanent', false))
                WHERE status = 'running' AND (lease_until < to_timestamp($1::float8) OR locked_by = $2)
                RETURNING id
                """, [at, instance]).count
        }
    }

    /// Extends the lease of mails this instance still holds, just before it sends the next one, and says
    /// which it still holds: a mail rescued meanwhile (this instance stalled past its lease) is another
    /// instance's now and must not be sent from here too.
    public func extendNotificationLeases(_ ids: [Int64], instance: String, lease: TimeInterval) throws(ReservationError) -> Set<Int64> {
        guard !ids.isEmpty else { return [] }
        let at = now()
        return try read {
            Set(try db.query("""
                UPDATE notifications SET lease_until = to_timestamp($3::float8) + make_interval(secs => $4::float8)
                WHERE id = ANY($1::bigint[]) AND status = 'running' AND locked_by = $2
                RETURNING id
                """, [ids.map(String.init), instance, at, String(lease)]).map { try $0.int64("id") })
        }
    }

    /// An instance shutting down gives back what it claimed but did not start sending.
    public func releaseNotifications(_ ids: [Int64], instance: String) throws(ReservationError) {
        guard !ids.isEmpty else { return }
        try write {
            try db.query("""
                UPDATE notifications SET status = CASE WHEN attempts > 1 THEN 'retryable' ELSE 'scheduled' END,
                    attempts = attempts - 1, lease_until = NULL, locked_by = NULL
                WHERE id = ANY($1::bigint[]) AND status = 'running' AND locked_by = $2
                """, [ids.map(String.init), instance])
        }
    }

    /// When the next mail is due (nil: none waiting), and the earliest lease to lapse.
    public func nextNotificationDue() throws(ReservationError) -> Date? {
        try read {
            try db.queryOne("""
                SELECT extract(epoch FROM least(
                    (SELECT min(scheduled_for) FROM notifications WHERE status IN ('scheduled', 'retryable')),
                    (SELECT min(lease_until) FROM notifications WHERE status = 'running'))) AS d
                """)?.optionalDate("d")
        }
    }

    /// How many mails are in each state (every state present, zero or not).
    public func outboxCounts() throws(ReservationError) -> [OutboxStatus: Int] {
        let rows = try read {
            try db.query("SELECT status, count(*) AS n FROM notifications GROUP BY status")
                .map { (status: try $0.string("status", as: OutboxStatus.self), count: try $0.int("n")) }
        }
        var counts = Dictionary(uniqueKeysWithValues: OutboxStatus.allCases.map { ($0, 0) })
        for row in rows { counts[row.status] = row.count }
        return counts
    }

    /// The outbox, newest first, optionally one status (or one row) only.
    public func outbox(status: OutboxStatus? = nil, id: Int64? = nil, limit: Int = 100) throws(ReservationError) -> [OutboxEntry] {
        try read {
            try db.query("""
                SELECT id, restaurant_id, kind, recipient, status, attempts, max_attempts, extract(epoch FROM scheduled_for) AS s,
                       last_error, message_id, reservation_id
                FROM notifications WHERE ($1::text IS NULL OR status = $1) AND ($3::bigint IS NULL OR id = $3)
                ORDER BY scheduled_for DESC, id DESC LIMIT $2
                """, [status?.rawValue, limit, id]).map { row in
                    OutboxEntry(id: try row.int64("id"), restaurantID: try row.int64("restaurant_id"), kind: try row.string("kind", as: MailKind.self),
                                recipient: try row.string("recipient"), status: try row.string("status", as: OutboxStatus.self),
                                attempts: try row.int("attempts"), maxAttempts: try row.int("max_attempts"), scheduledFor: try row.date("s"),
                                lastError: try row.optionalString("last_error"), messageID: try row.string("message_id"),
                                reservationID: try row.optionalUUID("reservation_id"))
                }
        }
    }

    /// Requeues a discarded (or retryable) mail now, with a fresh set of attempts; audited.
    public func retryNotification(_ id: Int64, actor: Actor) throws(ReservationError) -> OutboxEntry {
        try require(actor, .manageFloor)
        let at = now()
        try write {
            guard let row = try db.queryOne("""
                UPDATE notifications SET status = 'scheduled', scheduled_for = to_timestamp($2::float8), attempts = 0,
                    finalized_at = NULL, last_error = NULL
                WHERE id = $1 AND status IN ('discarded', 'retryable') RETURNING restaurant_id
                """, [id, at]) else {
                let current = try db.queryOne("SELECT status FROM notifications WHERE id = $1", [id])?.string("status")
                throw current.map { ReservationError.invalid(field: "notification", message: "Notification \(id) is \($0): only a discarded or retryable one can be retried.") }
                    ?? ReservationError.notFound(.notification, id: String(id))
            }
            try auditEvent(actor, restaurant: try row.int64("restaurant_id"), action: .notificationRetry, entity: .notification, id: String(id))
        }
        guard let entry = try outbox(id: id).first else { throw .notFound(.notification, id: String(id)) }
        return entry
    }
}
