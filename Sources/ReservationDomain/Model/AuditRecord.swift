import Foundation

/// Which rows of the audit log to read (`reservaflow audit`); nil is any.
public struct AuditFilter: Sendable, Hashable {
    /// nil: every venue, and the rows of no venue (sign-ins, staff changes): an administrator's view.
    public var restaurantID: RestaurantID?
    /// The rows written in [from, to).
    public var from: Date?
    public var to: Date?
    /// A staff member's rows (by account), or an actor as recorded ("cli:root", "sql:reservaflow_app").
    public var staffID: StaffID?
    public var actor: String?
    public var action: AuditAction?

    public init(restaurantID: RestaurantID? = nil, from: Date? = nil, to: Date? = nil, staffID: StaffID? = nil,
                actor: String? = nil, action: AuditAction? = nil) {
        self.restaurantID = restaurantID
        self.from = from
        self.to = to
        self.staffID = staffID
        self.actor = actor
        self.action = action
    }
}

/// One row of the audit log, as a manager reads it: when (the database's clock), who, declared as what,
/// on what, and the changes in words.
public struct AuditRecord: Sendable, Hashable {
    public var id: Int64
    public var at: Date
    public var restaurantID: RestaurantID?
    public var actor: String
    public var action: String
    public var entity: String
    public var entityID: String?
    public var changes: [String]
    /// The operating-system account of the program that declared it, and the database role of its session.
    public var osAccount: String?
    public var dbRole: String?
    /// Where the next page starts (the row's exact time and id, opaque to callers).
    public var cursor: AuditCursor

    public init(id: Int64, at: Date, restaurantID: RestaurantID?, actor: String, action: String, entity: String, entityID: String?,
                changes: [String], osAccount: String?, dbRole: String?, cursor: AuditCursor) {
        self.id = id
        self.at = at
        self.restaurantID = restaurantID
        self.actor = actor
        self.action = action
        self.entity = entity
        self.entityID = entityID
        self.changes = changes
        self.osAccount = osAccount
        self.dbRole = dbRole
        self.cursor = cursor
    }
}

/// A position in the log, newest first: the row's time exactly as the database keeps it (microseconds,
/// which a `Date` would round) and its id, so a page never skips or repeats rows written in the same instant.
public struct AuditCursor: Sendable, Hashable {
    public var at: String
    public var id: Int64
    public init(at: String, id: Int64) {
        self.at = at
        self.id = id
    }
}
