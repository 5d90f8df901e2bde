import Foundation
import ReservationDomain

/// Settings fixed at start-up (command-line flags and environment).
public struct UIConfig: Sendable, Hashable {
    public var restaurantID: RestaurantID
    /// No writes at all: every key that would change the book says so instead.
    public var readOnly: Bool
    /// Draw with ASCII only (no box-drawing or symbols).
    public var ascii: Bool
    public var mouse: Bool
    /// Theme names offered by `:theme` completion (the files found in `themes/`).
    public var themeNames: [String]
    /// The venue's zone, used for the clock until the first day sheet arrives.
    public var timeZone: String
    /// No venue was named at start: after sign-in the staff member picks one of theirs.
    public var pickVenue: Bool
    /// The day asked for at start (`--date`); nil opens the venue's today.
    public var initialDate: LocalDate?

    public init(restaurantID: RestaurantID, readOnly: Bool = false, ascii: Bool = false, mouse: Bool = true,
                themeNames: [String] = ["default", "256", "light", "high-contrast", "monochrome"],
                timeZone: String = "Europe/Madrid", pickVenue: Bool = false, initialDate: LocalDate? = nil) {
        self.restaurantID = restaurantID
        self.readOnly = readOnly
        self.ascii = ascii
        self.mouse = mouse
        self.themeNames = themeNames
        self.timeZone = timeZone
        self.pickVenue = pickVenue
        self.initialDate = initialDate
    }
}

public enum Pane: Int, CaseIterable, Sendable, Hashable {
    case floor, timeline, customer

    public var title: String {
        switch self {
        case .floor: "Floor"
        case .timeline: "Timeline"
        case .customer: "Guest"
        }
    }
}

public struct StatusMessage: Sendable, Hashable {
    public var text: String
    public var isError: Bool
    public init(_ text: String, isError: Bool = false) {
        self.text = text
        self.isError = isError
    }
}

/// A status change `u` can take back: which booking, what it became, and when (by this terminal's clock).
public struct UndoableChange: Sendable, Hashable {
    public var reservation: UUID
    public var summary: String
    public var at: Date
    public init(reservation: UUID, summary: String, at: Date) {
        self.reservation = reservation
        self.summary = summary
        self.at = at
    }
}

/// The guest shown in the customer pane and the history loaded for them.
public struct CustomerPanel: Sendable, Hashable {
    public var customer: Customer
    public var history: [BookEntry]?
    /// Likely duplicates of this guest ("possible duplicate of …"), once loaded.
    public var duplicates: [GuestDuplicate]? = nil
    public init(customer: Customer, history: [BookEntry]? = nil) {
        self.customer = customer
        self.history = history
    }
}

/// The whole UI as a value: `update` makes a new one from a message, `render` draws it.
public struct AppState: Sendable {
    public var config: UIConfig
    public var theme: Theme
    public var size: Size
    public var now: Date
    public var clock: ZonedClock
    public var today: LocalDate

    /// nil until someone signs in: the login screen is shown.
    public var staff: StaffMember?
    public var login = LoginForm()

    /// The day being viewed.
    public var date: LocalDate
    public var day: DayIndex?
    public var loading = false
    public var health: Health?
    /// Whether this terminal's change feed is connected (LISTEN/NOTIFY): the terminal's own state, not the
    /// core's, so it is told by the feed and kept across health checks.
    public var liveUpdates = false
    /// When health was last asked for; the tick asks again every `healthInterval`.
    public var lastHealthCheck: Date?
    public static let healthInterval: TimeInterval = 15

    public var focus: Pane = .floor
    /// Where `i` returns to after showing the guest in one-pane mode.
    public var focusBeforeGuest: Pane?
    public var areaIndex = 0
    public var selectedTable: TableID?
    /// Timeline cursor: index into `day.tables` and slot column.
    public var cursorTable = 0
    public var cursorSlot = 0
    /// Timeline scroll: first display row and first slot column shown.
    public var scrollRow = 0
    public var scrollSlot = 0
    /// Whether the timeline cursor was placed by the user; until then it follows "now".
    public var cursorMoved = false

    /// The reservation the actions keys apply to (from the timeline cursor, floor table or a list).
    public var selectedReservation: UUID?
    public var customer: CustomerPanel?

    public var overlay: Overlay?
    public var search: SearchState?
    public var commandLine: CommandLineState?
    public var message: StatusMessage?
    /// The last status change made at this terminal, which `u` takes back (the core decides whether it
    /// still can: within `ActionWindows.undoMinutes`, nothing changed since).
    public var undoable: UndoableChange?
    public var wantsQuit = false
    /// Keys that act on the day, pressed while it is still loading (`]` then Enter), or typed after `Enter`
    /// while a booking or walk-in is being saved (the host already on the next flow): replayed once the day
    /// is read again, rather than lost. Bounded; dropped when the day changes again, or when the save fails
    /// (the host must read why first).
    public var typeAhead: [Key] = []
    /// The `:close` last sent, for the "close anyway?" question should the core name bookings on those days.
    public var closureAsked: ConfirmAction?
    /// `:venue`: the changes sent, kept for "save anyway" if the core names bookings they would strand.
    public var venueAsked: [VenueEdit]?

    public init(config: UIConfig, now: Date, size: Size, theme: Theme = .builtinDefault, staff: StaffMember? = nil) {
        self.config = config
        self.theme = theme
        self.size = size
        self.now = now
        clock = ZonedClock(identifier: config.timeZone) ?? ZonedClock(zone: .gmt)
        today = clock.localDate(of: now)
        date = config.initialDate ?? today
        self.staff = staff
    }

    public var glyphs: Glyphs { config.ascii ? .ascii : .unicode }

    /// The effects to run at start: load the day if already signed in.
    public func startEffects() -> [Effect] {
        staff == nil ? [] : [.loadDay(config.restaurantID, date), .checkHealth]
    }

    public var isToday: Bool { date == today }

    public var selectedEntry: BookEntry? { selectedReservation.flatMap { day?.entry($0) } }

    /// The actor name a lease of ours carries, so our own leases are not shown as "held".
    public var ownLeaseToken: String? {
        if case .booking(let f) = overlay { return f.lease?.token }
        return nil
    }

    public var hasFormInput: Bool {
        switch overlay {
        case .booking(let f): f.hasInput
        case .walkIn(let f): f.hasInput
        case .prompt(let p): !p.field.isEmpty
        default: false
        }
    }
}
