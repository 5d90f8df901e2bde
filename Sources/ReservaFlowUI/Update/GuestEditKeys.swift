import Foundation
import ReservationDomain

extension AppState {
    /// `E`: the guest of the guest pane (when it has focus), else of the selected booking.
    mutating func openGuestEdit() {
        guard guardWritable() else { return }
        let guest = (focus == .customer ? customer?.customer : nil) ?? selectedEntry?.customer
        guard let guest else {
            message = StatusMessage("Select a booking or open a guest first (i), then E edits their profile.", isError: true)
            return
        }
        guard !guest.anonymous else {
            message = StatusMessage("A walk-in with no name has no profile to edit.", isError: true)
            return
        }
        overlay = .guestEdit(GuestEditForm(guest: guest))
    }

    mutating func guestEditKey(_ key: Key, _ form: GuestEditForm, _ fx: inout [Effect]) {
        var f = form
        guard !f.submitting else { return }
        let fields = GuestEditForm.Field.allCases
        switch key {
        case .esc:
            if f.hasChanges {
                overlay = .confirm(ConfirmPrompt("Discard the changes to \(f.guest.name)'s profile? (y/n)", .discardForm), under: .guestEdit(f))
            } else {
                overlay = nil
            }
            return
        case .tab, .down:
            f.focus = fields[(f.focus.rawValue + 1) % fields.count]
        case .backTab, .up:
            f.focus = fields[(f.focus.rawValue - 1 + fields.count) % fields.count]
        case .enter:
            let update = f.update
            guard !update.isEmpty else { overlay = nil; message = StatusMessage("Nothing changed."); return }
            f.submitting = true
            f.error = nil
            fx.append(.updateGuest(f.guest.id, update))
        case .char(" "), .left, .right:
            // On the two switches these flip them; on the allergens ←→ pick a flag and Space marks it; in a
            // text field they type and move as anywhere.
            if f.text(f.focus) == nil, f.focus != .allergens, f.focus != .language { f.apply(.char(" "), to: f.focus) } else { f.apply(key, to: f.focus) }
            f.error = nil
        default:
            guard f.text(f.focus) != nil else { return }
            f.apply(key, to: f.focus)
            f.error = nil
        }
        overlay = .guestEdit(f)
    }

    /// Saved: every terminal's screen shows it at their next reload (the change feed); this one at once.
    mutating func guestUpdated(_ guest: Customer, _ fx: inout [Effect]) {
        if case .guestEdit = overlay { overlay = nil }
        if customer?.customer.id == guest.id { customer?.customer = guest }
        let allergy = guest.allergyText.isEmpty ? "" : " ⚠ \(guest.allergyText)"
        message = StatusMessage("Saved \(guest.name)'s profile.\(allergy)")
        reload(&fx)
    }

    /// The core refused the profile: the form stays, on the field it named, with its words.
    mutating func guestEditRefused(_ error: ReservationError) -> Bool {
        guard case .guestEdit(var f) = overlay else { return false }
        f.submitting = false
        f.error = error.podiumText
        if case .invalid(let field, _) = error, let named = GuestEditForm.Field.named(field) { f.focus = named }
        overlay = .guestEdit(f)
        return true
    }

    /// `d`: the selected booking's every change.
    /// `d`: the guest's profile history when the guest pane has the focus, else the selected booking's.
    mutating func openHistory(_ fx: inout [Effect]) {
        if focus == .customer, let c = customer?.customer, !c.anonymous {
            overlay = .history(HistoryPanel(.guest(c.id), title: "\(c.name)'s profile"))
            fx.append(.loadHistory(.guest(c.id)))
            return
        }
        guard let e = selectedEntry else {
            message = StatusMessage("Select a reservation first (move onto a booking in the timeline).", isError: true)
            return
        }
        overlay = .history(HistoryPanel(.booking(e.id), title: describe(e)))
        fx.append(.loadHistory(.booking(e.id)))
    }

    mutating func historyKey(_ key: Key, _ panel: HistoryPanel) {
        var p = panel
        switch key {
        case .down, .char("j"): p.scroll += 1
        case .up, .char("k"): p.scroll = max(0, p.scroll - 1)
        case .pageDown, .char(" "): p.scroll += 10
        case .pageUp: p.scroll = max(0, p.scroll - 10)
        default:
            overlay = nil
            return
        }
        p.scroll = min(p.scroll, max(0, (p.events?.count ?? 0) - 1))
        overlay = .history(p)
    }
}
