import Foundation
import ReservationCore

/// Everything that can happen to the UI: input, time, and the results of effects the runner performed.
public enum Msg: Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(Size)
    /// The clock moved (the runner sends one every few seconds, and on wake-ups).
    case tick(Date)

    case loggedIn(StaffMember)
    /// The venues the signed-in staff member works at (for the venue picker).
    case venuesLoaded([Restaurant])
    case loginFailed(String)
    case dayLoaded(DaySheet)
    case healthChanged(Health)
    case availabilityLoaded(AvailabilityResult)
    /// The core's reason a (date/time/party) `key` cannot be booked at all, nil when it can.
    case timeExplained(key: String, reason: String?)
    case customersFound(fragment: String, [Customer])
    case customerHistoryLoaded(CustomerID, [BookEntry])
    case guestDayLoaded(CustomerID, LocalDate, [BookEntry])
    case booked(BookingOutcome)
    /// A booking for a new guest was refused: the phone is `guest`'s (`ReservationError.phoneBelongsToGuest`).
    /// The host chooses: that guest, or another number.
    case phoneBelongsToGuest(phone: String, guest: String, customerID: CustomerID, message: String)
    /// A change (table, time, party, notes) was applied; the entry as it is now.
    case reservationUpdated(BookEntry)
    /// A status action was applied: the entry as it is now, and `u` can take it back for a while.
    case statusChanged(BookEntry)
    /// A status change was taken back; the entry as it is again.
    case undone(BookEntry)
    case walkInResult(WalkInOutcome)
    /// A waitlist operation finished; the text says what happened ("Seated Pérez at T4").
    case waitlistUpdated(String)
    case leaseAcquired(LeaseInfo)
    /// Leases seen by everyone changed (Redis keyspace or polling).
    case leasesChanged([LeaseInfo])
    /// Another terminal changed this venue's book (LISTEN/NOTIFY); nil date: unknown, reload.
    case changeFeed(date: LocalDate?)
    /// The change feed's connection came up or went down: the header says so at once, not at the next
    /// periodic health check.
    case liveUpdates(Bool)
    case themeLoaded(Theme)
    /// An effect failed; the one-line message to show (ReservationError.description).
    case failed(String)
}
