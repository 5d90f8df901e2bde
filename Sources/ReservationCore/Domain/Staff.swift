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

    public var minimumRole: StaffRole {
        switch self {
        case .book: .host
        case .manageFloor, .manageStaff: .manager
        case .manageRestaurants: .admin
        }
    }

    public var phrase: String {
        switch self {
        case .book: "take bookings"
        case .manageFloor: "change the floor plan"
        case .manageStaff: "manage staff"
        case .manageRestaurants: "manage venues"
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

    public init(id: StaffID, username: String, displayName: String, role: StaffRole, active: Bool = true,
                lastLoginAt: Date? = nil) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.role = role
        self.active = active
        self.lastLoginAt = lastLoginAt
    }
}

/// Who is acting: a signed-in staff member, or the operator's CLI (recorded with the OS user).
public struct Actor: Hashable, Sendable {
    public var staffID: StaffID?
    public var name: String
    public var role: StaffRole

    public init(staffID: StaffID?, name: String, role: StaffRole) {
        self.staffID = staffID
        self.name = name
        self.role = role
    }

    public init(staff: StaffMember) {
        self.init(staffID: staff.id, name: staff.displayName, role: staff.role)
    }

    /// The command line runs with the database's credentials, so it acts as an administrator.
    public static func commandLine(user: String = ProcessInfo.processInfo.environment["USER"] ?? "operator") -> Actor {
        Actor(staffID: nil, name: "cli:\(user)", role: .admin)
    }

    public static let daemon = Actor(staffID: nil, name: "reservaflowd", role: .admin)

    public func may(_ permission: Permission) -> Bool { role >= permission.minimumRole }
}
