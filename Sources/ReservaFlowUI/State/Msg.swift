import Foundation
import ReservationDomain

/// Everything that can happen to the UI: input, time, and the results of effects the runner performed.
public enum Msg: Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(Size)
    /// The clock moved (the runner sends one every few seconds, and on wake-ups).
    case tick(Date)

    case loggedIn(StaffMember)
    /// The signed-in account was changed by a manager (the live feed): read it again.
    case accountChanged
    /// The signed-in account as it is now; nil: disabled.
    case accountChecked(StaffMember?)
    /// The venues the signed-in staff member works at (for the venue picker).
    case venuesLoaded([Restaurant])
    case loginFailed(ReservationError)
    /// Signed in, but not a member of the venue named at launch (`--restaurant`).
    case notAtVenue(staff: String, venue: String)
    case dayLoaded(DaySheet)
    case healthChanged(Health)
    case availabilityLoaded(AvailabilityResult)
    /// The core's reason the form's time cannot be booked at all, nil when it can.
    case timeExplained(TimeQuery, reason: String?)
    case customersFound(fragment: String, [Customer])
    case customerHistoryLoaded(CustomerID, [BookEntry])
    case historyLoaded(HistorySubject, [HistoryEvent])
    case guestUpdated(Customer)
    /// `:venue`, `n`: the new venue, which the terminal opens.
    case venueCreated(Restaurant)
    /// `:guests`, `a`: the guest put on file.
    case guestAdded(Customer)
    /// `filter`: the search the rows answer (`:guests` asks the core as the host types; an answer to what was
    /// typed before is dropped).
    case adminLoaded(AdminScreen.Kind, AdminRows, filter: String = "")
    case reportLoaded(Report)
    case staffChanged(StaffMember)
    /// A guest record erased, and how many of their bookings were cancelled (and mailed) first.
    case guestErased(CustomerID, cancelled: Int)
    /// A closure added (with the bookings left on its days) or taken back.
    case closureChanged(ClosureChange)
    /// `:venue`: a change saved (`ReservationBook.changeVenue`).
    case venueChanged(VenueChange)
    case guestDayLoaded(CustomerID, LocalDate, [BookEntry])
    case booked(BookingOutcome)
    /// The database did not answer when the booking was sent (nothing was written): it is sent again as
    /// soon as the database answers, for a while; the form waits, its input kept.
    case bookingWaiting
    /// The booking waited for the database as long as it may and was not sent: not booked.
    case bookingNotSent(ReservationError)
    /// A booking whose save was cut off, read back: there (saved after all) or nil (never saved).
    case bookingSettled(UUID, BookEntry?)
    case pacingLoaded(LocalDate, Pacing)
    case guestDuplicatesLoaded(CustomerID, [GuestDuplicate])
    case guestsMerged(GuestMerge)
    case tableServiceChanged(TableServiceChange)
    /// A booking for a new guest was refused: the phone is `guest`'s (`ReservationError.phoneBelongsToGuest`).
    /// The host chooses: that guest, or another number.
    case phoneBelongsToGuest(phone: String, guest: String, customerID: CustomerID, message: String)
    /// A change (table, time, party, notes) was applied; the entry as it is now.
    case reservationUpdated(BookEntry)
    /// A status action was applied: the entry as it is now, and `u` can take it back for a while.
    case statusChanged(BookEntry)
    /// A status change was taken back; the entry as it is again.
    case undone(UndoOutcome)
    /// An arrival mark was set (`v`); `u` can take it back for a while, like a status change.
    case arrivalChanged(BookEntry)
    /// The day's shift notes were written (nil: removed).
    case shiftNoteSaved(LocalDate, ShiftNote?)
    case walkInResult(WalkInOutcome)
    /// A waitlist operation finished.
    case waitlistUpdated(WaitlistUpdate)
    case leaseAcquired(LeaseInfo)
    /// The table this form holds lost its lease (it lapsed, or Redis forgot it): pick the table again.
    case leaseLapsed
    /// Leases seen by everyone changed (Redis keyspace or polling).
    case leasesChanged([LeaseInfo])
    /// Another terminal changed this venue's book (LISTEN/NOTIFY); nil date: unknown, reload.
    case changeFeed(date: LocalDate?)
    /// The change feed's connection came up or went down: the header says so at once, not at the next
    /// periodic health check.
    case liveUpdates(Bool)
    case themeLoaded(Theme)
    /// An effect failed, typed; the UI words it (`podiumText`).
    case failed(ReservationError)
}

public enum ClosureChange: Sendable, Hashable {
    case added(ClosureOutcome)
    case removed(Closure)
    case tableAdded(TableClosureOutcome)
    case tableRemoved(TableClosure)

    var podiumText: String {
        switch self {
        case .added(let o):
            let c = o.closure
            let left = o.stranded.isEmpty ? "" : " \(o.stranded.count) booking\(o.stranded.count == 1 ? " is" : "s are") still on those days: call them."
            return "Closed \(c.span)\(c.reason.isEmpty ? "" : " (\(c.reason))"): nothing more is booked then.\(left)"
        case .removed(let c):
            return "Open again \(c.span)."
        case .tableAdded(let o):
            let left = o.stranded.isEmpty ? "" : " \(o.stranded.count) booking\(o.stranded.count == 1 ? " is" : "s are") still on it: move them."
            return "\(o.closure.summary): nothing is booked on it then.\(left)"
        case .tableRemoved(let c):
            return "\(c.label) is back in service \(c.days.span)."
        }
    }
}

/// What a waitlist effect did.
public enum WaitlistUpdate: Sendable, Hashable {
    case added(WaitlistEntry)
    case seated(BookEntry)
    case notified(WaitlistEntry)
    case removed(WaitlistEntry)
    case moved(WaitlistEntry, up: Bool)
}
