import Foundation

public typealias StaffID = Int64

public enum StaffRole: String, CaseIterable, Sendable, Comparable {
    case host, manager, admin

    private var rank: Int { switch self { case .host: 0; case .manager: 1; case .admin: 2 } }
    public static func < (a: StaffRole, b: StaffRole) -> Bool { a.rank < b.rank }
}

/// What a role may do. Enforced in the core, so every front end gets the same answer.
public enum Permission: Sendable {
    case book, manageFloor, manageStaff, manageRestaurants
    /// The day's shift notes in the header: a manager's word to the floor, not every host's.
    case editShiftNotes
    /// Book past the venue's pacing limit (a manager's call, audited with the override noted).
    case overridePacing
    /// Merge two guest records into one (moves bookings; audited).
    case mergeGuests
    /// Read the audit log: who changed what, across the venue (`reservaflow audit`).
    case readAudit
    /// Read the reports (covers, no-shows, turns...): a venue's business, not the podium's (issue 22).
    case readReports

    public var minimumRole: StaffRole {
        switch self {
        case .book: .host
        case .manageFloor, .manageStaff, .editShiftNotes, .overridePacing, .mergeGuests, .readAudit, .readReports: .manager
        case .manageRestaurants: .admin
        }
    }

    public var phrase: String {
        switch self {
        case .book: "take bookings"
        case .manageFloor: "change the floor plan"
        case .manageStaff: "manage staff"
        case .manageRestaurants: "manage venues"
        case .editShiftNotes: "change the shift notes"
        case .overridePacing: "book past the pacing limit"
        case .mergeGuests: "merge guests"
        case .readAudit: "read the audit log"
        case .readReports: "read the reports"
        }
    }
}

public struct StaffMember: Hashable, Sendable, Identifiable {
    public var id: StaffID
    public var username: String
    public var displayName: String
    public var role: StaffRole
    public var active: Bool
    public var lastLoginAt: Date?
    /// The venues this member works at (admins work at all of them, whatever is listed).
    public var venues: [RestaurantID]

    public init(id: StaffID, username: String, displayName: String, role: StaffRole, active: Bool = true,
                lastLoginAt: Date? = nil, venues: [RestaurantID] = []) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.role = role
        self.active = active
        self.lastLoginAt = lastLoginAt
        self.venues = venues
    }

    public func worksAt(_ restaurant: RestaurantID) -> Bool { role == .admin || venues.contains(restaurant) }
}

/// Who is acting: a signed-in staff member, or the operator's CLI. Every audit row also records the
/// operating-system account of the process (`OSAccount`), whoever signed in.
public struct Actor: Hashable, Sendable {
    public var staffID: StaffID?
    public var name: String
    public var role: StaffRole
    /// Where this actor may act; nil is every venue (administrators, the operator's CLI, the daemon).
    public var venues: Set<RestaurantID>?

    public init(staffID: StaffID?, name: String, role: StaffRole, venues: Set<RestaurantID>? = nil) {
        self.staffID = staffID
        self.name = name
        self.role = role
        self.venues = venues
    }

    /// A signed-in member acts at exactly their venues (an admin at all).
    public init(staff: StaffMember) {
        self.init(staffID: staff.id, name: staff.displayName, role: staff.role,
                  venues: staff.role == .admin ? nil : Set(staff.venues))
    }

    /// The command line runs with the database's credentials, so it acts as an administrator. Its name is
    /// the process's real account (not `$USER`, which anyone can set).
    public static func commandLine(user: String = OSAccount.current) -> Actor {
        Actor(staffID: nil, name: "cli:\(user)", role: .admin)
    }

    public static let daemon = Actor(staffID: nil, name: "reservaflowd", role: .admin)

    public func may(_ permission: Permission) -> Bool { role >= permission.minimumRole }

    public func worksAt(_ restaurant: RestaurantID) -> Bool { venues?.contains(restaurant) ?? true }
}
