import Foundation
import ReservationDomain

public struct LoginForm: Sendable, Hashable {
    public enum Field: Sendable, Hashable { case username, password }
    public var username = TextField(maxLength: 64)
    public var password = TextField(maxLength: 256)
    public var focus: Field = .username
    public var error: String? = nil
    public var busy = false
    public init() {}
}

/// Walk-in (`w`): party size, best table now, or a quoted wait and the waitlist.
public struct WalkInForm: Sendable, Hashable {
    public enum Field: Sendable, Hashable { case party, name, phone, table }
    public var focus: Field = .party
    public var party: TextField
    public var name = TextField(maxLength: 120)
    public var phone = TextField(maxLength: 32)
    /// The host's choice of table (a label, or picked with ←→ among the free ones); empty: the best fit.
    public var table = TextField(maxLength: 26)  // a combination: "T18+T19"
    public var error: String? = nil
    public var submitting = false
    /// Opened from the waitlist (`W` `w`): the row to go back to. Enter then adds the party to the list even
    /// while a table is free, and the host stays in the list.
    public var listIndex: Int? = nil
    public init(party: Int? = nil) { self.party = TextField(party.map(String.init) ?? "", maxLength: 4) }
    public var hasInput: Bool { !party.isEmpty || !name.isEmpty || !phone.isEmpty || !table.isEmpty }
}

/// Seating a party from the waitlist (`s` there): the best free table that fits is offered, `←→` step
/// through the others free now and a label can be typed, as in the walk-in form (`WalkInPlan`).
public struct WaitlistSeatForm: Sendable, Hashable {
    public var entryID: Int64
    public var name: String
    public var party: Int
    /// Empty: the best fit (`WalkInPlan`'s first choice), which is what the form shows.
    public var table = TextField(maxLength: 26)  // a combination: "T18+T19"
    /// The waitlist row to go back to on Esc.
    public var index: Int
    public var error: String? = nil
    public var submitting = false
    public init(entry: WaitlistEntry, index: Int) {
        entryID = entry.id
        name = entry.name
        party = entry.partySize
        self.index = index
    }
}

/// A one-field question: move table, new time, party size, notes, go to date, the day's shift notes.
public struct PromptForm: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case moveTable(UUID), changeTime(UUID), changeParty(UUID), editNotes(UUID), gotoDate
        /// The shift notes of this service day (managers).
        case shiftNote(LocalDate)
        /// `:staff`, `N`: a staff account's new display name.
        case renameStaff(String)
        /// `:guests`, `a`: a guest put on file without a booking ("Nora Vidal 611 000 111 nora@mail.es").
        case newGuest
        /// `:venue`: a setting's value, a turn or a service changed or added (`VenuePrompt`).
        case venue(VenuePrompt)
    }
    public var kind: Kind
    public var field: TextField
    public var error: String? = nil
    public init(kind: Kind, text: String = "") {
        self.kind = kind
        field = TextField(text, maxLength: kind.isShiftNote ? ShiftNote.maxLength : (kind.isNotes ? 500 : 40))
        // Typing a new table, time or party replaces the current one ("T3T14" before); notes are added to, and
        // so is a new combination's first table (`T4+`, the manager types the rest).
        if !kind.isAddedTo { field.selectAll() }
    }

    public var title: String {
        switch kind {
        case .moveTable: "Move to table"
        case .changeTime: "New time"
        case .changeParty: "Party size"
        case .editNotes: "Notes"
        case .gotoDate: "Go to date"
        case .shiftNote(let d): "Shift notes \(DateInput.short(d))"
        case .renameStaff(let user): "New name for \(user)"
        case .newGuest: "New guest"
        case .venue(let v): v.title
        }
    }

    public var hint: String {
        switch kind {
        case .moveTable: "a table label, e.g. T12"
        case .changeTime: "19:30, 7:30pm, 1930"
        case .changeParty: "1-99"
        case .editNotes: "free text"
        case .gotoDate: "today, tomorrow, fri, 24/12, 2026-12-24, +3"
        case .shiftNote: "one line for every terminal's header; empty removes it"
        case .renameStaff: "as screens and the audit log show it"
        case .newGuest: "name, phone, e-mail if given: Nora Vidal 611 000 111"
        case .venue(let v): v.hint
        }
    }
}

extension PromptForm.Kind {
    var isNotes: Bool {
        switch self {
        case .editNotes, .shiftNote: true
        default: false
        }
    }
    var isShiftNote: Bool { if case .shiftNote = self { true } else { false } }
    var isAddedTo: Bool {
        if case .venue(let v) = self, case .newCombination = v.target { return true }
        return isNotes
    }
}

/// What a yes/no question does on yes.
public enum ConfirmAction: Sendable, Hashable {
    case cancelReservation(UUID)
    case noShow(UUID)
    case complete(UUID)
    /// Seating a party earlier than `ActionWindows.seatWithoutAskingMinutes` before its time.
    case seatEarly(UUID)
    case removeWaitlist(Int64)
    /// A manager books the refused request past the pacing limit (audited with the override).
    case bookOverPacing(BookingRequest)
    /// A manager merges guest `drop` into `keep`.
    case mergeGuests(keep: CustomerID, drop: CustomerID)
    /// `X`: the table (by label) out of service now, or back in service.
    case tableService(String, inService: Bool)
    /// `:staff`: an account disabled or enabled, or given another role.
    case changeStaff(String, StaffChange)
    /// `:guests`, `X`: a guest's personal data erased on their request (managers; the core's one rule).
    case eraseGuest(CustomerID)
    /// `:close` (or `:floor`'s `O` for a table) over live bookings: close anyway (they stay booked; the
    /// manager calls them or moves them).
    case closeAnyway(table: String?, from: LocalDate, to: LocalDate, reason: String)
    /// `:venue`: a change that leaves live bookings outside the new rules, saved anyway.
    case changeVenueAnyway([VenueEdit])
    /// `:venue`, `x`: a service or a turn taken out.
    case changeVenue([VenueEdit])
    /// `:venue` or `:floor`, `x` on a closure: the venue (or the table) opens on those days again.
    case openAgain(LocalDate, table: String?)
    case discardForm
    case quit
}

public struct ConfirmPrompt: Sendable, Hashable {
    public var question: String
    public var action: ConfirmAction
    public init(_ question: String, _ action: ConfirmAction) {
        self.question = question
        self.action = action
    }
}

/// `:` command line.
public struct CommandLineState: Sendable, Hashable {
    public var field = TextField(maxLength: 200)
    /// Candidates for the word under the cursor, cycled by Tab.
    public var completions: [String] = []
    public var completionIndex = 0
    public var history: [String] = []
    public init() {}
}

/// `/` incremental guest search. It exists only while its line is open and owns the keys: `Enter` or
/// `Esc` ends it, so no key after it is read as a search key (docs/tui.md, "Search").
public struct SearchState: Sendable, Hashable {
    public var field = TextField(maxLength: 80)
    /// The day's reservations whose guest matches, the most likely first (`AppState.matches`).
    public var matches: [UUID] = []
    public var matchIndex = 0
    /// Guests found in the whole customer book for the current fragment.
    public var customers: [Customer] = []
    public var customerIndex: Int? = nil
    public init() {}
}

public enum Overlay: Sendable, Hashable {
    case help(scroll: Int)
    /// Enter on a floor table: its bookings of the day.
    case tableBookings(TableID, index: Int)
    /// Enter on a block: what can be done to it.
    case actions(UUID)
    case booking(BookingForm)
    case walkIn(WalkInForm)
    case waitlist(index: Int)
    /// `s` on a waitlist entry: which table to seat them at.
    case waitlistSeat(WaitlistSeatForm)
    /// `o`: parties past their booking time, not seated (`AppState.lateArrivals`).
    case lateArrivals(index: Int)
    case prompt(PromptForm)
    /// A yes/no question over whatever was open before.
    indirect case confirm(ConfirmPrompt, under: Overlay?)
    /// After sign-in, for staff who work at several venues and started without `--restaurant`.
    case venuePicker([Restaurant], index: Int)
    /// `d`: a booking's every change.
    case history(HistoryPanel)
    /// `E`: a guest's profile.
    case guestEdit(GuestEditForm)
    /// `:staff`, `:audit`, `:guests`.
    case admin(AdminScreen)
    /// `:reports` (managers and admins).
    case reports(ReportScreen)
}
