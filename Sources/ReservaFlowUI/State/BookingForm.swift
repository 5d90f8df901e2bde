import Foundation
import ReservationDomain

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
    /// The day and party the availability was asked for, so it is asked again only when they change.
    public var availabilityQuery: AvailabilityQuery? = nil
    /// The typed date, time and party when they match no slot of the availability, and the core's reason it
    /// would refuse them ("has already passed", "outside opening hours ..."), once it answered.
    public var timeQuery: TimeQuery? = nil
    public var timeProblem: String? = nil
    /// Whether the core answered `timeQuery` (nil `timeProblem` then means it can be booked).
    public var timeChecked = false
    public var lease: LeaseInfo? = nil
    /// Free in the availability answer, but since booked or being booked at another terminal (label → why):
    /// not offered (`TakenElsewhere`).
    public var takenElsewhere: [String: String] = [:]
    /// The free times nearest the typed one (the core's answer less what `takenElsewhere` would drop there):
    /// the hint beside "nothing free", so it never names a time Enter would refuse.
    public var nearby: [TimeOfDay] = []
    /// The lease asked for (answered or not), so it is not asked twice.
    public var leaseWanted: LeaseRequest? = nil
    public var error: String? = nil
    public var submitting = false
    /// Sent while the database did not answer, and being sent again (`Msg.bookingWaiting`): other queries
    /// failing meanwhile (the database is down for them too) leave the form waiting, its lease held.
    public var waitingForDatabase = false
    /// The phone typed is this guest's (the core said so): Enter books them, unless the phone is changed.
    public var phoneOwner: PhoneOwner? = nil
    /// The guest's other live bookings on the form's day (warned about before booking), and the guest and
    /// day they were asked for.
    public var sameDay: [BookEntry] = []
    public var sameDayQuery: GuestDayQuery? = nil
    /// Covers per slot of `pacingDate` (asked when the venue has a pacing limit), for the strip.
    public var pacing: Pacing? = nil
    public var pacingDate: LocalDate? = nil
    /// The request last sent, so a manager can send it again past the pacing limit when it is refused.
    public var submitted: BookingRequest? = nil

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

/// One choice of the booking form's table row: a table, or a combination of tables.
public struct SeatOption: Hashable, Sendable {
    public var label: String
    public var minCovers: Int
    public var maxCovers: Int
}

extension BookingForm {
    /// What the table row offers at `time` (the form's, parsed): the free tables, or where none is free, the
    /// free combinations ("T4+T5"), best fit first, as the core would choose. nil until the availability
    /// answered and a time is typed.
    public func freeSeats(at time: TimeOfDay?) -> [SeatOption]? {
        guard let a = availability, let time else { return nil }
        guard let slot = a.slot(at: time) else { return [] }
        return Self.seats(in: slot, takenElsewhere: takenElsewhere)
    }

    /// `freeSeats(at:)` at the typed time, read against the day's service span.
    public func freeSeats(service: ClosedRange<Int>?) -> [SeatOption]? {
        freeSeats(at: TimeInput.parse(time.text, service: service))
    }

    /// A slot's seats less those the loaded day shows taken or held elsewhere (a combination with any of its
    /// tables too): what the table row offers at that time, and what makes a time worth naming as "nearest".
    static func seats(in slot: Slot, takenElsewhere: [String: String]) -> [SeatOption] {
        let tables = slot.tables.filter { takenElsewhere[$0.label] == nil }
        if !tables.isEmpty { return tables.map { SeatOption(label: $0.label, minCovers: $0.minCovers, maxCovers: $0.maxCovers) } }
        guard slot.tables.isEmpty else { return [] }
        return slot.combinations.filter { !$0.labels.contains { takenElsewhere[$0] != nil } }
            .map { SeatOption(label: $0.label, minCovers: $0.minCovers, maxCovers: $0.maxCovers) }
    }

    /// The table (or combination) the booking will go to: the one picked, else the best free one at `time`.
    public func effectiveTable(at time: TimeOfDay?) -> String? {
        if let tableLabel { return tableLabel }
        return freeSeats(at: time)?.first?.label
    }

    /// `effectiveTable(at:)` at the typed time, read against the day's service span.
    public func effectiveTable(service: ClosedRange<Int>?) -> String? {
        effectiveTable(at: TimeInput.parse(time.text, service: service))
    }

    /// Moves the focus to `field` with its text selected, so typing replaces a prefilled value (Date
    /// "2026-11-25" then "8:30pm" was "2026-11-258:30pm"); cursor keys keep it for editing.
    mutating func focus(on field: Field) {
        focus = field
        switch field {
        case .guest: guest.selectAll()
        case .name: name.selectAll()
        case .phone: phone.selectAll()
        case .date: date.selectAll()
        case .time: time.selectAll()
        case .party: party.selectAll()
        case .email: email.selectAll()
        case .notes, .table, .hold: break  // notes are added to, not retyped
        }
    }

    /// One or two digits (or a "+") so far: the start of a phone, not a name.
    static func startsLikePhone(_ s: String) -> Bool {
        !s.isEmpty && s.allSatisfy { $0.isNumber || $0 == "+" || $0 == " " || $0 == "-" }
    }

    static func looksLikePhone(_ s: String) -> Bool {
        let digits = s.filter(\.isNumber).count
        return digits >= 3 && s.allSatisfy { $0.isNumber || $0 == "+" || $0 == " " || $0 == "-" }
    }
}
