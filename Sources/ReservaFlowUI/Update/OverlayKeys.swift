import Foundation
import ReservationDomain

extension AppState {
    mutating func overlayKey(_ key: Key, _ fx: inout [Effect]) {
        guard let o = overlay else { return }
        switch o {
        case .help(let scroll):
            switch key {
            case .down, .char("j"): overlay = .help(scroll: scroll + 1)
            case .up, .char("k"): overlay = .help(scroll: max(0, scroll - 1))
            case .pageDown, .char(" "): overlay = .help(scroll: scroll + 10)
            case .pageUp: overlay = .help(scroll: max(0, scroll - 10))
            default: overlay = nil  // any other key closes help, like less(1) with q
            }
        case .tableBookings(let table, let index):
            tableBookingsKey(key, table, index, &fx)
        case .venuePicker(let venues, let index):
            venuePickerKey(key, venues, index, &fx)
        case .actions(let id):
            actionsKey(key, id, &fx)
        case .confirm(let prompt, let under):
            switch key {
            // Esc on a form's "discard?" is the second Esc of Esc Esc: the host is leaving, so it leaves
            // (it used to go back to the form, where the next keys typed landed: "GarcynLola Mena").
            // On any other question Esc means "no, go back".
            case .char("y"), .char("Y"),
                 .esc where prompt.action == .discardForm:
                overlay = nil
                confirmed(prompt.action, under: under, &fx)
            case .char("n"), .char("N"), .esc:
                overlay = under
            default:
                break
            }
        case .prompt(var p):
            switch key {
            case .esc:
                // A `:venue` or `:guests` prompt given up goes back to the list it came from.
                if let list = venuePromptList { overlay = list }
                else if case .newGuest = p.kind { overlay = .admin(AdminScreen(kind: .guests)) }
                else { overlay = nil }
            case .enter: submitPrompt(p, &fx)
            default:
                p.field.apply(key)
                p.error = nil
                overlay = .prompt(p)
            }
        case .waitlist(let index):
            waitlistKey(key, index, &fx)
        case .waitlistSeat(let form):
            waitlistSeatKey(key, form, &fx)
        case .lateArrivals(let index):
            lateArrivalsKey(key, index, &fx)
        case .booking:
            bookingKey(key, &fx)
        case .walkIn(let form):
            walkInKey(key, form, &fx)
        case .history(let panel):
            historyKey(key, panel)
        case .guestEdit(let form):
            guestEditKey(key, form, &fx)
        case .admin(let screen):
            adminKey(key, screen, &fx)
        case .reports(let screen):
            reportKey(key, screen, &fx)
        }
    }

    func tableEntries(_ table: TableID) -> [BookEntry] {
        day?.sheet.entries(for: table) ?? []
    }

    mutating func tableBookingsKey(_ key: Key, _ table: TableID, _ index: Int, _ fx: inout [Effect]) {
        let entries = tableEntries(table)
        switch key {
        case .esc, .char("q"): overlay = nil
        case .down, .char("j"): overlay = .tableBookings(table, index: min(index + 1, max(0, entries.count - 1)))
        case .up, .char("k"): overlay = .tableBookings(table, index: max(0, index - 1))
        case .enter:
            if let e = entries[safe: index] {
                selectedReservation = e.id
                showCustomer(e.customer, &fx)
                overlay = .actions(e.id)
            }
        case .char("n"), .char("b"):
            overlay = nil
            openBooking(table: day?.table(table)?.label, time: nil, &fx)
        default:
            if let e = entries[safe: index], actionKeys.keys.contains(key) {
                selectedReservation = e.id
                showCustomer(e.customer, &fx)
                overlay = nil
                runActionKey(key, &fx)
            }
        }
    }

    var actionKeys: [Key: String] {
        [.char("c"): "confirm", .char("s"): "seat", .char("f"): "finish (complete)", .char("x"): "cancel",
         .char("!"): "no-show", .char("m"): "move table", .char("r"): "change time", .char("p"): "party size",
         .char("e"): "edit notes", .char("v"): "arrived: partly / all / not", .char("d"): "history",
         .char("E"): "edit the guest"]
    }

    mutating func runActionKey(_ key: Key, _ fx: inout [Effect]) {
        switch key {
        case .char("c"): act(.confirm, &fx)
        case .char("s"): act(.seat, &fx)
        case .char("f"): act(.complete, &fx)
        case .char("x"): act(.cancel, &fx)
        case .char("!"): act(.noShow, &fx)
        case .char("m"): promptFor { .moveTable($0) }
        case .char("r"): promptFor { .changeTime($0) }
        case .char("p"): promptFor { .changeParty($0) }
        case .char("e"): promptFor { .editNotes($0) }
        case .char("v"): markArrival(&fx)
        case .char("d"): openHistory(&fx)
        case .char("E"): openGuestEdit()
        default: break
        }
    }

    mutating func actionsKey(_ key: Key, _ id: UUID, _ fx: inout [Effect]) {
        switch key {
        case .esc, .char("q"): overlay = nil
        case .char("i"):
            overlay = nil
            if let e = day?.entry(id) { showCustomer(e.customer, &fx) }
            switchFocus(.customer)
        default:
            guard actionKeys.keys.contains(key) else { return }
            selectedReservation = id
            overlay = nil
            runActionKey(key, &fx)
        }
    }

    mutating func submitPrompt(_ p: PromptForm, _ fx: inout [Effect]) {
        var p = p
        let text = p.field.trimmed
        switch p.kind {
        case .gotoDate:
            guard let d = DateInput.parse(text, today: today) else {
                p.error = "Not a date I can read: try today, tomorrow, fri, 24/12 or 2026-12-24."
                overlay = .prompt(p)
                return
            }
            overlay = nil
            changeDate(d, &fx)
        case .moveTable(let id):
            guard let t = day?.sheet.table(labeled: text) else {
                p.error = "There is no table \"\(text)\"."
                overlay = .prompt(p)
                return
            }
            fx.append(.change(id, ReservationChange(tableLabel: t.label)))
        case .changeTime(let id):
            guard let t = TimeInput.parse(text, service: day?.serviceSpan) else {
                p.error = "Not a time I can read: try 19:30, 7:30pm or 1930."
                overlay = .prompt(p)
                return
            }
            fx.append(.change(id, ReservationChange(time: t)))
        case .changeParty(let id):
            guard let n = PartyInput.parse(text) else {
                p.error = PartyInput.problem(text) ?? "Party: type the number of guests."
                overlay = .prompt(p)
                return
            }
            fx.append(.change(id, ReservationChange(partySize: n)))
        case .editNotes(let id):
            fx.append(.change(id, ReservationChange(notes: text)))
        case .shiftNote(let d):
            // Checked as the core checks it, so the prompt says it before anything is sent.
            do { _ = try Fields.shiftNote(text) } catch {
                p.error = error.podiumText
                overlay = .prompt(p)
                return
            }
            fx.append(.setShiftNote(config.restaurantID, d, text))
        case .renameStaff(let user):
            fx.append(.changeStaff(username: user, StaffChange(displayName: text)))
            overlay = .admin(AdminScreen(kind: .staff))
        case .venue(let v):
            submitVenue(v, p, &fx)
        case .newGuest:
            submitNewGuest(p, &fx)
        }
    }

    /// In the host's order (`position`, moved with `K`/`J`), as every terminal and the CLI list it.
    var activeWaitlist: [WaitlistEntry] {
        (day?.sheet.waitlist ?? []).filter { $0.status == .waiting || $0.status == .notified }
            .sorted { ($0.position, $0.id) < ($1.position, $1.id) }
    }

    /// The late list of the day on screen; only today's parties can be late.
    var lateArrivals: [LateArrival] {
        guard isToday, let day else { return [] }
        return day.lateArrivals(now: now)
    }

    mutating func lateArrivalsKey(_ key: Key, _ index: Int, _ fx: inout [Effect]) {
        let list = lateArrivals
        switch key {
        case .esc, .char("q"), .char("o"): overlay = nil
        case .down, .char("j"): overlay = .lateArrivals(index: min(index + 1, max(0, list.count - 1)))
        case .up, .char("k"): overlay = .lateArrivals(index: max(0, index - 1))
        case .enter:
            guard let late = list[safe: index] else { return }
            overlay = nil
            select(late.entry, &fx)
        default: break
        }
    }

    mutating func waitlistKey(_ key: Key, _ index: Int, _ fx: inout [Effect]) {
        let list = activeWaitlist
        let current = list[safe: index]
        switch key {
        case .esc, .char("q"): overlay = nil
        case .down, .char("j"): overlay = .waitlist(index: min(index + 1, max(0, list.count - 1)))
        case .up, .char("k"): overlay = .waitlist(index: max(0, index - 1))
        case .char("w"): openWalkIn(party: nil, list: index, &fx)
        case .char("s"), .enter:
            // The host chooses the table: the best free one that fits is offered, as in the walk-in form.
            guard guardWritable(), let e = current else { return }
            overlay = .waitlistSeat(WaitlistSeatForm(entry: e, index: index))
        case .char("m"):
            guard guardWritable(), let e = current else { return }
            fx.append(.notifyWaitlist(e.id))
        case .char("K"), .char("-"), .char("J"), .char("+"):
            // Move the entry; the cursor goes with it (the core refuses at the ends and says so).
            guard guardWritable(), let e = current else { return }
            let up = key == .char("K") || key == .char("-")
            if up ? index > 0 : index < list.count - 1 {
                fx.append(.moveWaitlist(e.id, up: up))
                overlay = .waitlist(index: up ? index - 1 : index + 1)
            } else {
                message = StatusMessage("\(e.name) is already \(up ? "first" : "last") on the waitlist.")
            }
        case .char("x"), .char("d"):
            guard guardWritable(), let e = current else { return }
            overlay = .confirm(ConfirmPrompt("Remove \(e.name) ×\(e.partySize) from the waitlist? (y/n)", .removeWaitlist(e.id)), under: .waitlist(index: index))
        default: break
        }
    }

    /// What the seat form offers now: the walk-in form's plan for the party, at the table typed or picked.
    func waitlistSeatPlan(_ f: WaitlistSeatForm) -> WalkInPlan? {
        day.map { WalkInPlan.compute(day: $0, party: f.party, now: now, preferred: f.table.text) }
    }

    mutating func waitlistSeatKey(_ key: Key, _ form: WaitlistSeatForm, _ fx: inout [Effect]) {
        var f = form
        guard !f.submitting else { return }
        switch key {
        case .esc:
            overlay = .waitlist(index: f.index)
            return
        case .left, .right:
            if let day, let next = WalkInPlan.compute(day: day, party: f.party, now: now).step(from: f.table.trimmed, forward: key == .right) {
                f.table.set(next)
            }
            f.error = nil
        case .enter:
            guard let plan = waitlistSeatPlan(f) else { return }
            if let problem = plan.problem ?? plan.closed {
                f.error = problem
            } else if let seat = plan.seatLabel {
                f.submitting = true
                fx.append(.seatWaitlist(f.entryID, table: seat, leaveBy: plan.leaveBy))
            } else {
                let wait = plan.quotedMinutes.map { " (about \($0) min)" } ?? ""
                f.error = "No table is free now for \(f.party)\(wait)."
            }
        default:
            f.table.apply(key)
            f.error = nil
        }
        overlay = .waitlistSeat(f)
    }
}
