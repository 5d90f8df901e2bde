import Foundation
import ReservationDomain

/// The lease this form wants, as a comparable key.
enum FormLease {
    static func key(_ table: TableID, _ start: Date) -> String { "\(table)@\(Int(start.timeIntervalSince1970))" }
}

/// One choice of the booking form's table row: a table, or a combination of tables.
public struct SeatOption: Hashable, Sendable {
    public var label: String
    public var minCovers: Int
    public var maxCovers: Int
}

extension BookingForm {
    /// Tables free at the typed time for the typed party, best first (from the availability answer).
    public func freeTables(service: ClosedRange<Int>?) -> [DiningTable]? {
        guard let a = availability, let t = TimeInput.parse(time.text, service: service) else { return nil }
        return (a.slot(at: t)?.tables ?? []).filter { takenElsewhere[$0.label] == nil }
    }

    /// What the table row offers: the free tables, or where none is free, the free combinations ("T4+T5"),
    /// best fit first, as the core would choose.
    public func freeSeats(service: ClosedRange<Int>?) -> [SeatOption]? {
        guard let a = availability, let t = TimeInput.parse(time.text, service: service) else { return nil }
        guard let slot = a.slot(at: t) else { return [] }
        return Self.seats(in: slot, takenElsewhere: takenElsewhere)
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

    /// The table (or combination) the booking will go to: the one picked, else the best free one.
    public func effectiveTable(service: ClosedRange<Int>?) -> String? {
        if let tableLabel { return tableLabel }
        return freeSeats(service: service)?.first?.label
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

extension AppState {
    mutating func openBooking(table: String?, time: TimeOfDay?, _ fx: inout [Effect]) {
        guard guardWritable() else { return }
        var f = BookingForm(date: date, time: time, party: nil, tableLabel: table)
        if let e = customer?.customer, focus == .customer {
            f.choose(e)
            f.guest.prefill(e.name)  // typing replaces it with another guest ("Irene RuizTest" before)
        }
        overlay = .booking(f)
        bookingFormChanged(&fx)
    }

    mutating func bookingKey(_ key: Key, _ form: BookingForm, _ fx: inout [Effect]) {
        var f = form
        // One booking at a time: the answer closes or reopens it. What is typed during a quick save is the next
        // flow; a form that says it waits for the database (or checks whether it saved) holds the host's eyes,
        // and keys there stay its own, as before (a second Enter sends nothing).
        guard !f.submitting else {
            if f.error == nil { keepForAfterTheSave(key) }
            return
        }
        if var waiting = f.awaitingLookup, key != .esc {
            if waiting.count < 64 { waiting.append(key) }
            f.awaitingLookup = waiting
            overlay = .booking(f)
            return
        }
        f.awaitingLookup = nil  // Esc is never kept waiting
        // ↓ or Enter into the match list before the lookup answered: wait for the answer (see `awaitingLookup`).
        if (key == .down || key == .enter), f.focus == .guest, f.chosen == nil, f.matches.isEmpty, f.lookupPending != nil {
            f.awaitingLookup = [key]
            overlay = .booking(f)
            return
        }
        let fields = f.fields
        let pos = fields.firstIndex(of: f.focus) ?? 0
        switch key {
        case .esc:
            if f.hasInput {
                overlay = .confirm(ConfirmPrompt("Discard this booking? (y or Esc discards, n goes back)", .discardForm), under: .booking(f))
            } else {
                if let l = f.lease { fx.append(.releaseLease(token: l.token)) }
                overlay = nil
            }
            return
        // Enter on the list of matches picks the highlighted one, or the first: it never books what was
        // typed so far ("61" as a new guest).
        case .enter where f.focus == .guest && f.chosen == nil && !f.matches.isEmpty,
             .tab where f.focus == .guest && f.matchIndex != nil:
            let c = f.matches[f.matchIndex ?? 0]
            f.choose(c)
            f.guest.set(c.name)
            f.matchIndex = nil
            f.matches = []
            f.focus(on: .date)
        case .enter:
            submitBooking(f, &fx)
            return
        case .down where f.focus == .guest && !f.matches.isEmpty:
            f.matchIndex = min((f.matchIndex ?? -1) + 1, f.matches.count - 1)
        case .up where f.focus == .guest && f.matchIndex != nil:
            f.matchIndex = f.matchIndex! == 0 ? nil : f.matchIndex! - 1
        case .tab, .down:
            f.focus(on: fields[(pos + 1) % fields.count])
        case .backTab, .up:
            f.focus(on: fields[(pos - 1 + fields.count) % fields.count])
        // `where` binds to the last pattern only, so each pattern carries it: ← → edit text in other fields.
        case .left where f.focus == .table, .right where f.focus == .table, .char(" ") where f.focus == .table:
            if let free = f.freeSeats(service: day?.serviceSpan), !free.isEmpty {
                let labels = free.map(\.label)
                let cur = f.effectiveTable(service: day?.serviceSpan).flatMap { labels.firstIndex(of: $0) }
                let step = key == .left ? -1 : 1
                f.tableLabel = labels[((cur ?? -step) + step + labels.count) % labels.count]
            }
        case .left where f.focus == .hold, .right where f.focus == .hold, .char(" ") where f.focus == .hold:
            f.hold.toggle()
        default:
            guard f.focus != .table && f.focus != .hold else { break }
            edit(&f, key, &fx)
        }
        f.error = nil
        overlay = .booking(f)
        bookingFormChanged(&fx)
    }

    private mutating func edit(_ f: inout BookingForm, _ key: Key, _ fx: inout [Effect]) {
        switch f.focus {
        case .guest:
            let before = f.guest.text
            f.guest.apply(key)
            guard f.guest.text != before else { return }
            // Another guest now: the one chosen before keeps their address.
            if let c = f.chosen, f.email.trimmed == (c.email ?? "") { f.email.set("") }
            f.chosen = nil
            f.matches = []
            f.matchIndex = nil
            f.lookupPending = nil
            // What the guest field holds goes to the phone or to the name, and the other loses what an
            // earlier state of this field put there: typing "611..." made the name "61" before the third
            // digit made it a phone ("61Marta Vidal" once the name was typed after it).
            let text = f.guest.trimmed, earlier = before.trimmingCharacters(in: .whitespaces)
            if BookingForm.looksLikePhone(text) || BookingForm.startsLikePhone(text) {
                f.phone.set(text)
                if f.name.trimmed == earlier { f.name.set("") }
            } else {
                f.name.set(text)
                if f.phone.trimmed == earlier { f.phone.set("") }
            }
            if text.count >= 2 {
                f.lookupPending = text
                fx.append(.searchCustomers(config.restaurantID, fragment: text))
            }
        case .name: f.name.apply(key)
        case .phone: f.phone.apply(key)
        case .date: f.date.apply(key)
        case .time:
            f.time.apply(key)
        case .party: f.party.apply(key)
        case .email: f.email.apply(key)
        case .notes: f.notes.apply(key)
        case .table, .hold: break
        }
    }

    /// Asks for availability when date or party changed, and for a lease on the table about to be booked.
    mutating func bookingFormChanged(_ fx: inout [Effect]) {
        guard case .booking(var f) = overlay else { return }
        if let (d, p) = dayAndParty(f) {
            let key = "\(d)/\(p)"
            if f.availabilityKey != key {
                f.availabilityKey = key
                f.availability = nil
                fx.append(.loadAvailability(config.restaurantID, d, party: p))
                // The covers per slot for the strip, asked with the availability (so as fresh as it), and
                // only where the venue paces its bookings.
                if day?.sheet.restaurant.rules.pacingCovers != nil {
                    if f.pacingDate != d { f.pacing = nil }
                    f.pacingDate = d
                    fx.append(.loadPacing(config.restaurantID, d))
                }
            }
        }
        // A time the day's slots do not offer: ask the core why (passed, outside the services, closed), so the
        // table row says the real reason and not "nothing free".
        var timeKey: String? = nil
        if let a = f.availability, let d = DateInput.parse(f.date.text, today: today), let p = PartyInput.parse(f.party.text),
           let t = TimeInput.parse(f.time.text, service: day?.serviceSpan), a.slot(at: t) == nil {
            timeKey = BookingForm.timeKey(d, t, p)
            if f.timeProblemKey != timeKey { fx.append(.explainTime(config.restaurantID, d, t, party: p)) }
        }
        if f.timeProblemKey != timeKey {
            f.timeProblemKey = timeKey
            f.timeProblem = nil
            f.timeChecked = false
        }
        // A guest on file and a day: ask for their other bookings that day, to warn before booking again.
        var dayKey: String? = nil
        if let id = f.guestOnFile, let d = DateInput.parse(f.date.text, today: today) {
            dayKey = "\(id)/\(d)"
            if f.sameDayKey != dayKey { fx.append(.loadGuestDay(id, d)) }
        }
        if f.sameDayKey != dayKey {
            f.sameDayKey = dayKey
            f.sameDay = []
        }
        // Not while submitting: the reload that brings this form's own booking must not move it off its table.
        if !f.submitting {
            let typed = TimeInput.parse(f.time.text, service: day?.serviceSpan)
            f.takenElsewhere = typed.map { takenElsewhere(f, at: $0) } ?? [:]
            // Named only where the table row would offer something once the host types that time.
            f.nearby = typed.flatMap { t in
                f.availability?.nearest(to: t) { !BookingForm.seats(in: $0, takenElsewhere: takenElsewhere(f, at: $0.time)).isEmpty }
            } ?? []
        }
        if !config.readOnly { syncLease(&f, &fx) }
        overlay = .booking(f)
    }

    /// The form's date and party, when both parse.
    private func dayAndParty(_ f: BookingForm) -> (LocalDate, Int)? {
        guard let d = DateInput.parse(f.date.text, today: today), let p = PartyInput.parse(f.party.text) else { return nil }
        return (d, p)
    }

    /// The book changed (the day was read again): the form's availability answer may offer what was booked
    /// since, at another terminal or through the API, and the hint would name times Enter refuses. Asked again
    /// (cached by the book's version, so one round trip when nothing changed for it), the old answer kept
    /// until the new one comes so the table row and the lease do not blink.
    mutating func refreshFormAvailability(_ fx: inout [Effect]) {
        guard case .booking(let f) = overlay, !f.submitting, f.availability != nil, let (d, p) = dayAndParty(f),
              f.availabilityKey == "\(d)/\(p)" else { return }
        fx.append(.loadAvailability(config.restaurantID, d, party: p))
    }

    /// What the loaded day says is taken at time `t` of the form's day, when the form is on that day.
    private func takenElsewhere(_ f: BookingForm, at t: TimeOfDay) -> [String: String] {
        guard let day, let a = f.availability, let d = DateInput.parse(f.date.text, today: today), d == day.sheet.date,
              let start = clock.resolve(d, t).instant
        else { return [:] }
        let end = start.addingTimeInterval(Double(a.turnMinutes * 60))
        let taken = TakenElsewhere.tables(in: day.sheet, start: start, end: end, now: now, ownLease: f.lease?.token, clock: clock)
        return Dictionary(uniqueKeysWithValues: taken.compactMap { id, why in day.table(id).map { ($0.label, why) } })
    }

    mutating func guestDayLoaded(_ id: CustomerID, _ date: LocalDate, _ entries: [BookEntry]) {
        guard case .booking(var f) = overlay, f.sameDayKey == "\(id)/\(date)" else { return }
        f.sameDay = entries
        overlay = .booking(f)
    }

    private func syncLease(_ f: inout BookingForm, _ fx: inout [Effect]) {
        var wanted: (String, [TableID], Date, Date)? = nil
        if let a = f.availability, let t = TimeInput.parse(f.time.text, service: day?.serviceSpan),
           let d = DateInput.parse(f.date.text, today: today), let label = f.effectiveTable(service: day?.serviceSpan),
           let tables = day?.sheet.tableIDs(ofSeat: label), let first = tables.first,
           let start = clock.resolve(d, t).instant {
            let end = start.addingTimeInterval(Double(a.turnMinutes * 60))
            wanted = (FormLease.key(first, start), tables, start, end)
        }
        guard wanted?.0 != f.leaseWanted else { return }
        if let l = f.lease { fx.append(.releaseLease(token: l.token)) }
        f.lease = nil
        f.leaseWanted = wanted?.0
        if let w = wanted { fx.append(.acquireLease(config.restaurantID, w.1, start: w.2, end: w.3)) }
    }

    mutating func submitBooking(_ form: BookingForm, _ fx: inout [Effect]) {
        var f = form
        func fail(_ field: BookingForm.Field, _ text: String) {
            f.error = text
            f.focus(on: field)
            overlay = .booking(f)
        }
        // Checked as the core checks it, so the host fixes it here before a round trip.
        if let mail = f.emailToRecord, case .failure(.invalid(_, let message)) = EmailAddress.validate(mail) {
            return fail(.email, "E-mail: " + message)
        }
        let guest: GuestInput
        if let c = f.chosen {
            guest = .existing(c.id, email: f.emailToRecord)
        } else if let owner = f.phoneOwner, owner.typed == f.phone.trimmed {
            guest = .existing(owner.customerID, email: f.emailToRecord)  // the host was told whose phone it is and pressed Enter
        } else if !f.name.trimmed.isEmpty && !f.phone.trimmed.isEmpty {
            guest = .new(name: f.name.trimmed, phone: f.phone.trimmed, email: f.emailToRecord)
        } else if f.name.trimmed.isEmpty {
            return fail(f.guest.isEmpty ? .guest : .name, "Guest: pick a match with ↓ or type the name of a new guest.")
        } else {
            return fail(.phone, "Phone: a new guest needs a phone number.")
        }
        guard let d = DateInput.parse(f.date.text, today: today) else {
            return fail(.date, "Date: try today, tomorrow, fri, 24/12 or 2026-12-24.")
        }
        guard let t = TimeInput.parse(f.time.text, service: day?.serviceSpan) else {
            return fail(.time, "Time: try 19:30, 7:30pm or 1930.")
        }
        guard let p = PartyInput.parse(f.party.text) else {
            return fail(.party, PartyInput.problem(f.party.text) ?? "Party: type the number of guests.")
        }
        if f.effectiveTable(service: day?.serviceSpan) == nil, let day,
           let why = Fields.partyProblem(p, rules: day.sheet.restaurant.rules, tables: day.tables, combinations: day.sheet.combinations) {
            return fail(.party, why)
        }
        let rules = day?.sheet.restaurant.rules
        let request = BookingRequest(
            restaurantID: config.restaurantID, tableLabel: f.effectiveTable(service: day?.serviceSpan), date: d, time: t,
            partySize: p, guest: guest, notes: f.notes.trimmed, holdMinutes: f.hold ? (rules?.holdMinutes ?? 15) : nil,
            source: .phone, leaseToken: f.lease?.token)
        f.submitting = true
        f.error = nil
        f.submitted = request
        overlay = .booking(f)
        fx.append(.book(request))
    }

    /// Hands `keys` to the form in order; any that meet another unanswered lookup wait again.
    mutating func replayAfterLookup(_ keys: [Key], _ fx: inout [Effect]) {
        for k in keys {
            guard case .booking(let f) = overlay else { return }
            bookingKey(k, f, &fx)
        }
    }

    /// The core refused a new guest with a known phone: say whose it is; Enter books them, a new number
    /// makes a new guest.
    mutating func phoneBelongsToGuest(phone: String, guest: String, customerID: CustomerID, message text: String, _ fx: inout [Effect]) {
        guard case .booking(var f) = overlay else {
            message = StatusMessage(text + " (:book with their name books them.)", isError: true)
            return
        }
        f.submitting = false
        f.phoneOwner = PhoneOwner(customerID: customerID, name: guest, typed: f.phone.trimmed)
        // The focus stays where the host left it: an answer never moves it (issue 8, item 12).
        f.error = "\(phone) is \(guest)'s phone. Enter books \(guest); or give \(f.name.trimmed) another number."
        overlay = .booking(f)
        bookingFormChanged(&fx)  // the guest on file is known now: their other bookings that day
    }

    mutating func customersFound(_ fragment: String, _ customers: [Customer], _ fx: inout [Effect]) {
        if case .booking(var f) = overlay, f.guest.trimmed == fragment, f.chosen == nil {
            f.matches = Array(customers.prefix(6))
            f.matchIndex = nil
            f.lookupPending = nil
            let waiting = f.awaitingLookup ?? []
            f.awaitingLookup = nil
            overlay = .booking(f)
            // The keys that waited for this answer, now as if it had come at once. The answer itself never
            // moves the focus or changes what was typed.
            replayAfterLookup(waiting, &fx)
        }
        if var s = search, s.field.trimmed == fragment {
            s.customers = Array(customers.prefix(8))
            s.customerIndex = nil
            search = s
        }
    }
}
