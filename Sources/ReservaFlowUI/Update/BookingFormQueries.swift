import Foundation
import ReservationDomain

/// What the booking form asks the book as the host types (availability, pacing, why a time cannot be
/// booked, the guest's other bookings that day, a lease on the table), and the answers taken back while
/// the form still asks the same question.
extension AppState {
    /// The form's input or the day changed: asks what the typed date, time, party and guest now need.
    /// `dayReloaded`: the book changed (the day was read again), so the availability is asked again too.
    mutating func bookingFormChanged(_ fx: inout [Effect], dayReloaded: Bool = false) {
        guard let form = overlay.bookingForm else { return }
        let typed = parsed(form)
        askAvailability(typed, again: dayReloaded, &fx)
        askWhyNotBookable(typed, &fx)
        askGuestDay(typed, &fx)
        // Not while submitting: the reload that brings this form's own booking must not move it off its table.
        if !form.submitting { offerSeats(typed) }
        if !config.readOnly { syncLease(typed, &fx) }
    }

    /// Asks for availability when date or party changed. After the day was read again the answer may offer
    /// what was booked since, at another terminal or through the API, and the hint would name times Enter
    /// refuses: asked again (cached by the book's version, so one round trip when nothing changed for it),
    /// the old answer kept until the new one comes so the table row and the lease do not blink.
    private mutating func askAvailability(_ typed: ParsedForm, again: Bool, _ fx: inout [Effect]) {
        guard let form = overlay.bookingForm, let q = typed.availability else { return }
        guard form.availabilityQuery != q else {
            if again, !form.submitting, form.availability != nil { fx.append(.loadAvailability(config.restaurantID, q.date, party: q.party)) }
            return
        }
        fx.append(.loadAvailability(config.restaurantID, q.date, party: q.party))
        // The covers per slot for the strip, asked with the availability (so as fresh as it), and only where
        // the venue paces its bookings.
        let paced = day?.sheet.restaurant.rules.pacingCovers != nil
        if paced { fx.append(.loadPacing(config.restaurantID, q.date)) }
        overlay.withBookingForm { f in
            f.availabilityQuery = q
            f.availability = nil
            if paced {
                if f.pacingDate != q.date { f.pacing = nil }
                f.pacingDate = q.date
            }
        }
    }

    /// A time the day's slots do not offer: asks the core why (passed, outside the services, closed), so the
    /// table row says the real reason and not "nothing free".
    private mutating func askWhyNotBookable(_ typed: ParsedForm, _ fx: inout [Effect]) {
        guard let form = overlay.bookingForm else { return }
        var q: TimeQuery? = nil
        if let a = form.availability, let tq = typed.timeQuery, a.slot(at: tq.time) == nil { q = tq }
        guard form.timeQuery != q else { return }
        if let q { fx.append(.explainTime(config.restaurantID, q)) }
        overlay.withBookingForm { f in
            f.timeQuery = q
            f.timeProblem = nil
            f.timeChecked = false
        }
    }

    /// A guest on file and a day: asks for their other bookings that day, to warn before booking again.
    private mutating func askGuestDay(_ typed: ParsedForm, _ fx: inout [Effect]) {
        guard let form = overlay.bookingForm else { return }
        let q = form.guestOnFile.flatMap { id in typed.date.map { GuestDayQuery(guest: id, date: $0) } }
        guard form.sameDayQuery != q else { return }
        if let q { fx.append(.loadGuestDay(q.guest, q.date)) }
        overlay.withBookingForm { f in
            f.sameDayQuery = q
            f.sameDay = []
        }
    }

    /// What the table row offers at the typed time, less what the loaded day shows taken; and the nearest
    /// times, named only where the table row would offer something once the host types that time.
    private mutating func offerSeats(_ typed: ParsedForm) {
        guard let form = overlay.bookingForm else { return }
        let taken = typed.time.map { takenElsewhere(form, typed, at: $0) } ?? [:]
        let nearby = typed.time.flatMap { t in
            form.availability?.nearest(to: t) { !BookingForm.seats(in: $0, takenElsewhere: takenElsewhere(form, typed, at: $0.time)).isEmpty }
        } ?? []
        overlay.withBookingForm { f in
            f.takenElsewhere = taken
            f.nearby = nearby
        }
    }

    /// What the loaded day says is taken at time `t` of the form's day, when the form is on that day.
    private func takenElsewhere(_ f: BookingForm, _ typed: ParsedForm, at t: TimeOfDay) -> [String: String] {
        guard let day, let a = f.availability, let d = typed.date, d == day.sheet.date, let start = clock.resolve(d, t).instant
        else { return [:] }
        let end = start.addingTimeInterval(Double(a.turnMinutes * 60))
        let taken = TakenElsewhere.tables(in: day.sheet, start: start, end: end, now: now, ownLease: f.lease?.token, clock: clock)
        return Dictionary(uniqueKeysWithValues: taken.compactMap { id, why in day.table(id).map { ($0.label, why) } })
    }

    /// Holds the table about to be booked while the host types: a new lease when table or time changed, the
    /// old one let go.
    private mutating func syncLease(_ typed: ParsedForm, _ fx: inout [Effect]) {
        // Not while its booking waits for the database: a new hold would have a token of its own, and the
        // booking sent again would meet it as another terminal's ("being booked by" this very host).
        guard let form = overlay.bookingForm, !form.waitingForDatabase else { return }
        let wanted = leaseWanted(form, typed)
        guard wanted != form.leaseWanted else { return }
        if let l = form.lease { fx.append(.releaseLease(token: l.token)) }
        if let w = wanted { fx.append(.acquireLease(config.restaurantID, w.tables, start: w.start, end: w.end)) }
        overlay.withBookingForm { f in
            f.lease = nil
            f.leaseWanted = wanted
        }
    }

    private func leaseWanted(_ f: BookingForm, _ typed: ParsedForm) -> LeaseRequest? {
        guard let a = f.availability, let t = typed.time, let d = typed.date, let label = f.effectiveTable(at: t),
              let tables = day?.sheet.tableIDs(ofSeat: label), !tables.isEmpty, let start = clock.resolve(d, t).instant
        else { return nil }
        return LeaseRequest(tables: tables, start: start, end: start.addingTimeInterval(Double(a.turnMinutes * 60)))
    }

    // MARK: Answers

    mutating func availabilityLoaded(_ result: AvailabilityResult, _ fx: inout [Effect]) {
        let wanted = overlay.withBookingForm { f in
            guard f.availabilityQuery == AvailabilityQuery(answeredBy: result) else { return false }
            f.availability = result
            return true
        }
        if wanted == true { bookingFormChanged(&fx) }
    }

    mutating func timeExplained(_ q: TimeQuery, reason: String?) {
        overlay.withBookingForm { f in
            guard f.timeQuery == q else { return }
            f.timeProblem = reason
            f.timeChecked = true
        }
    }

    mutating func pacingLoaded(_ d: LocalDate, _ pacing: Pacing) {
        overlay.withBookingForm { f in if f.pacingDate == d { f.pacing = pacing } }
    }

    mutating func guestDayLoaded(_ id: CustomerID, _ date: LocalDate, _ entries: [BookEntry]) {
        overlay.withBookingForm { f in if f.sameDayQuery == GuestDayQuery(guest: id, date: date) { f.sameDay = entries } }
    }

    mutating func leaseAcquired(_ lease: LeaseInfo, _ fx: inout [Effect]) {
        let kept = overlay.withBookingForm { f in
            guard f.leaseWanted?.isAnswered(by: lease) == true else { return false }
            f.lease = lease
            return true
        }
        if kept != true { fx.append(.releaseLease(token: lease.token)) }  // answered too late: no longer wanted
    }

    /// The form lost the race for its table (booked or being booked elsewhere first): its hold on that table
    /// is released at once, so no terminal shows it "held" over a booking, and the day is read again, so the
    /// form offers the next free table and Enter books it (issue 20: the loser kept a lease on a booked table).
    mutating func formLostItsTable(_ fx: inout [Effect]) {
        guard let form = overlay.bookingForm else { return }
        if let l = form.lease { fx.append(.releaseLease(token: l.token)) }
        overlay.withBookingForm { $0.lease = nil }
        reload(&fx)
    }
}
