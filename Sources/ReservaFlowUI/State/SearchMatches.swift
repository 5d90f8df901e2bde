import Foundation
import ReservationDomain

extension AppState {
    /// Reservations drawn on the day whose guest's name holds every word typed, in any order ("tanaka
    /// carmen" finds "Carmen Tanaka"), ignoring case and accents ("garcia" finds "García"), or whose phone
    /// holds the digits typed (three or more, spaces aside); the one the host most likely means first.
    public static func matches(_ fragment: String, in day: DayIndex?, now: Date) -> [UUID] {
        guard let day else { return [] }
        let words = fold(fragment).split(whereSeparator: \.isWhitespace)
        let digits = fragment.filter(\.isNumber)
        let found = day.sheet.entries.filter { e in
            guard DayIndex.isDrawn(e.reservation.status) else { return false }
            let name = fold(e.customer.name)
            return (!words.isEmpty && words.allSatisfy { name.contains($0) })
                || (digits.count >= 3 && e.customer.phone.filter(\.isNumber).contains(digits))
        }
        return dueFirst(found, now: now).map(\.id)
    }

    /// A host searching at the podium is most often looking for the party in front of them: first the
    /// bookings still to be seated whose turn has not ended, earliest booked time first (today: the one
    /// due or late now before one due later); then parties already seated; then the rest (finished, and
    /// bookings whose whole turn went by unseated). Within each, by booked time, then as the book lists them.
    static func dueFirst(_ entries: [BookEntry], now: Date) -> [BookEntry] {
        func rank(_ r: Reservation) -> Int {
            switch r.status {
            case .pending, .confirmed: r.endsAt > now ? 0 : 2
            case .seated: 1
            case .completed, .cancelled, .noShow, .expired: 2
            }
        }
        return entries.enumerated().sorted { a, b in
            let (ra, rb) = (a.element.reservation, b.element.reservation)
            if rank(ra) != rank(rb) { return rank(ra) < rank(rb) }
            if ra.startsAt != rb.startsAt { return ra.startsAt < rb.startsAt }
            return a.offset < b.offset
        }.map(\.element)
    }

    private static func fold(_ s: String) -> String {
        s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }
}
