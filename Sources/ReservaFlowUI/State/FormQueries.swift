import Foundation
import ReservationDomain

// The questions the booking form asks the book, as values: each is kept in the form when asked, and an
// answer is taken only while the form still wants the same one (the host may have typed on meanwhile).

/// The free tables for one day and party (`Effect.loadAvailability`).
public struct AvailabilityQuery: Sendable, Hashable {
    public var date: LocalDate
    public var party: Int
    public init(date: LocalDate, party: Int) {
        self.date = date
        self.party = party
    }
    /// The question `result` answers.
    public init(answeredBy result: AvailabilityResult) { self.init(date: result.date, party: result.partySize) }
}

/// Why a time the day's slots do not offer cannot be booked at all (`Effect.explainTime`).
public struct TimeQuery: Sendable, Hashable {
    public var date: LocalDate
    public var time: TimeOfDay
    public var party: Int
    public init(date: LocalDate, time: TimeOfDay, party: Int) {
        self.date = date
        self.time = time
        self.party = party
    }
}

/// A guest's other live bookings that day (`Effect.loadGuestDay`).
public struct GuestDayQuery: Sendable, Hashable {
    public var guest: CustomerID
    public var date: LocalDate
    public init(guest: CustomerID, date: LocalDate) {
        self.guest = guest
        self.date = date
    }
}

/// The hold the form wants on the table (or every table of a combination) about to be booked.
public struct LeaseRequest: Sendable, Hashable {
    /// The first table first: the lease is known by it.
    public var tables: [TableID]
    public var start: Date
    public var end: Date
    public init(tables: [TableID], start: Date, end: Date) {
        self.tables = tables
        self.start = start
        self.end = end
    }

    /// Whether `lease` is the answer to this request: the core names a lease by its first table and start
    /// (to the second, as Redis keeps it).
    public func isAnswered(by lease: LeaseInfo) -> Bool {
        tables.first == lease.tableID && Int(start.timeIntervalSince1970) == Int(lease.start.timeIntervalSince1970)
    }
}

/// The form's date, time and party as the host typed them, read once for an update or a frame (nil where
/// the text is not one). Time is read against the day's services ("7:30" is 19:30 at a dinner venue).
public struct ParsedForm: Sendable, Hashable {
    public var date: LocalDate?
    public var time: TimeOfDay?
    public var party: Int?

    public init(date: LocalDate?, time: TimeOfDay?, party: Int?) {
        self.date = date
        self.time = time
        self.party = party
    }

    public var availability: AvailabilityQuery? {
        guard let date, let party else { return nil }
        return AvailabilityQuery(date: date, party: party)
    }

    public var timeQuery: TimeQuery? {
        guard let date, let time, let party else { return nil }
        return TimeQuery(date: date, time: time, party: party)
    }
}

extension BookingForm {
    public func parsed(today: LocalDate, service: ClosedRange<Int>?) -> ParsedForm {
        ParsedForm(date: DateInput.parse(date.text, today: today), time: TimeInput.parse(time.text, service: service),
                   party: PartyInput.parse(party.text))
    }
}

extension AppState {
    /// The open form's date, time and party as this state reads them (its today, its day's services).
    public func parsed(_ f: BookingForm) -> ParsedForm { f.parsed(today: today, service: day?.serviceSpan) }
}

extension Optional where Wrapped == Overlay {
    /// Changes the booking form in place when it is the one open (nothing happens otherwise), and returns
    /// what `body` returns, nil when no form is open. The form is taken out of the overlay meanwhile, so
    /// its arrays are changed where they are, not copied.
    @discardableResult
    mutating func withBookingForm<R>(_ body: (inout BookingForm) -> R) -> R? {
        guard case .booking(var f)? = self else { return nil }
        self = nil
        defer { self = .booking(f) }
        return body(&f)
    }

    /// The booking form, when it is the one open.
    var bookingForm: BookingForm? {
        if case .booking(let f)? = self { return f }
        return nil
    }
}
