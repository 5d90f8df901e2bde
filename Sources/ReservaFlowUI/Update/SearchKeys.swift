import Foundation
import ReservationDomain

extension AppState {
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
        case .enter:
            s.editing = false
            search = s
            if let i = s.customerIndex, let c = s.customers[safe: i] {
                // A guest from the customer book (maybe not booked today): show their card.
                showCustomer(c, &fx)
                if let e = day?.sheet.entries.first(where: { $0.customer.id == c.id }) { select(e, &fx) }
                if layout.mode == .compact { focus = .customer }
            } else if s.matches.isEmpty {
                message = StatusMessage(s.field.isEmpty ? "" : "No booking today for \"\(s.field.trimmed)\".", isError: !s.field.isEmpty)
                if s.field.isEmpty { search = nil }
            } else {
                stepMatch(0, &fx)
            }
        default:
            let before = s.field.text
            s.field.apply(key)
            search = s
            if s.field.text != before { searchChanged(&fx) }
        }
    }

    /// Recomputes today's matches locally (instant) and asks the customer book for more.
    mutating func searchChanged(_ fx: inout [Effect]) {
        guard var s = search else { return }
        let q = s.field.trimmed
        s.matchIndex = 0
        s.customers = []
        s.customerIndex = nil
        s.matches = q.isEmpty ? [] : AppState.matches(q, in: day)
        search = s
        if q.count >= 2 { fx.append(.searchCustomers(config.restaurantID, fragment: q)) }
    }

    /// Reservations of the day whose guest's name or phone contains the fragment, in timeline order.
    /// Name matching ignores case and accents ("garcia" finds "García"); phone matching ignores spaces.
    public static func matches(_ fragment: String, in day: DayIndex?) -> [UUID] {
        guard let day else { return [] }
        let folded = fragment.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        let digits = fragment.filter(\.isNumber)
        var out: [UUID] = []
        for t in day.tables {
            for e in day.entries(for: t.id) {
                let name = e.customer.name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
                if name.contains(folded) || (digits.count >= 3 && e.customer.phone.filter(\.isNumber).contains(digits)) {
                    out.append(e.id)
                }
            }
        }
        return out
    }

    /// n / N: moves to the next / previous matching reservation (0: the current one again).
    mutating func stepMatch(_ delta: Int, _ fx: inout [Effect]) {
        guard var s = search, !s.matches.isEmpty else {
            if search != nil { message = StatusMessage("No matches.", isError: true) }
            return
        }
        let n = s.matches.count
        s.matchIndex = (s.matchIndex + delta + n) % n
        search = s
        if let e = day?.entry(s.matches[s.matchIndex]) {
            select(e, &fx)
            message = StatusMessage("Match \(s.matchIndex + 1) of \(n): \(e.customer.name) at \(e.seatLabel) \(clock.hhmm(e.reservation.startsAt)).")
        }
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
