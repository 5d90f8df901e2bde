import Foundation
import ReservationDomain

extension AppState {
    mutating func venuesLoaded(_ venues: [Restaurant], _ fx: inout [Effect]) {
        loading = false
        switch venues.count {
        case 0: message = StatusMessage("You are not assigned to any venue. Ask a manager.", isError: true)
        case 1: chooseVenue(venues[0], &fx)
        default: overlay = .venuePicker(venues, index: 0)
        }
    }

    mutating func venuePickerKey(_ key: Key, _ venues: [Restaurant], _ index: Int, _ fx: inout [Effect]) {
        switch key {
        case .down, .char("j"): overlay = .venuePicker(venues, index: min(venues.count - 1, index + 1))
        case .up, .char("k"): overlay = .venuePicker(venues, index: max(0, index - 1))
        case .enter: chooseVenue(venues[index], &fx)
        case .char(let c) where c.isASCII && c.isNumber:
            if let n = Int(String(c)), n >= 1, n <= venues.count { chooseVenue(venues[n - 1], &fx) }
        case .char("q"), .ctrl("c"), .ctrl("q"): wantsQuit = true
        default: break
        }
    }

    /// Switches the whole screen to a venue: its zone, its today (unless a day was asked for), its book.
    mutating func chooseVenue(_ venue: Restaurant, _ fx: inout [Effect]) {
        overlay = nil
        config.restaurantID = venue.id
        config.timeZone = venue.timeZone
        clock = venue.clock
        today = clock.localDate(of: now)
        date = config.initialDate ?? today
        loading = true
        fx.append(.selectVenue(venue))
        fx.append(.loadDay(venue.id, date))
        fx.append(.checkHealth)
    }
}
