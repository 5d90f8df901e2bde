import Foundation
import ReservationDomain

extension AppState {
    /// `y` to a question (`ConfirmPrompt`): what it asked is done; `under` is what was open beneath it.
    mutating func confirmed(_ action: ConfirmAction, under: Overlay?, _ fx: inout [Effect]) {
        switch action {
        case .cancelReservation(let id): fx.append(.apply(.cancel, id))
        case .noShow(let id): fx.append(.apply(.noShow, id))
        case .complete(let id): fx.append(.apply(.complete, id))
        case .seatEarly(let id): fx.append(.apply(.seat, id))
        case .removeWaitlist(let id): fx.append(.removeWaitlist(id))
        case .bookOverPacing(let request):
            var r = request
            r.overPacing = true
            if under.bookingForm != nil {
                overlay = under
                overlay.withBookingForm { f in
                    f.submitting = true
                    f.error = nil
                    f.submitted = r
                }
            }
            fx.append(.book(r))
        case .mergeGuests(let keep, let drop):
            fx.append(.mergeGuests(config.restaurantID, keep: keep, drop: drop))
        case .tableService(let label, let inService):
            overlay = under  // `:floor` stays open; from the floor plan there is nothing under
            fx.append(.setTableService(config.restaurantID, label: label, inService: inService))
        case .changeStaff(let user, let change):
            overlay = under
            fx.append(.changeStaff(username: user, change))
        case .eraseGuest(let id):
            overlay = under
            fx.append(.eraseGuest(config.restaurantID, id))
        case .changeVenue(let edits):
            overlay = under
            sendVenue(edits, strandingBookings: false, &fx)
        case .changeVenueAnyway(let edits):
            overlay = under
            sendVenue(edits, strandingBookings: true, &fx)
        case .openAgain(let from, let table):
            overlay = under
            fx.append(.removeClosure(config.restaurantID, table: table, from))
        case .closeAnyway(let table, let from, let to, let reason):
            overlay = under
            fx.append(.addClosure(config.restaurantID, table: table, from: from, to: to, reason: reason, strandingBookings: true))
        case .discardForm:
            if case .booking(let f)? = under, let l = f.lease { fx.append(.releaseLease(token: l.token)) }
            if case .walkIn(let f)? = under, let list = f.listIndex { overlay = .waitlist(index: list) }
        case .quit:
            overlay = under
            quit(&fx)
        }
    }
}
