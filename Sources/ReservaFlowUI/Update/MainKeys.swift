import Foundation
import ReservationDomain

extension AppState {
    var layout: Layout { Layout(size: size, focus: focus) }

    mutating func mainKey(_ key: Key, _ fx: inout [Effect]) {
        if key == .ctrl("c") || key == .ctrl("q") {
            requestQuit(&fx)
            return
        }
        if layout.mode == .tooSmall {
            if key == .char("q") { requestQuit(&fx) }
            return
        }
        if commandLine != nil { commandKey(key, &fx); return }
        if search != nil { searchKey(key, &fx); return }
        if overlay != nil { overlayKey(key, &fx); return }
        if day == nil, loading, Self.actsOnTheDay(key) {
            if typeAhead.count < 16 { typeAhead.append(key) }
            return
        }
        if key != .esc { message = nil }

        switch key {
        case .char("q"): requestQuit(&fx)
        case .char("?"): overlay = .help(scroll: 0)
        case .char("/"):
            search = SearchState()
        case .char(":"):
            commandLine = CommandLineState()
        case .esc: message = nil
        case .tab: cycleFocus(1)
        case .backTab: cycleFocus(-1)
        case .char("i"):
            if focus == .customer {
                switchFocus(focusBeforeGuest ?? .floor)
                focusBeforeGuest = nil
            } else {
                focusBeforeGuest = focus
                switchFocus(.customer)
            }
        case .char("["): changeDate(date.adding(days: -1), &fx)
        case .char("]"): changeDate(date.adding(days: 1), &fx)
        case .char("t"): goToNow(&fx)
        case .char("g"): overlay = .prompt(PromptForm(kind: .gotoDate))
        case .char("n"), .char("b"): openBooking(table: nil, time: nil, &fx)
        case .char("w"): openWalkIn(party: nil, &fx)
        case .char("W"): overlay = .waitlist(index: 0)
        case .char("o"): overlay = .lateArrivals(index: 0)
        case .char("u"): undo(&fx)
        case .char("M"): askMergeDuplicate(&fx)
        case .char("X"): askTableService()
        case .char("R"), .ctrl("l"):
            reload(&fx)
            fx.append(.checkHealth)
        case .char("a"): switchArea(areaIndex + 1, &fx)
        case .char("A"): switchArea(areaIndex - 1, &fx)
        case .char(let c) where c.isASCII && c.isNumber && c != "0":
            switchArea(Int(String(c))! - 1, &fx)
        case .enter: enter(&fx)
        case let k where actionKeys[k] != nil: runActionKey(k, &fx)
        default:
            navigate(key, &fx)
        }
    }

    mutating func cycleFocus(_ d: Int) {
        let all = Pane.allCases
        focus = all[(focus.rawValue + d + all.count) % all.count]
        ensureCursorVisible()
    }

    mutating func switchFocus(_ p: Pane) {
        focus = p
        ensureCursorVisible()
    }

    mutating func requestQuit(_ fx: inout [Effect]) {
        if hasFormInput {
            overlay = .confirm(ConfirmPrompt("Discard what you typed and quit? (y/n)", .quit), under: overlay)
            return
        }
        quit(&fx)
    }

    mutating func quit(_ fx: inout [Effect]) {
        if case .booking(let f) = overlay, let l = f.lease { fx.append(.releaseLease(token: l.token)) }
        wantsQuit = true
        fx.append(.quit)
    }

    /// `t`: today, with the timeline cursor back on now; it follows the clock again until the host moves it.
    mutating func goToNow(_ fx: inout [Effect]) {
        guard date == today, day != nil else { return changeDate(today, &fx) }
        cursorMoved = false
        followNow()
        syncSelection(&fx)
    }

    mutating func changeDate(_ d: LocalDate, _ fx: inout [Effect]) {
        guard d != date || day == nil else { return }
        date = d
        day = nil
        typeAhead.removeAll()
        selectedReservation = nil
        cursorMoved = false
        scrollSlot = 0
        reload(&fx)
    }

    mutating func switchArea(_ i: Int, _ fx: inout [Effect]) {
        guard let day, !day.areas.isEmpty else { return }
        let n = day.areas.count
        guard i >= 0 && i < n || i == n || i == -1 else { return }
        areaIndex = (i + n) % n
        selectedTable = day.tablesByArea[areaIndex].first?.id
        if let t = selectedTable, let ti = day.tableIndex(t) { cursorTable = ti }
        syncSelection(&fx)
        ensureCursorVisible()
    }

    mutating func enter(_ fx: inout [Effect]) {
        guard let day else { return }
        switch focus {
        case .floor:
            if let t = selectedTable { overlay = .tableBookings(t, index: 0) }
        case .timeline:
            guard let table = day.tables[safe: cursorTable] else { return }
            if let e = day.entry(table: table.id, slot: cursorSlot) {
                selectedReservation = e.id
                overlay = .actions(e.id)
            } else if let slot = day.slots[safe: cursorSlot] {
                openBooking(table: table.label, time: clock.timeOfDay(of: slot), &fx)
            }
        case .customer:
            if let e = selectedEntry { overlay = .actions(e.id) }
        }
    }

    /// A status action on the selected reservation. Cancel, no-show and finish ask first (on the status
    /// line): they email the guest, count against them or free the table, and each is one stray key away
    /// (typing "Sofia" on the main screen finished a seated party with its `f`).
    mutating func act(_ action: ReservationAction, _ fx: inout [Effect]) {
        guard guardWritable() else { return }
        guard let e = selectedEntry else {
            message = StatusMessage("Select a reservation first (move onto a booking in the timeline).", isError: true)
            return
        }
        let r = e.reservation
        if !StatusMachine.canMove(r.status, to: action.target) {
            message = StatusMessage(ReservationError.illegalTransition(from: r.status, to: action.target).description, isError: true)
            return
        }
        // The core's time rule (`ActionWindows`), checked before asking: a question answered `y` used to be
        // followed by "from 21:15 on".
        if let why = ActionWindows.refusal(action, start: r.startsAt, end: r.endsAt, now: now, clock: clock) {
            message = StatusMessage(why, isError: true)
            return
        }
        switch action {
        case .cancel:
            // Only a guest with an e-mail address is told (a walk-in or a phone-only guest is not).
            let told = e.customer.email == nil ? "" : " The guest is emailed."
            overlay = .confirm(ConfirmPrompt("Cancel \(e.customer.name) ×\(r.partySize) at \(clock.hhmm(r.startsAt))?\(told) (y/n)", .cancelReservation(r.id)), under: nil)
        case .noShow:
            overlay = .confirm(ConfirmPrompt("Mark \(e.customer.name) ×\(r.partySize) at \(e.seatLabel) as a no-show? (y/n)", .noShow(r.id)), under: nil)
        case .complete:
            overlay = .confirm(ConfirmPrompt("Finish \(e.customer.name) ×\(r.partySize) at \(e.seatLabel) and free the table? (y/n)", .complete(r.id)), under: nil)
        case .seat:
            seat(e, &fx)
        default:
            fx.append(.apply(action, r.id))
        }
    }

    /// `v`: who of the selected party is here, before it is seated: nobody → partly → all → nobody. Each
    /// press is one mark the core records (audited) and `u` can take back.
    mutating func markArrival(_ fx: inout [Effect]) {
        guard guardWritable() else { return }
        guard let e = selectedEntry else {
            message = StatusMessage("Select a reservation first (move onto a booking in the timeline).", isError: true)
            return
        }
        let r = e.reservation
        guard r.status == .confirmed || r.status == .pending else {
            message = StatusMessage(r.status == .seated ? "\(e.customer.name) ×\(r.partySize) is already seated: the whole party is in."
                                    : "\(e.customer.name) ×\(r.partySize) is \(r.status.label): only a booking still to be seated can be marked as arrived.", isError: true)
            return
        }
        fx.append(.setArrival(r.id, r.arrival.next))
    }

    /// Takes back the last status change made here. The core refuses it once too old or when the booking
    /// changed since, and says why; the window is checked here too only to answer at once.
    mutating func undo(_ fx: inout [Effect]) {
        guard guardWritable() else { return }
        guard let u = undoable, now.timeIntervalSince(u.at) <= Double(ActionWindows.undoMinutes * 60) else {
            undoable = nil
            message = StatusMessage("Nothing to undo: u takes back a confirm, seat, finish, cancel, no-show, arrival mark, walk-in or waitlist seating made here in the last \(ActionWindows.undoMinutes) min.", isError: true)
            return
        }
        message = StatusMessage("Undoing \(u.summary)…")
        fx.append(.undo(u.reservation))
    }

    /// Seats `e`, asking first when it is well before the booked time (the core refuses it altogether
    /// earlier than `ActionWindows.seatEarlyMinutes`, and says so).
    mutating func seat(_ e: BookEntry, _ fx: inout [Effect]) {
        let r = e.reservation
        selectedReservation = r.id
        if r.startsAt.timeIntervalSince(now) > Double(ActionWindows.seatWithoutAskingMinutes * 60) {
            let question = "Seat \(e.customer.name) ×\(r.partySize) at \(e.seatLabel) early? Booked for \(clock.hhmm(r.startsAt)). (y/n)"
            overlay = .confirm(ConfirmPrompt(question, .seatEarly(r.id)), under: nil)
            return
        }
        fx.append(.apply(.seat, r.id))
    }

    mutating func promptFor(_ kind: (UUID) -> PromptForm.Kind) {
        guard guardWritable() else { return }
        guard let e = selectedEntry else {
            message = StatusMessage("Select a reservation first (move onto a booking in the timeline).", isError: true)
            return
        }
        let k = kind(e.id)
        let initial: String
        switch k {
        case .moveTable: initial = e.seatLabel
        case .changeTime: initial = clock.hhmm(e.reservation.startsAt)
        case .changeParty: initial = String(e.reservation.partySize)
        case .editNotes: initial = e.reservation.notes
        case .gotoDate, .shiftNote, .renameStaff, .venue, .newGuest: initial = ""
        }
        overlay = .prompt(PromptForm(kind: k, text: initial))
    }

    /// False (with the reason on screen) in read-only mode.
    mutating func guardWritable() -> Bool {
        if config.readOnly {
            message = StatusMessage("Read-only mode: changes are turned off on this terminal.", isError: true)
            return false
        }
        return true
    }

    /// Keys that need the day's book to mean anything: moves, Enter, areas, timeline scrolling, actions.
    static func actsOnTheDay(_ key: Key) -> Bool {
        switch key {
        case .enter, .up, .down, .left, .right, .home, .end, .pageUp, .pageDown: true
        case .char(let c): "hjklaAHLcsfx!mrpev".contains(c) || (c.isASCII && c.isNumber)
        default: false
        }
    }

    /// A key typed while a form is being saved: kept for after (`typeAhead`), since the saved form closes and
    /// reads the day again. Issue 20: `w 2 Enter W w 3 …` seated the walk-in and lost the waitlist add.
    mutating func keepForAfterTheSave(_ key: Key) {
        if typeAhead.count < 64 { typeAhead.append(key) }
    }

    /// After the day arrives, the keys pressed while it loaded, in order.
    mutating func replayTypeAhead(_ fx: inout [Effect]) {
        guard day != nil, !loading, !typeAhead.isEmpty else { return }
        let keys = typeAhead
        typeAhead.removeAll()
        for k in keys { mainKey(k, &fx) }
    }
}
