import Foundation
import ReservationCore
import ReservationDomain
import ReservationNative

/// What the database holds for one round's venue, read after the round by the administrator role.
public struct Snapshot: Sendable {
    /// One audit row about a reservation. The audit row is written in the same transaction as the change,
    /// so it is the committed history; `tag` is the operation that wrote it (from the acting name).
    public struct Audit: Sendable, Equatable {
        public var id: Int64
        /// The operation that wrote it: the tag in its acting name, or, for a booking made through the API
        /// (whose actor is the signed-in account), the tag in the booking's notes.
        public var tag: String?
        public var action: AuditAction
        public var reservation: String
        /// Status and table label after the change.
        public var status: ReservationStatus?
        public var table: String?
        /// A booking whose start was more than the venue's reminder hours away when it was made: it must
        /// have queued a reminder.
        public var wantsReminder: Bool
        /// The acting name as written (an API client's staff display name, or `guest:<id>`).
        public var actor: String
        /// A hold whose guest account had not verified its address when it was made: no hold mail is
        /// queued for it (migration 30), only the verification link or a host confirms it.
        public var holdAwaitsVerification = false

        public init(id: Int64, tag: String?, action: AuditAction, reservation: String, status: ReservationStatus?, table: String?, wantsReminder: Bool = false,
                    actor: String? = nil) {
            self.id = id
            self.tag = tag
            self.action = action
            self.reservation = reservation
            self.status = status
            self.table = table
            self.wantsReminder = wantsReminder
            self.actor = actor ?? tag ?? ""
        }
    }

    public struct Row: Sendable, Equatable {
        public var id: String
        public var status: ReservationStatus
        public var table: String
        public init(id: String, status: ReservationStatus, table: String) {
            self.id = id
            self.status = status
            self.table = table
        }
    }

    public struct Mail: Sendable, Equatable {
        public var reservation: String
        public var kind: MailKind
        public var status: OutboxStatus
        public init(reservation: String, kind: MailKind, status: OutboxStatus) {
            self.reservation = reservation
            self.kind = kind
            self.status = status
        }
    }

    public var audits: [Audit]
    public var rows: [String: Row]
    public var mails: [Mail]
    /// Pairs of live reservations of one table whose times overlap.
    public var overlaps: Int
    /// Reservations per operation tag found in their notes. Each booking operation sends its tag as the
    /// notes (and, through the API, as its Idempotency-Key, with every retry): more than one reservation
    /// for a tag is a retry that booked twice.
    public var reservationsByTag: [String: Int]

    public init(audits: [Audit], rows: [String: Row], mails: [Mail], overlaps: Int, reservationsByTag: [String: Int] = [:]) {
        self.audits = audits
        self.rows = rows
        self.mails = mails
        self.overlaps = overlaps
        self.reservationsByTag = reservationsByTag
    }

    /// Reads the venue's reservations, their audit history, the outbox and the overlap count.
    public static func load(_ db: PGConnection, restaurantID: Int64) throws -> Snapshot {
        let audits = try db.query("""
            SELECT a.id, a.actor, a.action, a.entity_id, a.after->>'status' AS status, t.label, a.after->>'notes' AS notes,
                   coalesce(a.action = 'book' AND r.reminder_hours > 0 AND (a.after->>'status') IN ('confirmed', 'pending')
                            AND (a.after->>'starts_at')::timestamptz - make_interval(hours => r.reminder_hours)
                                > (a.after->>'created_at')::timestamptz, false) AS wants_reminder,
                   EXISTS (SELECT 1 FROM customers c JOIN guest_accounts g ON g.id = c.account_id
                           WHERE c.id = (a.after->>'customer_id')::bigint AND (g.verified_at IS NULL OR g.verified_at > a.at)) AS unverified
            FROM audit_log a
            JOIN restaurants r ON r.id = a.restaurant_id
            LEFT JOIN dining_tables t ON t.restaurant_id = a.restaurant_id AND t.id = (a.after->>'table_id')::bigint
            WHERE a.restaurant_id = $1 AND a.entity = 'reservation'
            ORDER BY a.id
            """, [restaurantID]).map { row in
            let actor = try row.string("actor")
            let action = try row.string("action", as: AuditAction.self)
            // A booking through the API is written by the signed-in account; its tag is in its notes.
            let notes = try row.optionalString("notes")
            let tag = OpRecord.extractTag(actor) ?? (action == .book ? notes.flatMap(OpRecord.extractTag) : nil)
            var audit = Audit(id: try row.int64("id"), tag: tag, action: action,
                              reservation: try row.string("entity_id"), status: try row.optionalString("status", as: ReservationStatus.self),
                              table: try row.optionalString("label"), wantsReminder: try row.bool("wants_reminder"), actor: actor)
            audit.holdAwaitsVerification = try row.bool("unverified")
            return audit
        }
        var rows: [String: Row] = [:]
        for row in try db.query("""
            SELECT x.id, x.status, t.label FROM reservations x
            JOIN dining_tables t ON t.restaurant_id = x.restaurant_id AND t.id = x.table_id
            WHERE x.restaurant_id = $1
            """, [restaurantID]) {
            let id = try row.string("id")
            rows[id] = Row(id: id, status: try row.string("status", as: ReservationStatus.self), table: try row.string("label"))
        }
        let mails = try db.query("""
            SELECT reservation_id, kind, status FROM notifications WHERE restaurant_id = $1 AND reservation_id IS NOT NULL
            """, [restaurantID]).map { Mail(reservation: try $0.string("reservation_id"), kind: try $0.string("kind", as: MailKind.self), status: try $0.string("status", as: OutboxStatus.self)) }
        // Every table a live booking holds, its first and its joined ones, read from `reservations` itself,
        // not from the claim rows whose constraint is the very thing being checked.
        let overlaps = try db.queryOne("""
            WITH held AS (
                SELECT r.id, r.period, t AS table_id FROM reservations r, unnest(r.table_id || r.joined_table_ids) AS t
                WHERE r.restaurant_id = $1 AND r.status IN ('pending', 'confirmed', 'seated'))
            SELECT count(*) AS n FROM held a JOIN held b ON a.table_id = b.table_id AND a.id < b.id AND a.period && b.period
            """, [restaurantID])?.int("n") ?? -1
        var byTag: [String: Int] = [:]
        for row in try db.query("""
            SELECT notes, count(*) AS n FROM reservations WHERE restaurant_id = $1 AND notes LIKE 'fo:%' GROUP BY notes
            """, [restaurantID]) {
            if let tag = OpRecord.extractTag(try row.string("notes")) { byTag[tag, default: 0] += try row.int("n") }
        }
        return Snapshot(audits: audits, rows: rows, mails: mails, overlaps: overlaps, reservationsByTag: byTag)
    }
}
