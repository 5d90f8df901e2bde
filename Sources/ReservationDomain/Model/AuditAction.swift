/// What an audited change was: the audit log's `action` column, declared by the program before it writes
/// (`reservaflow_declare`, migration 17). The events among them (`isEvent`) are what the database's event
/// function accepts; the rest are row changes its trigger records.
public enum AuditAction: String, CaseIterable, Sendable {
    case book, change, undo, arrival
    // A status change is recorded as the status it moved to (`becoming`).
    case confirmed, seated, completed, cancelled, expired
    case noShow = "no_show"
    case waitlistAdd = "waitlist_add", waitlistSeat = "waitlist_seat", waitlistMove = "waitlist_move"
    case waitlistNotified = "waitlist_notified", waitlistRemoved = "waitlist_removed"
    case tableInService = "table_in_service", tableOutOfService = "table_out_of_service"
    case staffAdd = "staff_add", staffPassword = "staff_passwd", staffEdit = "staff_edit"
    case guestRegister = "guest_register", guestRecord = "guest_record", guestEdit = "guest_edit", guestAdd = "guest_add"
    // A guest's own account (issue 24): the address verified, a new password, the profile, the erasure.
    case guestVerify = "guest_verify", guestPassword = "guest_password", guestProfile = "guest_profile", guestErase = "guest_erase"
    case shiftNote = "shift_note", closure, floorImport = "floor_import", venueEdit = "venue_edit", seedDemo = "seed_demo", mergeGuests = "merge_guests"
    case login, loginFailed = "login_failed", notificationRetry = "notification_retry"
    // What the database's trigger writes for a change nobody declared (raw SQL), never declared by a program.
    case sqlInsert = "sql_insert", sqlUpdate = "sql_update", sqlDelete = "sql_delete"

    /// The change that moved a booking to `status`.
    public static func becoming(_ status: ReservationStatus) -> AuditAction {
        switch status {
        case .pending: .book  // only a booking makes a hold; no step leads back to pending but an undo
        case .confirmed: .confirmed
        case .seated: .seated
        case .completed: .completed
        case .cancelled: .cancelled
        case .noShow: .noShow
        case .expired: .expired
        }
    }

    /// A waitlist entry told its table is ready, or taken off the list.
    public static func waitlist(_ status: WaitlistStatus) -> AuditAction? {
        switch status {
        case .notified: .waitlistNotified
        case .removed: .waitlistRemoved
        case .waiting, .seated: nil
        }
    }

    /// Not a row change: written by `reservaflow_audit_event`, which refuses any action not in this list
    /// (keep the two in step: `AuditActionTests` reads the function's list from the database).
    public var isEvent: Bool {
        switch self {
        case .login, .loginFailed, .notificationRetry, .mergeGuests, .waitlistMove, .floorImport, .seedDemo: true
        default: false
        }
    }
}

/// What an audit event is about (the log's `entity` column for events; row changes name their table's
/// entity in the database's trigger, migration 17).
public enum AuditEntity: String, Sendable {
    case staff, customer, waitlist, restaurant, notification, reservation
}
