import Foundation
import ReservationDomain

/// I/O the UI asks for. The runner performs each one (against ReservationBook, Redis, the theme
/// directory) and feeds the result back as a `Msg`; `update` itself never does I/O.
public enum Effect: Sendable, Hashable {
    case login(username: String, password: String)
    /// The signed-in account as it is now (`ReservationBook.currentStaff`); answered with `.accountChecked`.
    case checkAccount(StaffID)
    /// The rows of an admin screen at this venue (`:staff`, `:audit`, `:guests`, the last with its search);
    /// answered with `.adminLoaded`.
    case loadAdmin(AdminScreen.Kind, RestaurantID, filter: String)
    /// A report of this venue (`.venues`: every venue the reader may see); answered with `.reportLoaded`.
    case loadReport(ReportKind, RestaurantID, ReportRange)
    /// A staff account changed (`ReservationBook.changeStaff`); answered with `.staffChanged`.
    case changeStaff(username: String, StaffChange)
    /// The venue shut on those days (`ReservationBook.addClosure`), or only `table` (`addTableClosure`);
    /// answered with `.closureChanged`.
    case addClosure(RestaurantID, table: String?, from: LocalDate, to: LocalDate, reason: String, strandingBookings: Bool)
    /// `:venue`: details or rules changed (`ReservationBook.changeVenue`); answered with `.venueChanged`.
    case changeVenue(RestaurantID, [VenueEdit], strandingBookings: Bool)
    /// The closure starting that day taken back (the venue's, or `table`'s); answered with `.closureChanged`.
    case removeClosure(RestaurantID, table: String?, LocalDate)
    /// A guest record's personal data erased (`ReservationBook.eraseGuest`); answered with `.guestErased`.
    case eraseGuest(RestaurantID, CustomerID)
    /// Nobody is signed in any more: the worker forgets the account.
    case signOut
    /// The signed-in staff member's venues; answered with `.venuesLoaded`.
    case loadVenues
    /// From now on this terminal works on this venue (leases, live updates).
    case selectVenue(Restaurant)
    case loadDay(RestaurantID, LocalDate)
    case checkHealth
    case loadAvailability(RestaurantID, LocalDate, party: Int)
    /// Why the core would refuse that time whatever the tables (`ReservationBook.timeProblem`); `.timeExplained`.
    case explainTime(RestaurantID, TimeQuery)
    case searchCustomers(RestaurantID, fragment: String)
    case loadCustomerHistory(CustomerID)
    /// A booking's every change (`ReservationBook.history`), or a guest's profile's (`guestHistory`);
    /// answered with `.historyLoaded`.
    case loadHistory(HistorySubject)
    /// A new venue (`ReservationBook.createVenue`, admins); answered with `.venueCreated`.
    case createVenue(slug: String, name: String, timeZone: String)
    /// A guest put on file without a booking (`ReservationBook.addGuest`); answered with `.guestAdded`.
    case addGuest(RestaurantID, name: String, phone: String, email: String?)
    /// A guest's profile changed (`ReservationBook.updateGuest`); answered with `.guestUpdated`.
    case updateGuest(CustomerID, GuestUpdate)
    /// The guest's live bookings that day (a warning before booking them again); `.guestDayLoaded`.
    case loadGuestDay(CustomerID, LocalDate)
    case book(BookingRequest)
    /// Reads back a booking whose save was cut off (`ReservationError.outcomeUnknown`), once the database
    /// answers, waiting through the outage; answered with `.bookingSettled`.
    case settleBooking(UUID)
    /// Covers per 15-minute slot of that day (`ReservationBook.pacing`), for the booking form; `.pacingLoaded`.
    case loadPacing(RestaurantID, LocalDate)
    /// The guest's likely duplicates (`ReservationBook.guestDuplicates(of:)`); `.guestDuplicatesLoaded`.
    case loadGuestDuplicates(CustomerID)
    /// A manager merges guest `drop` into `keep` (`ReservationBook.mergeGuests`); `.guestsMerged`.
    case mergeGuests(RestaurantID, keep: CustomerID, drop: CustomerID)
    /// A table out of service now or back (`ReservationBook.setTableInService`); `.tableServiceChanged`.
    case setTableService(RestaurantID, label: String, inService: Bool)
    case apply(ReservationAction, UUID)
    case change(UUID, ReservationChange)
    /// Takes back the last status change of this booking (`ReservationBook.undo`); answered with `.undone`.
    case undo(UUID)
    /// `table`: the one the walk-in form showed (nil: the core's best fit); `leaveBy`: a stay cut short at the
    /// table's next booking (`WalkInPlan.leaveBy`).
    case walkIn(RestaurantID, party: Int, name: String?, table: String?, leaveBy: Date? = nil)
    case addWaitlist(RestaurantID, name: String, phone: String?, party: Int, quotedMinutes: Int)
    /// `table`: the one the seat form showed (nil: the core's best fit).
    case seatWaitlist(Int64, table: String?, leaveBy: Date? = nil)
    case notifyWaitlist(Int64)
    case removeWaitlist(Int64)
    /// One place up (true) or down in the host's order of the waitlist.
    case moveWaitlist(Int64, up: Bool)
    /// Marks who of the party is here (`ReservationBook.setArrival`); answered with `.arrivalChanged`.
    case setArrival(UUID, ArrivalState)
    /// Writes the day's shift notes (managers; the core checks); answered with `.shiftNoteSaved`.
    case setShiftNote(RestaurantID, LocalDate, String)
    /// A table, or a combination's tables (first table first), held as one lease.
    case acquireLease(RestaurantID, [TableID], start: Date, end: Date)
    case renewLease(token: String)
    case releaseLease(token: String)
    /// Load `themes/NAME.toml`; answer with `.themeLoaded` or `.failed`.
    case loadTheme(String)
    case quit

    /// Writes to the book; refused in read-only mode before they are ever emitted.
    public var isWrite: Bool {
        switch self {
        case .book, .addGuest, .createVenue, .updateGuest, .eraseGuest, .changeStaff, .addClosure, .removeClosure, .changeVenue, .mergeGuests, .setTableService, .apply, .change, .undo, .walkIn, .addWaitlist, .seatWaitlist, .notifyWaitlist, .removeWaitlist,
             .moveWaitlist, .setArrival, .setShiftNote, .acquireLease, .renewLease:
            true
        default:
            false
        }
    }
}
