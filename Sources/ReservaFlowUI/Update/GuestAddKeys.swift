import Foundation
import ReservationDomain

extension AppState {
    /// `:guests`, `a`: the typed line read as a name, a phone (digits, spaces and +) and an e-mail (the word
    /// with @), in any order, and sent; the prompt stays until the core answers, so a refusal (a phone that is
    /// another guest's, a name too long) is said where it was typed.
    mutating func submitNewGuest(_ p: PromptForm, _ fx: inout [Effect]) {
        var p = p
        guard let typed = Self.newGuest(p.field.trimmed) else {
            p.error = "Type the name and the phone, e.g. Nora Vidal 611 000 111 (an e-mail after, if they gave one)."
            overlay = .prompt(p)
            return
        }
        p.error = nil
        overlay = .prompt(p)
        fx.append(.addGuest(config.restaurantID, name: typed.name, phone: typed.phone, email: typed.email))
    }

    static func newGuest(_ text: String) -> (name: String, phone: String, email: String?)? {
        var name: [Substring] = [], phone: [Substring] = [], email: String? = nil
        for word in text.split(separator: " ") {
            if word.contains("@"), email == nil {
                email = String(word)
            } else if word.contains(where: \.isNumber), word.allSatisfy({ $0.isNumber || "+-().".contains($0) }) {
                phone.append(word)
            } else {
                name.append(word)
            }
        }
        guard !name.isEmpty, !phone.isEmpty else { return nil }
        return (name.joined(separator: " "), phone.joined(separator: " "), email)
    }

    /// Put on file: the guest list shows them (found by name), Enter opens them, E edits the rest.
    mutating func guestAdded(_ c: Customer, _ fx: inout [Effect]) {
        var screen = AdminScreen(kind: .guests)
        screen.filter.set(c.name)
        overlay = .admin(screen)
        fx.append(.loadAdmin(.guests, config.restaurantID, filter: c.name))
        message = StatusMessage("\(c.name) is on file (guest \(c.id)): Enter opens them, E edits allergies, tags and the rest.")
    }

    /// The core refused the new guest while its prompt waits: said in the prompt, where it can be fixed.
    mutating func newGuestRefused(_ error: ReservationError) -> Bool {
        guard case .prompt(var p) = overlay, case .newGuest = p.kind, case .invalid(_, let message) = error else { return false }
        p.error = message
        overlay = .prompt(p)
        return true
    }
}
