import Foundation

public typealias CustomerID = Int64

public enum ReservationStatus: String, CaseIterable, Sendable {
    case pending, confirmed, seated, completed, cancelled
    case noShow = "no_show"
    case expired

    /// Live reservations hold their table; the database's exclusion constraint covers exactly these.
    public var isLive: Bool { self == .pending || self == .confirmed || self == .seated }

    public var label: String {
        switch self {
        case .noShow: "no-show"
        default: rawValue
        }
    }
}

/// The moves a host can make on a reservation.
public enum ReservationAction: String, CaseIterable, Sendable {
    case confirm, seat, complete, cancel
    case noShow = "no-show"
    case expire

    public var target: ReservationStatus {
        switch self {
        case .confirm: .confirmed
        case .seat: .seated
        case .complete: .completed
        case .cancel: .cancelled
        case .noShow: .noShow
        case .expire: .expired
        }
    }
}

/// pending -> confirmed | cancelled | expired; confirmed -> seated | cancelled | no_show; seated -> completed.
public enum StatusMachine {
    public static func allowed(from status: ReservationStatus) -> Set<ReservationStatus> {
        switch status {
        case .pending: [.confirmed, .cancelled, .expired]
        case .confirmed: [.seated, .cancelled, .noShow]
        case .seated: [.completed]
        case .completed, .cancelled, .noShow, .expired: []
        }
    }

    public static func canMove(_ from: ReservationStatus, to: ReservationStatus) -> Bool {
        allowed(from: from).contains(to)
    }
}

public enum ReservationSource: String, CaseIterable, Sendable {
    case phone
    case walkIn = "walk_in"
    case online, staff
}

public struct Reservation: Hashable, Sendable, Identifiable {
    /// The longest a booking may last (its planned range; a seated party may still run over it, see
    /// `SeatedOverrun`). Turn times stop at 12 hours; the schema refuses anything over a day (migration 13),
    /// which lets a day's occupancy be read as a range of start times on the day index instead of a search
    /// of the exclusion constraint's GiST index (three times faster at 200 tables, make bench).
    public static let maximumLength: TimeInterval = 24 * 3600

    public var id: UUID
    public var restaurantID: RestaurantID
    public var tableID: TableID
    public var customerID: CustomerID
    public var partySize: Int
    public var startsAt: Date
    public var endsAt: Date
    public var status: ReservationStatus
    public var source: ReservationSource
    public var expiresAt: Date?
    public var notes: String
    public var createdBy: String
    public var createdAt: Date
    public var updatedAt: Date
    public var seatedAt: Date?
    /// The tables joined to `tableID` for a combination (`TableCombination`); empty for one table.
    public var joinedTableIDs: [TableID]
    /// Who of the party is here before it is seated (`ArrivalState`); beside the status, not one of them.
    public var arrival: ArrivalState

    public init(id: UUID, restaurantID: RestaurantID, tableID: TableID, customerID: CustomerID,
                partySize: Int, startsAt: Date, endsAt: Date, status: ReservationStatus,
                source: ReservationSource, expiresAt: Date? = nil, notes: String = "",
                createdBy: String = "", createdAt: Date = Date(), updatedAt: Date = Date(), seatedAt: Date? = nil,
                joinedTableIDs: [TableID] = [], arrival: ArrivalState = .none) {
        self.joinedTableIDs = joinedTableIDs
        self.arrival = arrival
        self.id = id
        self.restaurantID = restaurantID
        self.tableID = tableID
        self.customerID = customerID
        self.partySize = partySize
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.status = status
        self.source = source
        self.expiresAt = expiresAt
        self.notes = notes
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.seatedAt = seatedAt
    }

    /// Holds the table at `now`: live, and not a pending hold whose time has run out.
    public func blocksTable(at now: Date) -> Bool {
        guard status.isLive else { return false }
        if status == .pending, let e = expiresAt, e <= now { return false }
        return true
    }

    public var shortID: String { id.shortReference }

    /// The arrival worth showing: only before seating (a seated party is all here, a finished one gone).
    public var waitingArrival: ArrivalState {
        status == .pending || status == .confirmed ? arrival : .none
    }
}

/// Part of a party at the podium, or all of it, before it is seated. A column beside the status (migration
/// 9), so the status machine, the exclusion constraint and undo of status changes are untouched.
public enum ArrivalState: String, CaseIterable, Sendable {
    case none
    case partial
    case arrived

    public var label: String {
        switch self {
        case .none: "not arrived"
        case .partial: "partly arrived"
        case .arrived: "arrived"
        }
    }

    /// What `v` at the podium makes of it: nobody → some of them → all of them → nobody (a mistake undone).
    public var next: ArrivalState {
        switch self {
        case .none: .partial
        case .partial: .arrived
        case .arrived: .none
        }
    }

    /// The words the CLI takes (`reservaflow reservation ID partly-arrived`).
    public init?(command: String) {
        switch command {
        case "arrived": self = .arrived
        case "partly-arrived", "partial": self = .partial
        case "not-arrived": self = .none
        default: return nil
        }
    }
}

public struct Customer: Hashable, Sendable, Identifiable {
    public var id: CustomerID
    public var restaurantID: RestaurantID
    public var name: String
    /// E.164, e.g. +34600123456; empty for a walk-in who gave no number.
    public var phone: String
    public var email: String?
    public var notes: String
    public var allergies: String
    public var tags: [String]
    public var marketingConsent: Bool
    public var visits: Int
    public var cancellations: Int
    public var noShows: Int
    public var lastVisitAt: Date?
    /// The venue's one placeholder for walk-ins who gave no name: not a guest (never found by search, no
    /// profile to show). Its counters count those walk-ins.
    public var anonymous: Bool
    /// The language of the guest's mails ("es" or "en"); nil: the venue's.
    public var language: String?

    public init(id: CustomerID, restaurantID: RestaurantID, name: String, phone: String, email: String? = nil,
                notes: String = "", allergies: String = "", tags: [String] = [], marketingConsent: Bool = false,
                visits: Int = 0, cancellations: Int = 0, noShows: Int = 0, lastVisitAt: Date? = nil, anonymous: Bool = false,
                language: String? = nil) {
        self.anonymous = anonymous
        self.language = language
        self.id = id
        self.restaurantID = restaurantID
        self.name = name
        self.phone = phone
        self.email = email
        self.notes = notes
        self.allergies = allergies
        self.tags = tags
        self.marketingConsent = marketingConsent
        self.visits = visits
        self.cancellations = cancellations
        self.noShows = noShows
        self.lastVisitAt = lastVisitAt
    }

    public var isVIP: Bool { tags.contains { $0.caseInsensitiveCompare("VIP") == .orderedSame } }
}

/// A reservation with what a screen or list needs next to it.
public struct BookEntry: Hashable, Sendable, Identifiable {
    public var reservation: Reservation
    public var customer: Customer
    /// The primary table's label (the wire's `table`).
    public var tableLabel: String
    /// Every table's label, the primary first (one for a single table).
    public var tableLabels: [String]

    public init(reservation: Reservation, customer: Customer, tableLabel: String, joinedLabels: [String] = []) {
        self.reservation = reservation
        self.customer = customer
        self.tableLabel = tableLabel
        self.tableLabels = [tableLabel] + joinedLabels
    }

    public var id: UUID { reservation.id }
}

public enum WaitlistStatus: String, CaseIterable, Sendable {
    case waiting, notified, seated, removed
}

public struct WaitlistEntry: Hashable, Sendable, Identifiable {
    public var id: Int64
    public var restaurantID: RestaurantID
    public var name: String
    public var phone: String?
    public var partySize: Int
    public var quotedMinutes: Int
    public var status: WaitlistStatus
    public var notes: String
    public var createdAt: Date
    /// The host's order of the list (lower first); arrival order until an entry is moved.
    public var position: Int64
    /// When the party was last told its table is ready (`m`), nil before.
    public var notifiedAt: Date?

    public init(id: Int64, restaurantID: RestaurantID, name: String, phone: String?, partySize: Int,
                quotedMinutes: Int, status: WaitlistStatus, notes: String = "", createdAt: Date,
                position: Int64? = nil, notifiedAt: Date? = nil) {
        self.position = position ?? id
        self.notifiedAt = notifiedAt
        self.id = id
        self.restaurantID = restaurantID
        self.name = name
        self.phone = phone
        self.partySize = partySize
        self.quotedMinutes = quotedMinutes
        self.status = status
        self.notes = notes
        self.createdAt = createdAt
    }

    /// The time of day the wait was promised for: added plus the quote.
    public var promisedAt: Date { createdAt.addingTimeInterval(Double(quotedMinutes) * 60) }
}
