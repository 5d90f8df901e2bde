import Foundation
import ReservationDomain

extension AppState {
    mutating func commandKey(_ key: Key, _ fx: inout [Effect]) {
        guard var c = commandLine else { return }
        switch key {
        case .esc:
            commandLine = nil
        case .tab, .backTab:
            if c.completions.isEmpty {
                c.completions = CommandParser.complete(c.field.text, themes: config.themeNames,
                                                       tables: day?.tables.map(\.label) ?? [])
                c.completionIndex = key == .backTab ? c.completions.count - 1 : 0
            } else {
                let n = c.completions.count
                c.completionIndex = (c.completionIndex + (key == .backTab ? -1 : 1) + n) % n
            }
            if let pick = c.completions[safe: c.completionIndex] { c.field.set(pick) }
            commandLine = c
        case .enter:
            let text = c.field.trimmed
            commandLine = nil
            if !text.isEmpty { runCommand(text, &fx) }
        case .backspace where c.field.isEmpty:
            commandLine = nil
        default:
            c.field.apply(key)
            c.completions = []
            commandLine = c
        }
    }

    mutating func runCommand(_ text: String, _ fx: inout [Effect]) {
        switch CommandParser.parse(text, today: today, service: day?.serviceSpan) {
        case .failure(let e):
            message = StatusMessage(e.message, isError: true)
        case .success(let cmd):
            run(cmd, &fx)
        }
    }

    mutating func run(_ cmd: Command, _ fx: inout [Effect]) {
        switch cmd {
        case .book(let party, let time, let d, let name, let phone):
            guard guardWritable() else { return }
            let guest: GuestInput
            if let phone {
                guest = .new(name: name, phone: phone, email: nil)
            } else if let c = customer?.customer, c.name.localizedCaseInsensitiveContains(name) {
                guest = .existing(c.id)
            } else {
                message = StatusMessage(":book needs a phone for a new guest (or select the guest first).", isError: true)
                return
            }
            fx.append(.book(BookingRequest(restaurantID: config.restaurantID, date: d ?? date, time: time,
                                           partySize: party, guest: guest, source: .phone)))
            message = StatusMessage("Booking \(name) ×\(party) at \(time)…")
        case .seat(let label):
            guard guardWritable() else { return }
            guard let day, let table = day.sheet.table(labeled: label) else {
                message = StatusMessage("There is no table \"\(label)\".", isError: true)
                return
            }
            guard isToday else {
                message = StatusMessage("Seating is for today: press t to go to today.", isError: true)
                return
            }
            // The booking the host means: of the confirmed ones the core would seat now, the one booked
            // closest to now (a 19:00 party arriving at 19:10, not the 21:45 one, nor the other way round).
            let seatable = day.entries(for: table.id).filter {
                $0.reservation.status == .confirmed
                    && ActionWindows.refusal(.seat, start: $0.reservation.startsAt, end: $0.reservation.endsAt, now: now, clock: clock) == nil
            }
            guard let e = seatable.min(by: { abs($0.reservation.startsAt.timeIntervalSince(now)) < abs($1.reservation.startsAt.timeIntervalSince(now)) }) else {
                let later = day.entries(for: table.id).first { $0.reservation.status == .confirmed && $0.reservation.startsAt > now }
                let why = later.map { "; the next is \($0.customer.name) at \(clock.hhmm($0.reservation.startsAt))" } ?? ""
                message = StatusMessage("No confirmed booking to seat at \(table.label) now\(why). For a walk-in use :walkin N.", isError: true)
                return
            }
            let others = seatable.filter { $0.id != e.id }.map { "\(clock.hhmm($0.reservation.startsAt)) \($0.customer.name)" }
            message = StatusMessage("Seating \(e.customer.name) ×\(e.reservation.partySize) (\(clock.hhmm(e.reservation.startsAt))) at \(table.label)"
                                    + (others.isEmpty ? "…" : "; also booked there: \(others.joined(separator: ", ")).") )
            seat(e, &fx)
        case .walkIn(let party):
            guard guardWritable() else { return }
            openWalkIn(party: party, &fx)
        case .date(let d): changeDate(d, &fx)
        case .today: changeDate(today, &fx)
        case .theme(let name):
            guard config.themeNames.contains(name) else {
                message = StatusMessage("No theme \"\(name)\". Themes: \(config.themeNames.joined(separator: ", ")).", isError: true)
                return
            }
            fx.append(.loadTheme(name))
        case .search(let text):
            var s = SearchState()
            s.field.set(text)
            s.matches = AppState.matches(s.field.trimmed, in: day, now: now)
            endSearch(s, &fx)
        case .waitlist: overlay = .waitlist(index: 0)
        case .admin(let kind): openAdmin(kind, &fx)
        case .reports: openReports(&fx)
        case .close(let from, let to, let reason): closeCommand(from: from, to: to, reason: reason, &fx)
        case .open(let d):
            guard mayChangeFloor() else { return }
            fx.append(.removeClosure(config.restaurantID, table: nil, d))
        case .note(let text): shiftNoteCommand(text, &fx)
        case .help: overlay = .help(scroll: 0)
        case .quit: requestQuit(&fx)
        case .reload:
            reload(&fx)
            fx.append(.checkHealth)
        }
    }

    /// `:note`: the day's shift notes whole (the header cuts them), and for managers the editor. A host is
    /// told why not here, in the core's words (the core refuses them too: `Permission.editShiftNotes`).
    /// `:close`: asked of the core as typed; over live bookings the core names them and the manager is asked
    /// whether to close anyway (`closureAsked` keeps what was typed for that question).
    mutating func closeCommand(from: LocalDate, to: LocalDate, reason: String, _ fx: inout [Effect]) {
        guard mayChangeFloor() else { return }
        closureAsked = ConfirmAction.closeAnyway(table: nil, from: from, to: to, reason: reason)
        fx.append(.addClosure(config.restaurantID, table: nil, from: from, to: to, reason: reason, strandingBookings: false))
    }

    /// Managers change the venue's days; a host is told so in one sentence.
    mutating func mayChangeFloor() -> Bool {
        guard guardWritable() else { return false }
        guard let staff, Actor(staff: staff).may(.manageFloor) else {
            message = StatusMessage(ReservationError.forbidden(role: staff?.role ?? .host, action: Permission.manageFloor.phrase).description, isError: true)
            return false
        }
        return true
    }

    mutating func shiftNoteCommand(_ text: String?, _ fx: inout [Effect]) {
        let current = day?.sheet.shiftNote
        guard let role = staff?.role, role >= Permission.editShiftNotes.minimumRole else {
            if text != nil {
                message = StatusMessage(ReservationError.forbidden(role: staff?.role ?? .host, action: Permission.editShiftNotes.phrase).description, isError: true)
            } else {
                message = StatusMessage(current.map { "Shift notes (\($0.updatedBy), \(clock.hhmm($0.updatedAt))): \($0.text)" }
                                        ?? "No shift notes for \(DateInput.short(date)); a manager can write them with :note.")
            }
            return
        }
        guard guardWritable() else { return }
        if let text {
            fx.append(.setShiftNote(config.restaurantID, date, text))
        } else {
            overlay = .prompt(PromptForm(kind: .shiftNote(date), text: current?.text ?? ""))
        }
    }
}
