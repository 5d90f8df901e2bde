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

/// The phone booking form (`n`, or Enter on a free timeline cell).
public struct BookingForm: Sendable, Hashable {
    public enum Field: Int, CaseIterable, Sendable, Hashable {
        // E-mail after the notes, not after the phone: Enter books from any field, so no counted flow Tabs
        // through it (docs/tui.md, key counts), and table and notes stay one and two Tabs from the party.
        case guest, name, phone, date, time, party, table, notes, email, hold

        public var label: String {
            switch self {
            case .guest: "Guest"
            case .name: "Name"
            case .phone: "Phone"
            case .date: "Date"
            case .time: "Time"
            case .party: "Party"
            case .email: "E-mail"
            case .table: "Table"
            case .notes: "Notes"
            case .hold: "Status"
            }
        }
    }

    public var focus: Field = .guest
    /// Phone or name fragment to look a guest up as it is typed.
    public var guest = TextField(maxLength: 80)
    public var matches: [Customer] = []
    /// The fragment a lookup was asked for and not yet answered.
    public var lookupPending: String? = nil
    /// Keys pressed since ↓ or Enter reached the guest field while its lookup was unanswered, in order:
    /// they are handled when the answer comes, as if it had come at once. So a burst lands in the same
    /// fields however fast the database answers (issue 8, item 12: ↓ used to move to the next field or
    /// into the match list depending on the answer's timing, and every key after it landed one field off).
    public var awaitingLookup: [Key]? = nil
    /// Highlighted row of `matches`; picking it makes it `chosen`.
    public var matchIndex: Int? = nil
    public var chosen: Customer? = nil
    /// For a new guest.
    public var name = TextField(maxLength: 120)
    public var phone = TextField(maxLength: 32)
    public var date: TextField
    public var time: TextField
    public var party: TextField
    public var notes = TextField(maxLength: 500)
    /// The guest's address for the confirmation and reminder mails; a chosen guest's is filled in.
    public var email = TextField(maxLength: 254)
    /// true: a pending hold that lapses after the venue's hold time; false: confirmed at once.
    public var hold = false
    /// Table preselected (Enter on a timeline cell) or picked from the free list.
    public var tableLabel: String?
    public var availability: AvailabilityResult? = nil
    /// The (date, party) the availability was asked for, so it is asked again only when they change.
    public var availabilityKey: String? = nil
    /// The typed date/time/party when they match no slot of the availability (`timeKey`), and the core's
    /// reason it would refuse them ("has already passed", "outside opening hours ..."), once it answered.
    public var timeProblemKey: String? = nil
    public var timeProblem: String? = nil
    /// Whether the core answered for `timeProblemKey` (nil `timeProblem` then means it can be booked).
    public var timeChecked = false
    public var lease: LeaseInfo? = nil
    /// Free in the availability answer, but since booked or being booked at another terminal (label → why):
    /// not offered (`TakenElsewhere`).
    public var takenElsewhere: [String: String] = [:]
    /// The free times nearest the typed one (the core's answer less what `takenElsewhere` would drop there):
    /// the hint beside "nothing free", so it never names a time Enter would refuse.
    public var nearby: [TimeOfDay] = []
    /// The lease asked for and not yet answered (table, start) so it is not asked twice.
    public var leaseWanted: String? = nil
    public var error: String? = nil
    public var submitting = false
    /// The phone typed is this guest's (the core said so): Enter books them, unless the phone is changed.
    public var phoneOwner: PhoneOwner? = nil
    /// The guest's other live bookings on the form's day (warned about before booking), and the
    /// "guest/date" they were asked for.
    public var sameDay: [BookEntry] = []
    public var sameDayKey: String? = nil
    /// Covers per slot of `pacingDate` (asked when the venue has a pacing limit), for the strip.
    public var pacing: Pacing? = nil
    public var pacingDate: LocalDate? = nil
    /// The request last sent, so a manager can send it again past the pacing limit when it is refused.
    public var submitted: BookingRequest? = nil

    public static func timeKey(_ d: LocalDate, _ t: TimeOfDay, _ party: Int) -> String { "\(d)/\(t)/\(party)" }

    /// The guest this booking will go to when it is one on file.
    public var guestOnFile: CustomerID? {
        if let c = chosen { return c.id }
        if let o = phoneOwner, o.typed == phone.trimmed { return o.customerID }
        return nil
    }

    public init(date: LocalDate, time: TimeOfDay? = nil, party: Int? = nil, tableLabel: String? = nil) {
        self.date = TextField(date.description, maxLength: 20)
        self.time = TextField(time?.description ?? "", maxLength: 12)
        self.party = TextField(party.map(String.init) ?? "", maxLength: 6)
        self.tableLabel = tableLabel
    }

    /// Whether a host typed anything worth asking about before throwing it away.
    public var hasInput: Bool {
        !guest.isEmpty || !name.isEmpty || !phone.isEmpty || !notes.isEmpty || chosen != nil || !party.isEmpty || !email.isEmpty
    }

    /// Chooses `c` as the guest, with their address in the e-mail field.
    mutating func choose(_ c: Customer) {
        chosen = c
        email.set(c.email ?? "")
    }

    /// The e-mail the booking records: nil when none was typed or it is the one on file already.
    var emailToRecord: String? {
        let typed = email.trimmed
        return typed.isEmpty || typed == chosen?.email ? nil : typed
    }

    /// Fields visible now: name and phone only for a new guest.
    public var fields: [Field] {
        chosen == nil ? Field.allCases : Field.allCases.filter { $0 != .name && $0 != .phone }
    }
}

/// Whose a phone typed for a new guest turned out to be.
public struct PhoneOwner: Sendable, Hashable {
    public var customerID: CustomerID
    public var name: String
    /// The phone as typed when the core answered; editing it drops the offer.
    public var typed: String
    public init(customerID: CustomerID, name: String, typed: String) {
        self.customerID = customerID
        self.name = name
        self.typed = typed
    }
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
    }
    public var kind: Kind
    public var field: TextField
    public var error: String? = nil
    public init(kind: Kind, text: String = "") {
        self.kind = kind
        field = TextField(text, maxLength: kind.isShiftNote ? ShiftNote.maxLength : (kind.isNotes ? 500 : 40))
        // Typing a new table, time or party replaces the current one ("T3T14" before); notes are added to.
        if !kind.isNotes { field.selectAll() }
    }

    public var title: String {
        switch kind {
        case .moveTable: "Move to table"
        case .changeTime: "New time"
        case .changeParty: "Party size"
        case .editNotes: "Notes"
        case .gotoDate: "Go to date"
        case .shiftNote(let d): "Shift notes \(DateInput.short(d))"
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
}
