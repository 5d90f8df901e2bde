import Foundation
import ReservationDomain

extension AppState {
    /// A manager changed the account signed in here. Disabled, or given another role or other venues: the
    /// session ends at once, and the login screen says why (what this terminal may do is not what it was).
    /// Only renamed: the header follows.
    mutating func accountChecked(_ member: StaffMember?, _ fx: inout [Effect]) {
        guard let current = staff else { return }
        guard let member else {
            return signOut("\(current.displayName)'s account was disabled by a manager. Sign in with another account.", &fx)
        }
        if member.role != current.role || Set(member.venues) != Set(current.venues) {
            let role = member.role == current.role ? "" : " (now \(member.role.rawValue))"
            return signOut("A manager changed \(member.displayName)'s account\(role). Sign in again.", &fx)
        }
        staff?.displayName = member.displayName
    }

    /// Back to the login screen with nothing of the book left on it: no guest data without a sign-in. A
    /// table this terminal held for a booking goes back at once.
    mutating func signOut(_ reason: String, _ fx: inout [Effect]) {
        if let lease = overlay.bookingForm?.lease { fx.append(.releaseLease(token: lease.token)) }
        staff = nil
        overlay = nil
        search = nil
        commandLine = nil
        customer = nil
        day = nil
        selectedReservation = nil
        undoable = nil
        typeAhead.removeAll()
        loading = false
        login = LoginForm()
        login.error = reason
        message = nil
        fx.append(.signOut)
    }
}
