import Foundation
import ReservationDomain

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

    mutating func bookingKey(_ key: Key, _ fx: inout [Effect]) {
        guard let form = overlay.bookingForm else { return }
        // One booking at a time: the answer closes or reopens it. What is typed during a quick save is the next
        // flow; a form that says it waits for the database (or checks whether it saved) holds the host's eyes,
        // and keys there stay its own, as before (a second Enter sends nothing).
        guard !form.submitting else {
            if form.error == nil { keepForAfterTheSave(key) }
            return
        }
        if form.awaitingLookup != nil, key != .esc {
            overlay.withBookingForm { f in if f.awaitingLookup!.count < 64 { f.awaitingLookup!.append(key) } }
            return
        }
        overlay.withBookingForm { $0.awaitingLookup = nil }  // Esc is never kept waiting
        // ↓ or Enter into the match list before the lookup answered: wait for the answer (see `awaitingLookup`).
        if (key == .down || key == .enter), form.focus == .guest, form.chosen == nil, form.matches.isEmpty, form.lookupPending != nil {
            overlay.withBookingForm { $0.awaitingLookup = [key] }
            return
        }
        switch key {
        case .esc:
            if form.hasInput {
                overlay = .confirm(ConfirmPrompt("Discard this booking? (y or Esc discards, n goes back)", .discardForm), under: overlay)
            } else {
                if let l = form.lease { fx.append(.releaseLease(token: l.token)) }
                overlay = nil
            }
            return
        // Enter on the list of matches picks the highlighted one, or the first: it never books what was
        // typed so far ("61" as a new guest).
        case .enter where !form.entersPickAMatch:
            submitBooking(&fx)
            return
        default:
            let time = parsed(form).time
            if let fragment = overlay.withBookingForm({ $0.press(key, time: time) }) ?? nil {
                fx.append(.searchCustomers(config.restaurantID, fragment: fragment))
            }
        }
        bookingFormChanged(&fx)
    }

    /// Hands `keys` to the form in order; any that meet another unanswered lookup wait again.
    mutating func replayAfterLookup(_ keys: [Key], _ fx: inout [Effect]) {
        for k in keys {
            guard overlay.bookingForm != nil else { return }
            bookingKey(k, &fx)
        }
    }

    mutating func customersFound(_ fragment: String, _ customers: [Customer], _ fx: inout [Effect]) {
        let waiting = overlay.withBookingForm { f -> [Key]? in
            guard f.guest.trimmed == fragment, f.chosen == nil else { return nil }
            f.matches = Array(customers.prefix(6))
            f.matchIndex = nil
            f.lookupPending = nil
            let waiting = f.awaitingLookup ?? []
            f.awaitingLookup = nil
            return waiting
        }
        // The keys that waited for this answer, now as if it had come at once. The answer itself never
        // moves the focus or changes what was typed.
        if let waiting = waiting ?? nil { replayAfterLookup(waiting, &fx) }
        if var s = search, s.field.trimmed == fragment {
            s.customers = Array(customers.prefix(8))
            s.customerIndex = nil
            search = s
        }
    }
}

extension BookingForm {
    /// Enter picks from the guest matches rather than books.
    var entersPickAMatch: Bool { focus == .guest && chosen == nil && !matches.isEmpty }

    /// A key that changes only the form (all but Esc, and Enter that books): moving between fields and
    /// matches, choosing a table or the status, typing. `time` is the typed time, parsed. Returns the
    /// fragment to look a guest up by when the guest field changed to one.
    mutating func press(_ key: Key, time: TimeOfDay?) -> String? {
        let fields = self.fields
        let pos = fields.firstIndex(of: focus) ?? 0
        var lookup: String? = nil
        switch key {
        case .enter where entersPickAMatch, .tab where focus == .guest && matchIndex != nil:
            let c = matches[matchIndex ?? 0]
            choose(c)
            guest.set(c.name)
            matchIndex = nil
            matches = []
            focus(on: .date)
        case .down where focus == .guest && !matches.isEmpty:
            matchIndex = min((matchIndex ?? -1) + 1, matches.count - 1)
        case .up where focus == .guest && matchIndex != nil:
            matchIndex = matchIndex! == 0 ? nil : matchIndex! - 1
        case .tab, .down:
            focus(on: fields[(pos + 1) % fields.count])
        case .backTab, .up:
            focus(on: fields[(pos - 1 + fields.count) % fields.count])
        // `where` binds to the last pattern only, so each pattern carries it: ← → edit text in other fields.
        case .left where focus == .table, .right where focus == .table, .char(" ") where focus == .table:
            if let free = freeSeats(at: time), !free.isEmpty {
                let labels = free.map(\.label)
                let cur = effectiveTable(at: time).flatMap { labels.firstIndex(of: $0) }
                let step = key == .left ? -1 : 1
                tableLabel = labels[((cur ?? -step) + step + labels.count) % labels.count]
            }
        case .left where focus == .hold, .right where focus == .hold, .char(" ") where focus == .hold:
            hold.toggle()
        default:
            guard focus != .table && focus != .hold else { break }
            lookup = edit(key)
        }
        error = nil
        return lookup
    }

    /// Types `key` into the field with the focus; returns the guest fragment to look up, if any.
    private mutating func edit(_ key: Key) -> String? {
        switch focus {
        case .guest:
            let before = guest.text
            guest.apply(key)
            guard guest.text != before else { return nil }
            // Another guest now: the one chosen before keeps their address.
            if let c = chosen, email.trimmed == (c.email ?? "") { email.set("") }
            chosen = nil
            matches = []
            matchIndex = nil
            lookupPending = nil
            // What the guest field holds goes to the phone or to the name, and the other loses what an
            // earlier state of this field put there: typing "611..." made the name "61" before the third
            // digit made it a phone ("61Marta Vidal" once the name was typed after it).
            let text = guest.trimmed, earlier = before.trimmingCharacters(in: .whitespaces)
            if Self.looksLikePhone(text) || Self.startsLikePhone(text) {
                phone.set(text)
                if name.trimmed == earlier { name.set("") }
            } else {
                name.set(text)
                if phone.trimmed == earlier { phone.set("") }
            }
            guard text.count >= 2 else { return nil }
            lookupPending = text
            return text
        case .name: name.apply(key)
        case .phone: phone.apply(key)
        case .date: date.apply(key)
        case .time: time.apply(key)
        case .party: party.apply(key)
        case .email: email.apply(key)
        case .notes: notes.apply(key)
        case .table, .hold: break
        }
        return nil
    }
}
