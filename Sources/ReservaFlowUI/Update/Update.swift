import Foundation
import ReservationDomain

/// The pure heart of the UI: a message and the current state give the next state and the I/O to do.
public func update(_ state: AppState, _ msg: Msg) -> (AppState, [Effect]) {
    var s = state
    var fx: [Effect] = []
    s.handle(msg, &fx)
    if s.config.readOnly { fx.removeAll { $0.isWrite } }
    return (s, fx)
}

extension AppState {
    mutating func handle(_ msg: Msg, _ fx: inout [Effect]) {
        switch msg {
        case .key(let key):
            if staff == nil { loginKey(key, &fx) } else { mainKey(key, &fx) }
        case .mouse(let m):
            if staff != nil { mouse(m, &fx) }
        case .resize(let size):
            self.size = size
            ensureCursorVisible()
        case .tick(let now):
            tick(now, &fx)
        case .loggedIn(let member):
            staff = member
            login = LoginForm()
            // A note from the start (an unknown --theme, a terminal fallback) is kept, not overwritten.
            let note = message.map { " " + $0.text } ?? ""
            message = StatusMessage("Signed in as \(member.displayName) (\(member.role.rawValue)).\(note)")
            loading = true
            if config.pickVenue {
                fx.append(.loadVenues)
            } else {
                fx.append(.loadDay(config.restaurantID, date))
                fx.append(.checkHealth)
            }
        case .accountChanged:
            if let staff { fx.append(.checkAccount(staff.id)) }
        case .accountChecked(let member):
            accountChecked(member, &fx)
        case .venuesLoaded(let venues):
            venuesLoaded(venues, &fx)
        case .loginFailed(let error):
            loginRefused(error.podiumText)
        case .notAtVenue(let staff, let venue):
            loginRefused("\(staff) does not work at \(venue). Ask a manager to add it to your account.")
        case .dayLoaded(let sheet):
            dayLoaded(sheet, &fx)
            replayTypeAhead(&fx)
        case .healthChanged(let h):
            health = h
        case .availabilityLoaded(let result):
            availabilityLoaded(result, &fx)
        case .timeExplained(let query, let reason):
            timeExplained(query, reason: reason)
        case .customersFound(let fragment, let customers):
            customersFound(fragment, customers, &fx)
        case .historyLoaded(let id, let events):
            if case .history(var panel) = overlay, panel.subject == id {
                panel.events = events
                overlay = .history(panel)
            }
        case .guestUpdated(let guest):
            guestUpdated(guest, &fx)
        case .reportLoaded(let report):
            reportLoaded(report)
        case .adminLoaded(let kind, let rows, let filter):
            adminLoaded(kind, rows, filter: filter, &fx)
        case .staffChanged(let member):
            staffChanged(member, &fx)
        case .guestErased(let id, let cancelled):
            guestErased(id, cancelled: cancelled, &fx)
        case .venueChanged(let change):
            venueChanged(change, &fx)
        case .venueCreated(let r):
            venueCreated(r, &fx)
        case .guestAdded(let c):
            guestAdded(c, &fx)
        case .closureChanged(let change):
            closureAsked = nil
            if let list = venuePromptList { overlay = list }
            message = StatusMessage(change.podiumText)
            reloadFloorScreens(&fx)
            reload(&fx)
        case .customerHistoryLoaded(let id, let history):
            if customer?.customer.id == id { customer?.history = history }
        case .booked(let outcome):
            booked(outcome, &fx)
        case .bookingWaiting:
            bookingWaiting()
        case .bookingSettled(let id, let entry):
            bookingSettled(id, entry, &fx)
        case .pacingLoaded(let d, let pacing):
            pacingLoaded(d, pacing)
        case .guestDuplicatesLoaded(let id, let list):
            if customer?.customer.id == id { customer?.duplicates = list }
        case .guestsMerged(let m):
            guestsMerged(m, &fx)
        case .tableServiceChanged(let change):
            message = StatusMessage(change.summary)
            reloadFloorScreens(&fx)
            closeAfterChange(&fx)
        case .phoneBelongsToGuest(let phone, let guest, let id, let text):
            phoneBelongsToGuest(phone: phone, guest: guest, customerID: id, message: text, &fx)
        case .guestDayLoaded(let id, let date, let entries):
            guestDayLoaded(id, date, entries)
        case .reservationUpdated(let entry):
            message = StatusMessage("\(describe(entry)): \(entry.reservation.status.label).")
            closeAfterChange(&fx)
        case .statusChanged(let entry):
            let summary = "\(describe(entry)): \(entry.reservation.status.label)"
            offerUndo(entry.id, summary: summary, saying: summary + ".")
            closeAfterChange(&fx)
        case .undone(.restored(let entry)):
            undoable = nil
            // An arrival mark undone says what the party is again ("confirmed, partly arrived").
            let arrival = entry.reservation.waitingArrival
            message = StatusMessage("Undone: \(describe(entry)) is \(entry.reservation.status.label)\(arrival == .none ? "" : ", \(arrival.label)") again.")
            closeAfterChange(&fx)
        case .undone(.withdrawn(let entry, let waiting)):
            undoable = nil
            if selectedReservation == entry.id { selectedReservation = nil }
            let again = waiting.map { " \($0.name) ×\($0.partySize) is on the waitlist again." } ?? ""
            message = StatusMessage("Undone: the seating of \(describe(entry)) is withdrawn; \(entry.seatLabel) is free.\(again)")
            closeAfterChange(&fx)
        case .walkInResult(let outcome):
            walkInResult(outcome, &fx)
        case .waitlistUpdated(let update):
            message = StatusMessage(update.podiumText)
            if case .seated(let e) = update { seatingMade(e, summary: update.podiumText + ".") }
            // Added from inside the list: back to it, on the new entry (it is last).
            if case .walkIn(let f) = overlay { overlay = f.listIndex.map { _ in .waitlist(index: activeWaitlist.count) } }
            // Seated: back to the list, on the row that took the seated party's place.
            if case .waitlistSeat(let f) = overlay { overlay = .waitlist(index: max(0, min(f.index, activeWaitlist.count - 2))) }
            reload(&fx)
        case .arrivalChanged(let entry):
            let summary = "\(describe(entry)): \(entry.reservation.arrival.label)"
            offerUndo(entry.id, summary: summary, saying: summary + ".")
            closeAfterChange(&fx)
        case .shiftNoteSaved(let d, let note):
            message = StatusMessage(note == nil ? "Shift notes for \(DateInput.short(d)) removed." : "Shift notes for \(DateInput.short(d)) saved.")
            if date == d { day?.sheet.shiftNote = note }
            closeAfterChange(&fx)
        case .leaseAcquired(let lease):
            leaseAcquired(lease, &fx)
        case .leasesChanged(let leases):
            day?.sheet.leases = leases
            bookingFormChanged(&fx)  // a table another terminal just took is no longer offered
        case .changeFeed(let changed):
            if changed == nil || changed == date { reload(&fx) }
        case .liveUpdates(let on):
            liveUpdates = on
        case .themeLoaded(let t):
            theme = t
            message = StatusMessage("Theme \(t.name).")
        case .leaseLapsed:
            // A booking waiting for the database takes its tables under its own token when it is sent again
            // (its renewals waited with it): the lapsed hold is no failure of the booking.
            if overlay.bookingForm?.waitingForDatabase == true { overlay.withBookingForm { $0.lease = nil }; break }
            failed("The table hold lapsed; pick the table again.", &fx)
        case .bookingNotSent(let error):
            overlay.withBookingForm { $0.waitingForDatabase = false }
            failed(error.podiumText, &fx)
        case .failed(let error):
            // A query of the form's (availability, the time's check, the lease) failing while its booking
            // waits for the database is that same outage: the booking is still being sent, and letting go of
            // the form's lease now would have the re-sent booking refused as held by this very terminal.
            if case .databaseUnavailable = error, overlay.bookingForm?.waitingForDatabase == true { break }
            if case .accountDisabled = error { accountChecked(nil, &fx); break }
            if guestEditRefused(error) { break }
            if case .invalid("bookings", let text) = error, venueWouldStrand(text) { break }
            if case .invalid("closure", let text) = error, let ask = closureAsked {
                closureAsked = nil
                overlay = .confirm(ConfirmPrompt(text + " Close anyway? (y/n)", ask), under: venuePromptList)
                break
            }
            if venueRefused(error, &fx) { break }
            if newGuestRefused(error) { break }
            if case .overPacing = error, offerPacingOverride(error) { break }
            if case .outcomeUnknown(_, let id?) = error { bookingUnsettled(id, &fx); break }
            failed(error.podiumText, &fx)
            if error.lostTheTable { formLostItsTable(&fx) }
        }
    }

    /// The login box stays open with the reason, the password cleared for the next try.
    mutating func loginRefused(_ text: String) {
        login.busy = false
        login.error = text
        login.password.set("")
        login.focus = .password
    }

    /// "Garcia ×4 at T4 21:00".
    func describe(_ e: BookEntry) -> String {
        "\(e.customer.name) ×\(e.reservation.partySize) at \(e.seatLabel) \(clock.hhmm(e.reservation.startsAt))"
    }

    /// A change answered: the prompt or actions box that asked for it closes, and the day is read again.
    mutating func closeAfterChange(_ fx: inout [Effect]) {
        if case .prompt = overlay { overlay = nil }
        if case .actions = overlay { overlay = nil }
        reload(&fx)
    }

    mutating func reload(_ fx: inout [Effect]) {
        guard staff != nil else { return }
        loading = true
        fx.append(.loadDay(config.restaurantID, date))
    }

    mutating func failed(_ text: String, _ fx: inout [Effect]) {
        loading = false
        typeAhead.removeAll()  // typed for after a save that did not happen: the host reads why first
        switch overlay {
        case .booking:
            let waiting = overlay.withBookingForm { f -> [Key] in
                f.error = text
                f.submitting = false
                f.waitingForDatabase = false
                f.leaseWanted = nil
                // A lookup that failed answers nothing: keys waiting for it go on without matches.
                guard f.lookupPending != nil else { return [] }
                let waiting = f.awaitingLookup ?? []
                f.lookupPending = nil
                f.awaitingLookup = nil
                return waiting
            } ?? []
            replayAfterLookup(waiting, &fx)
        case .walkIn(var f):
            f.error = text
            f.submitting = false
            overlay = .walkIn(f)
        case .waitlistSeat(var f):
            f.error = text
            f.submitting = false
            overlay = .waitlistSeat(f)
        case .prompt(var p):
            p.error = text
            overlay = .prompt(p)
        default:
            message = StatusMessage(text, isError: true)
        }
    }

    mutating func tick(_ newNow: Date, _ fx: inout [Effect]) {
        let oldToday = today
        now = newNow
        today = clock.localDate(of: newNow)
        // Past midnight the "today" view follows the clock, unless someone is looking at another day.
        if oldToday != today && date == oldToday {
            date = today
            reload(&fx)
        }
        if case .booking(let f) = overlay, let lease = f.lease, lease.expiresAt.timeIntervalSince(newNow) < 20 {
            fx.append(.renewLease(token: lease.token))
        }
        if staff != nil, lastHealthCheck.map({ newNow.timeIntervalSince($0) >= AppState.healthInterval }) ?? true {
            lastHealthCheck = newNow
            fx.append(.checkHealth)
        }
        if !cursorMoved { followNow() }
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
