import Foundation
import ReservationDomain

extension AppState {
    /// `:venue`'s keys on its rows: Enter changes the row, `a` adds a service, `t` a turn, `x` takes a service,
    /// a turn or a closure out (asked first). Managers and admins only, as the core requires.
    mutating func venueKey(_ key: Key, _ s: AdminScreen, row: AdminRow?, _ fx: inout [Effect]) {
        let target: VenuePrompt.Target?
        switch (key, row?.venue) {
        case (.enter, .setting(let setting)?), (.char("e"), .setting(let setting)?): target = .setting(setting)
        case (.enter, .turn(let t, _)?), (.char("e"), .turn(let t, _)?): target = .turn(upToParty: t.upToParty)
        case (.enter, .hours(let h)?), (.char("e"), .hours(let h)?): target = .hours(h)
        case (.enter, .closure?), (.char("e"), .closure?):
            message = StatusMessage("A closure is changed by taking it out (x) and adding it again: :close FROM TO REASON.")
            return
        case (.char("a"), _): target = .newHours
        case (.char("t"), _): target = .newTurn
        case (.char("n"), _):
            guard guardWritable() else { return }
            guard let staff, Actor(staff: staff).may(.manageRestaurants) else {
                message = StatusMessage(ReservationError.forbidden(role: staff?.role ?? .host, action: Permission.manageRestaurants.phrase).description, isError: true)
                return
            }
            target = .newVenue
        case (.char("x"), let venueRow?):
            guard mayChangeFloor() else { return }
            removeFromVenue(venueRow, s)
            return
        default: return
        }
        openVenuePrompt(target, s, row: row)
    }

    /// A `:venue` or `:floor` prompt for the row's value, starting from it (managers and admins, as the core requires).
    mutating func openVenuePrompt(_ target: VenuePrompt.Target?, _ s: AdminScreen, row: AdminRow?) {
        guard let target, mayChangeFloor() else { return }
        overlay = .prompt(PromptForm(kind: .venue(VenuePrompt(target, back: s)), text: VenuePrompt.initialText(target, row: row)))
    }

    private mutating func removeFromVenue(_ row: VenueRow, _ s: AdminScreen) {
        switch row {
        case .setting(let setting):
            message = StatusMessage("\(setting.label) is always set; Enter changes it.")
        case .turn(_, last: true):
            message = StatusMessage("The last turn covers every larger party and cannot go; Enter changes its minutes.")
        case .turn(let t, _):
            overlay = .confirm(ConfirmPrompt("Remove the turn for parties up to \(t.upToParty) (\(t.minutes) min)? They take the next turn up. (y/n)",
                                             .changeVenue([.turnTime(upToParty: t.upToParty, minutes: nil)])), under: .admin(s))
        case .hours(let h):
            overlay = .confirm(ConfirmPrompt("Remove \(h.dayName) \(h.name) \(h.opens)-\(h.closes)? Nothing more is booked then; bookings already made are named first. (y/n)",
                                             .changeVenue([.hours(replacing: h, with: nil)])), under: .admin(s))
        case .closure(let c):
            overlay = .confirm(ConfirmPrompt("Open again on \(c.span)\(c.reason.isEmpty ? "" : " (\(c.reason))")? Bookings are taken those days at once. (y/n)",
                                             .openAgain(c.startsOn, table: nil)), under: .admin(s))
        }
    }

    /// A prompt's text read as the changes it stands for and sent; the prompt stays open until the core
    /// answers, so a refusal ("Hold minutes: 2000 is out of range…") is shown where it was typed.
    mutating func submitVenue(_ v: VenuePrompt, _ p: PromptForm, _ fx: inout [Effect]) {
        var p = p
        if case .newVenue = v.target {
            guard let typed = Self.newVenue(p.field.trimmed, zone: config.timeZone) else {
                p.error = "Type a short name (letters, digits, dashes), the name, and a zone if not this one's: norte Casa Norte Europe/Madrid."
                overlay = .prompt(p)
                return
            }
            p.error = nil
            overlay = .prompt(p)
            fx.append(.createVenue(slug: typed.slug, name: typed.name, timeZone: typed.zone))
            return
        }
        if case .tableOut(let label) = v.target {
            let words = p.field.trimmed.split(separator: " ").map(String.init)
            guard let days = CommandParser.closureDays(words, today: today) else {
                p.error = "Type the first day out, the last, and why: 24/12 26/12 new chairs."
                overlay = .prompt(p)
                return
            }
            p.error = nil
            overlay = .prompt(p)
            closureAsked = .closeAnyway(table: label, from: days.from, to: days.to, reason: days.reason)
            fx.append(.addClosure(config.restaurantID, table: label, from: days.from, to: days.to, reason: days.reason, strandingBookings: false))
            return
        }
        do {
            let edits = try v.edits(p.field.trimmed)
            p.error = nil
            overlay = .prompt(p)
            sendVenue(edits, strandingBookings: false, &fx)
        } catch {
            p.error = Self.venueText(error)
            overlay = .prompt(p)
        }
    }

    /// `:venue`'s refusals name their setting themselves ("Hold minutes: …"), so not the field again.
    static func venueText(_ error: ReservationError) -> String {
        if case .invalid(_, let message) = error { return message }
        return error.podiumText
    }

    /// A refusal of a `:venue` change while its prompt waits: said in the prompt, where it can be fixed.
    mutating func venueRefused(_ error: ReservationError, _ fx: inout [Effect]) -> Bool {
        guard case .prompt(let p) = overlay, case .venue = p.kind, case .invalid = error else { return false }
        venueAsked = nil
        failed(Self.venueText(error), &fx)
        return true
    }

    mutating func sendVenue(_ edits: [VenueEdit], strandingBookings: Bool, _ fx: inout [Effect]) {
        venueAsked = strandingBookings ? nil : edits
        fx.append(.changeVenue(config.restaurantID, edits, strandingBookings: strandingBookings))
    }

    /// Saved: back to the list where the manager was, reloaded; the floor reloaded too (hours and turns are
    /// what it draws).
    mutating func venueChanged(_ change: VenueChange, _ fx: inout [Effect]) {
        venueAsked = nil
        if let list = venuePromptList { overlay = list }
        message = StatusMessage(change.summary)
        reloadFloorScreens(&fx)
        reload(&fx)
    }

    /// `:venue` or `:floor` open: read again after a change to the venue.
    mutating func reloadFloorScreens(_ fx: inout [Effect]) {
        if case .admin(let screen) = overlay, screen.kind == .venue || screen.kind == .floor {
            fx.append(.loadAdmin(screen.kind, config.restaurantID, filter: ""))
        }
    }

    /// The core named live bookings the change would leave outside the rules: asked whether to save anyway.
    mutating func venueWouldStrand(_ text: String) -> Bool {
        guard let edits = venueAsked else { return false }
        venueAsked = nil
        overlay = .confirm(ConfirmPrompt(text + " Save anyway? (y/n)", .changeVenueAnyway(edits)), under: venuePromptList ?? overlay)
        return true
    }

    /// The `:venue` or `:floor` list a waiting venue prompt came from, where its answer (saved, a question
    /// about it) goes back to; nil when no such prompt is open.
    var venuePromptList: Overlay? {
        if case .prompt(let p) = overlay, case .venue(let v) = p.kind { return .admin(v.back) }
        return nil
    }
}
