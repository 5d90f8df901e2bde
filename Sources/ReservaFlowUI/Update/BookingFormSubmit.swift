import Foundation
import ReservationDomain

/// Sending the booking form (Enter) and what comes back: booked, a question about a phone on file, a
/// database that does not answer, a save cut off and read back.
extension AppState {
    /// What keeps the form from being sent: the field to go to and what to say there.
    struct FormProblem: Error {
        var field: BookingForm.Field
        var text: String
    }

    mutating func submitBooking(_ fx: inout [Effect]) {
        guard let form = overlay.bookingForm else { return }
        switch bookingRequest(form, parsed(form)) {
        case .failure(let problem):
            overlay.withBookingForm { f in
                f.error = problem.text
                f.focus(on: problem.field)
            }
        case .success(let request):
            overlay.withBookingForm { f in
                f.submitting = true
                f.error = nil
                f.submitted = request
            }
            fx.append(.book(request))
        }
    }

    /// The request the form makes, checked as the core checks it, so the host fixes it here before a round trip.
    func bookingRequest(_ f: BookingForm, _ typed: ParsedForm) -> Result<BookingRequest, FormProblem> {
        if let mail = f.emailToRecord, case .failure(.invalid(_, let message)) = EmailAddress.validate(mail) {
            return .failure(FormProblem(field: .email, text: "E-mail: " + message))
        }
        let guest: GuestInput
        if let c = f.chosen {
            guest = .existing(c.id, email: f.emailToRecord)
        } else if let owner = f.phoneOwner, owner.typed == f.phone.trimmed {
            guest = .existing(owner.customerID, email: f.emailToRecord)  // the host was told whose phone it is and pressed Enter
        } else if !f.name.trimmed.isEmpty && !f.phone.trimmed.isEmpty {
            guest = .new(name: f.name.trimmed, phone: f.phone.trimmed, email: f.emailToRecord)
        } else if f.name.trimmed.isEmpty {
            return .failure(FormProblem(field: f.guest.isEmpty ? .guest : .name, text: "Guest: pick a match with ↓ or type the name of a new guest."))
        } else {
            return .failure(FormProblem(field: .phone, text: "Phone: a new guest needs a phone number."))
        }
        guard let d = typed.date else {
            return .failure(FormProblem(field: .date, text: "Date: try today, tomorrow, fri, 24/12 or 2026-12-24."))
        }
        guard let t = typed.time else {
            return .failure(FormProblem(field: .time, text: "Time: try 19:30, 7:30pm or 1930."))
        }
        guard let p = typed.party else {
            return .failure(FormProblem(field: .party, text: PartyInput.problem(f.party.text) ?? "Party: type the number of guests."))
        }
        let table = f.effectiveTable(at: t)
        if table == nil, let day,
           let why = Fields.partyProblem(p, rules: day.sheet.restaurant.rules, tables: day.tables, combinations: day.sheet.combinations) {
            return .failure(FormProblem(field: .party, text: why))
        }
        let rules = day?.sheet.restaurant.rules
        return .success(BookingRequest(
            restaurantID: config.restaurantID, tableLabel: table, date: d, time: t,
            partySize: p, guest: guest, notes: f.notes.trimmed, holdMinutes: f.hold ? (rules ?? BookingRules()).holdMinutes : nil,
            source: .phone, leaseToken: f.lease?.token))
    }

    /// The core refused a new guest with a known phone: say whose it is; Enter books them, a new number
    /// makes a new guest.
    mutating func phoneBelongsToGuest(phone: String, guest: String, customerID: CustomerID, message text: String, _ fx: inout [Effect]) {
        let open = overlay.withBookingForm { f in
            f.submitting = false
            f.phoneOwner = PhoneOwner(customerID: customerID, name: guest, typed: f.phone.trimmed)
            // The focus stays where the host left it: an answer never moves it (issue 8, item 12).
            f.error = "\(phone) is \(guest)'s phone. Enter books \(guest); or give \(f.name.trimmed) another number."
        }
        guard open != nil else {
            message = StatusMessage(text + " (:book with their name books them.)", isError: true)
            return
        }
        bookingFormChanged(&fx)  // the guest on file is known now: their other bookings that day
    }

    /// The database did not answer when the booking was sent: the form waits, its input kept.
    mutating func bookingWaiting() {
        typeAhead.removeAll()  // the save did not answer: nothing typed after it runs behind the host's back
        overlay.withBookingForm { f in
            f.error = "Database not answering (restart or failover): the booking goes in when it does."
            f.submitting = true
            f.waitingForDatabase = true
        }
    }

    mutating func booked(_ outcome: BookingOutcome, _ fx: inout [Effect]) {
        let e = outcome.entry, r = e.reservation
        var text = "Booked \(e.customer.name) ×\(r.partySize) at \(e.seatLabel), \(DateInput.short(clock.localDate(of: r.startsAt))) \(clock.hhmm(r.startsAt)) (\(r.status.label))."
        if outcome.degraded { text += " Redis is down: booked without a lease." }
        message = StatusMessage(text)
        if let l = overlay.bookingForm?.lease { fx.append(.releaseLease(token: l.token)) }
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
        let open = overlay.withBookingForm { f in
            f.error = text
            f.submitting = true
        }
        if open == nil { message = StatusMessage(text, isError: true) }
        fx.append(.settleBooking(id))
    }

    /// Settled: saved after all (as if the answer had come), or not saved (said plainly; Enter books again).
    mutating func bookingSettled(_ id: UUID, _ entry: BookEntry?, _ fx: inout [Effect]) {
        if let entry { return booked(BookingOutcome(entry: entry, degraded: false), &fx) }
        let ref = id.shortReference
        failed("Not booked: the connection broke before booking \(ref) was saved. Press Enter to book it again.", &fx)
    }
}
