import Foundation

/// What a manager changes on a staff account (`ReservationBook.changeStaff`); nil leaves a field as it is.
public struct StaffChange: Hashable, Sendable {
    public var displayName: String?
    public var role: StaffRole?
    /// The venues the account works at, all of them (a manager's change keeps those it may not touch).
    public var venues: [RestaurantID]?
    /// false disables the account: no sign-in, and its open sessions may write nothing more.
    public var active: Bool?

    public init(displayName: String? = nil, role: StaffRole? = nil, venues: [RestaurantID]? = nil, active: Bool? = nil) {
        self.displayName = displayName
        self.role = role
        self.venues = venues
        self.active = active
    }

    public var isEmpty: Bool { displayName == nil && role == nil && venues == nil && active == nil }
}
