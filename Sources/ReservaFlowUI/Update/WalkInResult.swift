import Foundation
import ReservationDomain

/// A walk-in or waitlist party seated, or told the wait.
extension AppState {
    /// A walk-in or waitlist party just seated: `u` takes it back for a few minutes (a wrong party, a
    /// double Enter, the wrong list entry), as it does a status change.
    mutating func seatingMade(_ e: BookEntry, summary: String) {
        offerUndo(e.id, summary: "the seating of \(describe(e))", saying: summary)
    }

    /// A change made here that `u` can take back: `text` said with the offer, `summary` named when undoing.
    mutating func offerUndo(_ reservation: UUID, summary: String, saying text: String) {
        undoable = UndoableChange(reservation: reservation, summary: summary, at: now)
        message = StatusMessage("\(text) u undoes it (\(ActionWindows.undoMinutes) min).")
    }

    mutating func walkInResult(_ outcome: WalkInOutcome, _ fx: inout [Effect]) {
        switch outcome {
        case .seated(let e):
            // The anonymous placeholder is named "Walk-in": "Seated walk-in Walk-in ×3" said it twice.
            let who = e.customer.anonymous ? "" : " \(e.customer.name)"
            seatingMade(e, summary: "Seated walk-in\(who) ×\(e.reservation.partySize) at \(e.seatLabel).")
            overlay = nil
            reload(&fx)
        case .noTable(let quoted):
            typeAhead.removeAll()  // not seated: the host reads the quote before anything typed after Enter runs
            if case .walkIn(var f) = overlay {
                f.submitting = false
                if let quoted {
                    f.error = "No table free now; quoted wait about \(quoted) min. Add to the waitlist below."
                } else if let day, let party = PartyInput.parse(f.party.text) {
                    f.error = WalkInPlan.noQuote(day: day, party: party, now: now)
                }
                f.focus = .name
                overlay = .walkIn(f)
            }
        }
    }
}
