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
            if case .booking(var f) = overlay, f.availabilityKey == "\(result.date)/\(result.partySize)" {
                f.availability = result
                overlay = .booking(f)
                bookingFormChanged(&fx)
            }
        case .timeExplained(let key, let reason):
            if case .booking(var f) = overlay, f.timeProblemKey == key {
                f.timeProblem = reason
                f.timeChecked = true
                overlay = .booking(f)
            }
        case .customersFound(let fragment, let customers):
            customersFound(fragment, customers, &fx)
        case .customerHistoryLoaded(let id, let history):
            if customer?.customer.id == id { customer?.history = history }
        case .booked(let outcome):
            booked(outcome, &fx)
        case .bookingWaiting:
            typeAhead.removeAll()  // the save did not answer: nothing typed after it runs behind the host's back
            if case .booking(var f) = overlay {
                f.error = "Database not answering (restart or failover): the booking goes in when it does."
                f.submitting = true
                overlay = .booking(f)
            }
        case .bookingSettled(let id, let entry):
            bookingSettled(id, entry, &fx)
        case .pacingLoaded(let d, let pacing):
            if case .booking(var f) = overlay, f.pacingDate == d {
                f.pacing = pacing
                overlay = .booking(f)
            }
        case .guestDuplicatesLoaded(let id, let list):
            if customer?.customer.id == id { customer?.duplicates = list }
        case .guestsMerged(let m):
            guestsMerged(m, &fx)
        case .tableServiceChanged(let change):
            message = StatusMessage(change.summary)
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
            undoable = UndoableChange(reservation: entry.id, summary: summary, at: now)
            message = StatusMessage("\(summary). u undoes it (\(ActionWindows.undoMinutes) min).")
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
            undoable = UndoableChange(reservation: entry.id, summary: summary, at: now)
            message = StatusMessage("\(summary). u undoes it (\(ActionWindows.undoMinutes) min).")
            closeAfterChange(&fx)
        case .shiftNoteSaved(let d, let note):
            message = StatusMessage(note == nil ? "Shift notes for \(DateInput.short(d)) removed." : "Shift notes for \(DateInput.short(d)) saved.")
            if date == d { day?.sheet.shiftNote = note }
            closeAfterChange(&fx)
        case .leaseAcquired(let lease):
            if case .booking(var f) = overlay {
                if f.leaseWanted == FormLease.key(lease.tableID, lease.start) {
                    f.lease = lease
                    overlay = .booking(f)
                } else {
                    fx.append(.releaseLease(token: lease.token))  // answered too late: no longer wanted
                }
            } else {
                fx.append(.releaseLease(token: lease.token))
            }
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
            failed("The table hold lapsed; pick the table again.", &fx)
        case .failed(let error):
            if case .overPacing = error, offerPacingOverride(error) { break }
            if case .outcomeUnknown(_, let id?) = error { bookingUnsettled(id, &fx); break }
            failed(error.podiumText, &fx)
            if error.lostTheTable { formLostItsTable(&fx) }
        }
    }

    /// The form lost the race for its table (booked or being booked elsewhere first): its hold on that table
    /// is released at once, so no terminal shows it "held" over a booking, and the day is read again, so the
    /// form offers the next free table and Enter books it (issue 20: the loser kept a lease on a booked table).
    mutating func formLostItsTable(_ fx: inout [Effect]) {
        guard case .booking(var f) = overlay else { return }
        if let l = f.lease { fx.append(.releaseLease(token: l.token)) }
        f.lease = nil
        overlay = .booking(f)
        reload(&fx)
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
        case .booking(var f):
            f.error = text
            f.submitting = false
            f.leaseWanted = nil
            // A lookup that failed answers nothing: keys waiting for it go on without matches.
            let waiting = f.lookupPending == nil ? [] : (f.awaitingLookup ?? [])
            if f.lookupPending != nil { f.lookupPending = nil; f.awaitingLookup = nil }
            overlay = .booking(f)
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

    mutating func dayLoaded(_ sheet: DaySheet, _ fx: inout [Effect]) {
        guard sheet.date == date else { return }  // an answer for a day we have left
        loading = false
        let first = day == nil || day?.sheet.date != sheet.date
        clock = sheet.restaurant.clock
        today = clock.localDate(of: now)
        day = DayIndex(sheet: sheet)
        guard let day else { return }
        areaIndex = min(areaIndex, max(0, day.areas.count - 1))
        if selectedTable == nil || day.table(selectedTable!) == nil || first && selectedTable.map({ day.table($0)?.areaID != day.areas[safe: areaIndex]?.id }) == true {
            selectedTable = day.tablesByArea[safe: areaIndex]?.first?.id
        }
        cursorTable = min(cursorTable, max(0, day.tables.count - 1))
        if first { cursorMoved = false }
        if !cursorMoved { followNow() }
        cursorSlot = min(cursorSlot, max(0, day.slots.count - 1))
        ensureCursorVisible()
        syncSelection(&fx)
        if let id = customer?.customer.id, let fresh = day.sheet.entries.first(where: { $0.customer.id == id })?.customer {
            customer?.customer = fresh
        }
        refreshFormAvailability(&fx)
        bookingFormChanged(&fx)  // a table booked or held at another terminal is no longer offered
    }

    /// Before the host moves it (and after `t`), the timeline cursor sits on now: between services on the next
    /// one's start, after the last on the last. The view opens on the service under way, from its start or, in a
    /// long one, with now a quarter of the way in: at 80 columns lunch used to fill the width at dinner time.
    mutating func followNow() {
        guard let day, !day.slots.isEmpty else { return }
        if isToday {
            cursorSlot = day.slotIndex(containing: now) ?? day.slots.firstIndex { $0 > now } ?? day.slots.count - 1
            let serviceStart = day.serviceStarts.filter { $0 <= cursorSlot }.max() ?? 0
            scrollSlot = max(serviceStart, cursorSlot - timelineVisibleSlots / 4)
        } else {
            cursorSlot = 0
        }
        ensureCursorVisible()
    }

    mutating func booked(_ outcome: BookingOutcome, _ fx: inout [Effect]) {
        let e = outcome.entry, r = e.reservation
        var text = "Booked \(e.customer.name) ×\(r.partySize) at \(e.seatLabel), \(DateInput.short(clock.localDate(of: r.startsAt))) \(clock.hhmm(r.startsAt)) (\(r.status.label))."
        if outcome.degraded { text += " Redis is down: booked without a lease." }
        message = StatusMessage(text)
        if case .booking(let f) = overlay, let l = f.lease { fx.append(.releaseLease(token: l.token)) }
        overlay = nil
        selectedReservation = r.id
        reload(&fx)
    }

    /// The connection broke while the booking was being saved: neither "booked" nor "failed" may be said.
    /// The form stays, with its input and still submitting (Enter cannot book it twice), until the booking
    /// is read back.
    mutating func bookingUnsettled(_ id: UUID, _ fx: inout [Effect]) {
        let ref = id.shortReference
        let text = "Checking… the connection broke while booking \(ref) was saved; reading it back when the database answers."
        typeAhead.removeAll()
        if case .booking(var f) = overlay {
            f.error = text
            f.submitting = true
            overlay = .booking(f)
        } else {
            message = StatusMessage(text, isError: true)
        }
        fx.append(.settleBooking(id))
    }

    /// Settled: saved after all (as if the answer had come), or not saved (said plainly; Enter books again).
    mutating func bookingSettled(_ id: UUID, _ entry: BookEntry?, _ fx: inout [Effect]) {
        if let entry { return booked(BookingOutcome(entry: entry, degraded: false), &fx) }
        let ref = id.shortReference
        failed("Not booked: the connection broke before booking \(ref) was saved. Press Enter to book it again.", &fx)
    }

    /// A walk-in or waitlist party just seated: `u` takes it back for a few minutes (a wrong party, a
    /// double Enter, the wrong list entry), as it does a status change.
    mutating func seatingMade(_ e: BookEntry, summary: String) {
        undoable = UndoableChange(reservation: e.id, summary: "the seating of \(describe(e))", at: now)
        message = StatusMessage("\(summary) u undoes it (\(ActionWindows.undoMinutes) min).")
    }

    mutating func walkInResult(_ outcome: WalkInOutcome, _ fx: inout [Effect]) {
        switch outcome {
        case .seated(let e):
            // The anonymous placeholder is named "Walk-in": "Seated walk-in Walk-in ×3" said it twice.
            let who = e.customer.anonymous ? "" : " \(e.customer.name)"
            seatingMade(e, summary: "Seated walk-in\(who) ×\(e.reservation.partySize) at \(e.seatLabel).")
            overlay = nil
            reload(&fx)
        case .noTable(let quoted):
            typeAhead.removeAll()  // not seated: the host reads the quote before anything typed after Enter runs
            if case .walkIn(var f) = overlay {
                f.submitting = false
                if let quoted {
                    f.error = "No table free now; quoted wait about \(quoted) min. Add to the waitlist below."
                } else if let day, let party = PartyInput.parse(f.party.text) {
                    f.error = WalkInPlan.noQuote(day: day, party: party, now: now)
                }
                f.focus = .name
                overlay = .walkIn(f)
            }
        }
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
