import Foundation
import ReservationDomain

extension AppState {
    /// `:staff`, `:audit`, `:guests`, `:venue`, `:floor`; a role that may not is told so in one sentence, as the core words it.
    mutating func openAdmin(_ kind: AdminScreen.Kind, _ fx: inout [Effect]) {
        if let p = kind.permission, let staff, !Actor(staff: staff).may(p) {
            message = StatusMessage(ReservationError.forbidden(role: staff.role, action: p.phrase).description, isError: true)
            return
        }
        overlay = .admin(AdminScreen(kind: kind))
        fx.append(.loadAdmin(kind, config.restaurantID, filter: ""))
    }

    mutating func adminLoaded(_ kind: AdminScreen.Kind, _ rows: AdminRows, filter: String, _ fx: inout [Effect]) {
        guard case .admin(var screen) = overlay, screen.kind == kind else { return }
        // The guests' rows are the core's answer to a search: one to an older search is not this screen's.
        if kind == .guests, filter != screen.filter.trimmed { return }
        screen.rows = rows
        screen.answered = filter
        screen.index = min(screen.index, max(0, screen.visible.count - 1))
        overlay = .admin(screen)
        // Enter pressed before this answer came (a host typing fast): it opens the first guest now.
        if screen.openWhenLoaded, kind == .guests {
            screen.openWhenLoaded = false
            overlay = .admin(screen)
            adminAction(.enter, screen, &fx)
        }
    }

    mutating func guestErased(_ id: CustomerID, cancelled: Int, _ fx: inout [Effect]) {
        if customer?.customer.id == id { customer = nil }
        let also = cancelled == 0 ? "" : " \(cancelled) booking\(cancelled == 1 ? " was" : "s were") cancelled and mailed first."
        message = StatusMessage("Guest \(id)'s personal data is erased; their bookings stay for the counts.\(also)")
        if case .admin(let screen) = overlay, screen.kind == .guests {
            fx.append(.loadAdmin(.guests, config.restaurantID, filter: screen.filter.trimmed))
        }
        reload(&fx)
    }

    mutating func staffChanged(_ member: StaffMember, _ fx: inout [Effect]) {
        let state = member.active ? "active" : "disabled: it cannot sign in, and its sessions end"
        message = StatusMessage("\(member.username): \(member.displayName), \(member.role.rawValue), \(state).")
        if case .admin(let screen) = overlay, screen.kind == .staff {
            fx.append(.loadAdmin(.staff, config.restaurantID, filter: ""))
        }
    }

    mutating func adminKey(_ key: Key, _ screen: AdminScreen, _ fx: inout [Effect]) {
        var s = screen
        if s.filtering {
            switch key {
            case .enter: s.filtering = false
            case .esc:
                s.filtering = false
                s.filter.set("")
            default: s.filter.apply(key)
            }
            s.index = 0
            overlay = .admin(s)
            if s.kind == .guests, s.filter.text != screen.filter.text || key == .esc {
                fx.append(.loadAdmin(.guests, config.restaurantID, filter: s.filter.trimmed))
            }
            return
        }
        let count = s.visible.count
        switch key {
        case .down, .char("j"): s.index = min(s.index + 1, max(0, count - 1))
        case .up, .char("k"): s.index = max(0, s.index - 1)
        case .pageDown: s.index = min(s.index + 10, max(0, count - 1))
        case .pageUp: s.index = max(0, s.index - 10)
        case .home: s.index = 0
        case .end: s.index = max(0, count - 1)
        case .char("/"): s.filtering = true
        case .char("R"), .ctrl("l"): fx.append(.loadAdmin(s.kind, config.restaurantID, filter: s.filter.trimmed))
        case .char("?"): overlay = .help(scroll: 0); return
        case .char(":"): overlay = nil; commandLine = CommandLineState(); return
        case .char("a") where s.kind == .guests:
            guard guardWritable() else { return }
            overlay = .prompt(PromptForm(kind: .newGuest))
            return
        case .esc, .char("q"):
            if !s.filter.isEmpty {
                s.filter.set("")
                s.index = 0
                if s.kind == .guests { fx.append(.loadAdmin(.guests, config.restaurantID, filter: "")) }
            } else {
                overlay = nil
                return
            }
        default:
            return adminAction(key, s, &fx)
        }
        overlay = .admin(s)
    }

    /// The keys of one screen's rows.
    private mutating func adminAction(_ key: Key, _ s: AdminScreen, _ fx: inout [Effect]) {
        let stale = s.kind == .guests && s.answered != s.filter.trimmed
        guard let row = s.selected, !stale else {
            // The search's answer is still on its way: Enter is kept for it.
            if s.kind == .guests, key == .enter {
                var waiting = s
                waiting.openWhenLoaded = true
                overlay = .admin(waiting)
            }
            return
        }
        switch (s.kind, key) {
        case (.staff, .char("x")):
            guard guardWritable(), let m = row.staff else { return }
            let question = m.active ? "Disable \(m.username) (\(m.displayName))? They cannot sign in, and their open sessions end. (y/n)"
                                    : "Enable \(m.username) (\(m.displayName)) again? (y/n)"
            overlay = .confirm(ConfirmPrompt(question, .changeStaff(m.username, StaffChange(active: !m.active))), under: .admin(s))
        case (.staff, .char("o")):
            guard guardWritable(), let m = row.staff, let me = staff else { return }
            let roles = StaffRole.allCases.filter { $0 <= me.role }
            let next = roles[((roles.firstIndex(of: m.role) ?? -1) + 1) % roles.count]
            overlay = .confirm(ConfirmPrompt("Make \(m.username) (\(m.displayName)) a \(next.rawValue)? Their open sessions end. (y/n)",
                                             .changeStaff(m.username, StaffChange(role: next))), under: .admin(s))
        case (.staff, .char("N")):
            guard guardWritable(), let m = row.staff else { return }
            overlay = .prompt(PromptForm(kind: .renameStaff(m.username), text: m.displayName))
        case (.guests, .enter):
            guard let c = row.guest else { return }
            overlay = nil
            showCustomer(c, &fx)
            switchFocus(.customer)
        case (.guests, .char("X")):
            guard guardWritable(), let c = row.guest, !c.anonymous else { return }
            guard let staff, Actor(staff: staff).may(.mergeGuests) else {
                message = StatusMessage(ReservationError.forbidden(role: staff?.role ?? .host, action: "erase a guest").description, isError: true)
                return
            }
            let question = "Erase \(c.name)'s personal data, on their request? Name, phone, e-mail, notes, allergies and tags go for good; "
                + "their bookings stay for the counts, and any still ahead are cancelled with their mails. (y/n)"
            overlay = .confirm(ConfirmPrompt(question, .eraseGuest(c.id)), under: .admin(s))
        case (.guests, .char("E")):
            guard guardWritable(), let c = row.guest else { return }
            overlay = c.anonymous ? .admin(s) : .guestEdit(GuestEditForm(guest: c))
        case (.venue, _):
            venueKey(key, s, row: row, &fx)
        case (.floor, _):
            floorKey(key, s, row: row, &fx)
        default:
            break
        }
    }
}
