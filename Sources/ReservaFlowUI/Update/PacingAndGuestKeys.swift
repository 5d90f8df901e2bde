import Foundation
import ReservationDomain

extension AppState {
    /// A booking refused for pacing: a manager is asked (y/n) whether to book it past the limit; a host just
    /// reads the refusal in the form. Returns whether the question was put.
    mutating func offerPacingOverride(_ error: ReservationError) -> Bool {
        guard let facts = error.pacingFacts, let request = overlay.bookingForm?.submitted, !request.overPacing,
              let staff, staff.role >= .manager else { return false }
        loading = false
        overlay.withBookingForm { f in
            f.submitting = false
            f.error = error.podiumText
        }
        overlay = .confirm(ConfirmPrompt("\(facts) Book past the pacing limit anyway? (y/n)", .bookOverPacing(request)), under: overlay)
        return true
    }

    /// `M`: merge the likely duplicate shown in the guest pane into the guest shown (a manager's act; asks first).
    mutating func askMergeDuplicate(_ fx: inout [Effect]) {
        guard guardWritable() else { return }
        guard let panel = customer, !panel.customer.anonymous, let dup = panel.duplicates?.first else {
            message = StatusMessage("No likely duplicate of the guest shown to merge.", isError: true)
            return
        }
        let keep = panel.customer, drop = dup.other
        guard let staff, staff.role >= .manager else {
            message = StatusMessage("Only a manager can merge guests; ask one to merge \(drop.name) (#\(drop.id)) into \(keep.name) (#\(keep.id)).", isError: true)
            return
        }
        let contact = drop.phone.isEmpty ? (drop.email ?? "") : drop.phone
        overlay = .confirm(ConfirmPrompt("Merge \(drop.name) (\(contact), #\(drop.id)) into \(keep.name) (#\(keep.id))? Their bookings move to \(keep.name) and the duplicate record is removed. (y/n)",
                                         .mergeGuests(keep: keep.id, drop: drop.id)), under: overlay)
    }

    mutating func guestsMerged(_ m: GuestMerge, _ fx: inout [Effect]) {
        message = StatusMessage("Merged guest #\(m.dropped) into \(m.guest.name) (#\(m.kept)): \(m.reservations) booking(s) moved"
                                + (m.filled.isEmpty ? "." : "; filled in: \(m.filled.joined(separator: ", "))."))
        customer = CustomerPanel(customer: m.guest)
        fx.append(.loadCustomerHistory(m.guest.id))
        fx.append(.loadGuestDuplicates(m.guest.id))
        reload(&fx)
    }
}
