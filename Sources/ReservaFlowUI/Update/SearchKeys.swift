import Foundation
import ReservationDomain

extension AppState {
    /// The search line owns every key while it is open, so nothing typed there acts on the book; `Enter` and
    /// `Esc` close it and the key after them means what it means on the main screen (`/sne Enter n` opens a
    /// new booking instead of stepping to the next match, and its letters never become commands).
    mutating func searchKey(_ key: Key, _ fx: inout [Effect]) {
        guard var s = search else { return }
        switch key {
        case .esc:
            search = nil
        case .down where !s.customers.isEmpty:
            s.customerIndex = min((s.customerIndex ?? -1) + 1, s.customers.count - 1)
            search = s
        case .up where s.customerIndex != nil:
            s.customerIndex = s.customerIndex! == 0 ? nil : s.customerIndex! - 1
            search = s
        case .tab: stepMatch(1, &fx)
        case .backTab: stepMatch(-1, &fx)
        case .enter: endSearch(s, &fx)
        default:
            let before = s.field.text
            s.field.apply(key)
            search = s
            if s.field.text != before { searchChanged(&fx) }
        }
    }

    /// Recomputes the day's matches locally (instant) and asks the customer book for more.
    mutating func searchChanged(_ fx: inout [Effect]) {
        guard var s = search else { return }
        let q = s.field.trimmed
        s.matchIndex = 0
        s.customers = []
        s.customerIndex = nil
        s.matches = q.isEmpty ? [] : AppState.matches(q, in: day, now: now)
        search = s
        if q.count >= 2 { fx.append(.searchCustomers(config.restaurantID, fragment: q)) }
    }

    /// `Tab` / `Shift-Tab` on the search line: the next / previous match, selected at once so the host
    /// sees where it is; `Enter` then keeps it.
    mutating func stepMatch(_ delta: Int, _ fx: inout [Effect]) {
        guard var s = search, !s.matches.isEmpty else { return }
        s.matchIndex = (s.matchIndex + delta + s.matches.count) % s.matches.count
        search = s
        if let e = day?.entry(s.matches[s.matchIndex]) { select(e, &fx) }
    }

    /// `Enter` on the search line, or `:search TEXT`: closes the search on the guest picked from the book, or
    /// on the current match (the first is the one due soonest), or on nothing when nothing matched.
    mutating func endSearch(_ s: SearchState, _ fx: inout [Effect]) {
        search = nil
        if let i = s.customerIndex, let c = s.customers[safe: i] {
            showGuestFromBook(c, &fx)
        } else if s.matches.isEmpty {
            if !s.field.trimmed.isEmpty { missed(s.field.trimmed) }
        } else {
            goToMatch(s, &fx)
        }
    }

    /// Selects the search's current match and says which of how many it is.
    private mutating func goToMatch(_ s: SearchState, _ fx: inout [Effect]) {
        guard let id = s.matches[safe: s.matchIndex], let e = day?.entry(id) else { return }
        select(e, &fx)
        message = StatusMessage("Match \(s.matchIndex + 1) of \(s.matches.count): \(e.customer.name) at \(e.seatLabel) \(clock.hhmm(e.reservation.startsAt)).")
    }

    /// A guest picked from the whole customer book: their card, and their booking of the day the host most
    /// likely means, or no booking at all, so an action never falls on the one selected before.
    private mutating func showGuestFromBook(_ c: Customer, _ fx: inout [Effect]) {
        showCustomer(c, &fx)
        let theirs = day?.sheet.entries.filter { $0.customer.id == c.id && DayIndex.isDrawn($0.reservation.status) } ?? []
        if let e = AppState.dueFirst(theirs, now: now).first { select(e, &fx) } else { selectedReservation = nil }
        if layout.mode == .compact { focus = .customer }
    }

    /// A search that found nothing leaves nothing chosen: `p 3` after it used to resize the booking selected
    /// before the search.
    private mutating func missed(_ text: String) {
        selectedReservation = nil
        customer = nil
        message = StatusMessage("No booking \(isToday ? "today" : "on \(DateInput.long(date))") for \"\(text)\".", isError: true)
    }

    /// Puts both the floor selection and the timeline cursor on a reservation.
    mutating func select(_ e: BookEntry, _ fx: inout [Effect]) {
        guard let day else { return }
        if let ti = day.tableIndex(e.reservation.tableID) {
            let slot = day.slotIndex(containing: e.reservation.startsAt) ?? day.slotRange(of: e.reservation)?.lowerBound ?? cursorSlot
            if focus == .floor && layout.mode == .compact { focus = .timeline }
            moveCursor(table: ti, slot: slot, &fx)
        }
        selectedReservation = e.id
        showCustomer(e.customer, &fx)
    }
}
