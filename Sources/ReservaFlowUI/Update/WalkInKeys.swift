import Foundation
import ReservationDomain

/// What a walk-in of a given size can have right now, worked out from the day sheet alone so the form
/// answers as the host types (the core checks again when seating).
public struct WalkInPlan: Sendable, Hashable {
    public var party: Int
    /// The table Enter seats them at: the form shows exactly this one.
    public var table: DiningTable?
    /// Until the table's next booking, or the service's close, whichever comes first.
    public var freeUntil: Date?
    /// Minutes to wait when nothing is free; nil when no table could take the party today.
    public var quotedMinutes: Int?
    /// Set when the venue is not serving now ("closed now; dinner opens at 19:00"): nobody is seated.
    public var closed: String? = nil
    /// Why the table the host asked for cannot be had ("P6 is not free for 4 now: Ana is booking it at
    /// another terminal"): nobody is seated.
    public var problem: String? = nil
    /// The table the host asked for is free now but not for the whole turn: Enter seats the party to leave
    /// by this time, the table's next booking (`WalkInHours.shortStay`; the booking notes it).
    public var leaveBy: Date? = nil
    /// What the form says of a stay cut short ("T18+T19 is free until 20:00, short of a 150-min turn: Enter
    /// seats them to leave by 20:00"); nil for a whole turn.
    func shortStayText(_ sheet: DaySheet) -> String? {
        guard let leaveBy, let label = seatLabel else { return nil }
        let clock = sheet.restaurant.clock, turn = sheet.restaurant.rules.turnMinutes(forParty: party)
        return "\(label) is free until \(clock.hhmm(leaveBy)), short of a \(turn)-min turn: Enter seats them to leave by \(clock.hhmm(leaveBy))."
    }

    /// Every table free for the whole stay, best fit first (what ←→ in the Table field steps through).
    public var choices: [DiningTable] = []
    /// Where no single table is free: the combination Enter seats them at ("T4+T5"), and every free one.
    public var combination: TableCombination? = nil
    public var combinationChoices: [TableCombination] = []

    /// The table or combination Enter seats them at.
    public var seatLabel: String? { table?.label ?? combination?.label }
    public var seatCovers: String? {
        if let t = table { return "\(t.minCovers)-\(t.maxCovers)" }
        return combination.map { "\($0.minCovers)-\($0.maxCovers)" }
    }
    /// What ←→ steps through: the free tables, or where none is free, the free combinations.
    public var choiceLabels: [String] { choices.isEmpty ? combinationChoices.map(\.label) : choices.map(\.label) }

    /// `preferred`: the label the host typed or picked; empty or nil: the best fit.
    public static func compute(day: DayIndex, party: Int, now: Date, preferred: String? = nil) -> WalkInPlan {
        let sheet = day.sheet
        let rules = sheet.restaurant.rules
        let turn = rules.turnMinutes(forParty: party)
        let window: ServiceWindow
        switch WalkInHours.at(now, windows: windows(sheet)) {
        case .open(let w): window = w
        case .closed(let next):
            let message = WalkInHours.closedMessage(venue: sheet.restaurant.name, next: next, now: now, clock: sheet.restaurant.clock)
            return WalkInPlan(party: party, table: nil, freeUntil: nil, quotedMinutes: nil, closed: message)
        }
        let end = WalkInHours.end(start: now, turnMinutes: turn, window: window)
        let occupancy = WaitQuote.occupancy(sheet.entries.map(\.reservation), leases: sheet.leases, now: now)
        // Out of service today for a range of days: as out of service now (the core's occupancy says the same).
        let tables = day.tables.filter(sheet.isOpen)
        let free = AvailabilityEngine.freeTables(tables, occupancy: occupancy, party: party, start: now, end: end)
        // Combinations only when no single table is free (the core's order).
        let joinable = free.isEmpty
            ? AvailabilityEngine.freeCombinations(AvailabilityEngine.bestFit(sheet.combinations, tables: tables, party: party),
                                                  occupancy: occupancy, start: now, end: end)
            : []
        func freeUntil(_ ids: [TableID]) -> Date {
            min(occupancy.filter { ids.contains($0.tableID) && $0.start >= now }.map(\.start).min() ?? window.closes, window.closes)
        }
        func freeUntil(_ t: DiningTable) -> Date { freeUntil([t.id]) }
        if let wanted = preferred?.trimmingCharacters(in: .whitespaces), !wanted.isEmpty {
            var plan = WalkInPlan(party: party, table: nil, freeUntil: nil, quotedMinutes: nil, choices: free,
                                  combinationChoices: joinable)
            if let t = free.first(where: { $0.label.caseInsensitiveCompare(wanted) == .orderedSame }) {
                plan.table = t
                plan.freeUntil = freeUntil(t)
            } else if let c = joinable.first(where: { $0.isNamed(wanted) }) {
                plan.combination = c
                plan.freeUntil = freeUntil(c.tableIDs)
            } else if let c = sheet.combinations.first(where: { $0.isNamed(wanted) }) {
                guard c.fits(party: party) else { plan.problem = "\(c.label) seats \(c.minCovers)-\(c.maxCovers), not \(party)."; return plan }
                if plan.shortStay(c.tableIDs, label: c.label, sheet: sheet, occupancy: occupancy, now: now, end: end) { plan.combination = c }
            } else if let t = sheet.table(labeled: wanted) {
                guard t.fits(party: party), sheet.isOpen(t) else {
                    plan.problem = sheet.isOpen(t) ? "\(t.label) seats \(t.minCovers)-\(t.maxCovers), not \(party)." : "\(t.label) is out of service."
                    return plan
                }
                if plan.shortStay([t.id], label: t.label, sheet: sheet, occupancy: occupancy, now: now, end: end) { plan.table = t }
            } else {
                plan.problem = "There is no table \"\(TextSanitizer.excerpt(wanted, max: 8))\" here."
            }
            return plan
        }
        if let t = free.first {
            return WalkInPlan(party: party, table: t, freeUntil: freeUntil(t), quotedMinutes: nil, choices: free)
        }
        if let c = joinable.first {
            return WalkInPlan(party: party, table: nil, freeUntil: freeUntil(c.tableIDs), quotedMinutes: nil,
                              combination: c, combinationChoices: joinable)
        }
        return WalkInPlan(party: party, table: nil, freeUntil: nil, quotedMinutes: quote(day: day, party: party, now: now))
    }

    /// The services walk-ins are taken in, as the core reads them (`WalkInHours`).
    static func windows(_ sheet: DaySheet) -> [ServiceWindow] {
        sheet.walkInWindows.isEmpty ? sheet.windows : sheet.walkInWindows
    }

    /// The wait a party put on the waitlist now is quoted (`WaitQuote`, the core's rule), free table or not.
    static func quote(day: DayIndex, party: Int, now: Date) -> Int? {
        let sheet = day.sheet
        return WaitQuote.minutes(party: party, rules: sheet.restaurant.rules, tables: day.tables,
                                 occupancy: WaitQuote.occupancy(sheet.entries.map(\.reservation), leases: sheet.leases, now: now),
                                 waitlist: sheet.waitlist, windows: windows(sheet), now: now, combinations: sheet.combinations)
    }

    /// Why there is no quote ("a 150-min turn must start by 21:30 to end by the 00:00 close").
    static func noQuote(day: DayIndex, party: Int, now: Date) -> String {
        let sheet = day.sheet
        return WaitQuote.noQuote(party: party, rules: sheet.restaurant.rules, windows: windows(sheet), now: now, clock: sheet.restaurant.clock)
    }
}

extension WalkInPlan {
    /// Tables the host asked for that are not free for the whole stay: free now for at least
    /// `WalkInHours.shortestStay`, they are offered until their next booking (true, `leaveBy` set); otherwise
    /// `problem` says why, naming who holds them (a booking, or another terminal booking them right now).
    mutating func shortStay(_ ids: [TableID], label: String, sheet: DaySheet, occupancy: [Occupancy], now: Date, end: Date) -> Bool {
        let clock = sheet.restaurant.clock
        let mine = occupancy.filter { ids.contains($0.tableID) && $0.end > now && $0.start < end }
        let taken = TakenElsewhere.tables(in: sheet, start: now, end: end, now: now, ownLease: nil, clock: clock)
        // Who holds the table from `at` on: a booking ("booked: Garcia 20:00-22:30") or another terminal's lease.
        let who = { (at: Date) in ids.first { id in mine.contains { $0.tableID == id && $0.start <= at } }.flatMap { taken[$0] } }
        guard let next = mine.map(\.start).min() else {
            problem = "\(label) is not free for \(party) now."
            return false
        }
        if next <= now {
            problem = "\(label) is not free for \(party) now" + (who(now).map { ": \($0)." } ?? ".")
            return false
        }
        guard case .success(let cut) = WalkInHours.shortStay(start: now, end: end, leaveBy: next, clock: clock) else {
            problem = "\(label) is free only until \(clock.hhmm(next))" + (who(next).map { " (\($0))" } ?? "")
                + ", too short a stay (at least \(Int(WalkInHours.shortestStay / 60)) min)."
            return false
        }
        leaveBy = cut
        freeUntil = cut
        return true
    }

    /// The table `←` or `→` goes to from the one typed (empty: the best fit, shown first): the free tables
    /// in best-fit order, round and round, or where none is free the free combinations ("T4+T5").
    /// Shared by the walk-in form and seating from the waitlist.
    func step(from typed: String, forward: Bool) -> String? {
        let choices = choiceLabels
        guard !choices.isEmpty else { return nil }
        let at = choices.firstIndex { $0.caseInsensitiveCompare(typed) == .orderedSame }
        let step = forward ? 1 : choices.count - 1
        let next = at.map { ($0 + step) % choices.count } ?? (forward ? min(1, choices.count - 1) : choices.count - 1)
        return choices[next]
    }
}

extension AppState {
    /// `list`: opened from the waitlist, the row to go back to (the form then adds to the list).
    mutating func openWalkIn(party: Int?, list: Int? = nil, _ fx: inout [Effect]) {
        guard guardWritable() else { return }
        var form = WalkInForm(party: party)
        form.listIndex = list
        overlay = .walkIn(form)
    }

    var walkInPlan: WalkInPlan? {
        guard case .walkIn(let f) = overlay, let day, let p = PartyInput.parse(f.party.text) else { return nil }
        return WalkInPlan.compute(day: day, party: p, now: now, preferred: f.table.text)
    }

    mutating func walkInKey(_ key: Key, _ form: WalkInForm, _ fx: inout [Effect]) {
        var f = form
        guard !f.submitting else {
            if f.error == nil { keepForAfterTheSave(key) }
            return
        }
        let fields: [WalkInForm.Field] = [.party, .name, .phone, .table]
        let pos = fields.firstIndex(of: f.focus) ?? 0
        switch key {
        case .esc:
            overlay = f.hasInput ? .confirm(ConfirmPrompt("Discard this walk-in? (y or Esc discards, n goes back)", .discardForm), under: .walkIn(f))
                : f.listIndex.map { .waitlist(index: $0) }
            return
        case .tab, .down: f.focus = fields[(pos + 1) % fields.count]
        case .backTab, .up: f.focus = fields[(pos + fields.count - 1) % fields.count]
        case .left where f.focus == .table || f.focus == .party, .right where f.focus == .table || f.focus == .party:
            // ←→ (in the party or the table field) step through the tables free now, best fit first: choosing
            // another table is one key more than taking the best (a party size has no use for a cursor).
            if let day, let p = PartyInput.parse(f.party.text),
               let next = WalkInPlan.compute(day: day, party: p, now: now).step(from: f.table.trimmed, forward: key == .right) {
                f.table.set(next)
            }
        case .enter:
            submitWalkIn(f, &fx)
            return
        default:
            switch f.focus {
            case .party: f.party.apply(key)
            case .name: f.name.apply(key)
            case .phone: f.phone.apply(key)
            case .table: f.table.apply(key)
            }
            f.error = nil
        }
        overlay = .walkIn(f)
    }

    mutating func submitWalkIn(_ form: WalkInForm, _ fx: inout [Effect]) {
        var f = form
        guard let p = PartyInput.parse(f.party.text) else {
            f.error = PartyInput.problem(f.party.text) ?? "Party: type the number of guests."
            f.focus = .party
            overlay = .walkIn(f)
            return
        }
        guard let day else { return }
        let plan = WalkInPlan.compute(day: day, party: p, now: now, preferred: f.table.text)
        if let problem = plan.problem {
            f.error = problem
            f.focus = .table
            overlay = .walkIn(f)
            return
        }
        if let closed = plan.closed {
            f.error = closed
            overlay = .walkIn(f)
            return
        }
        // Opened from the waitlist, the form adds to it even while a table is free (a guest who waits for the
        // terrace); from the main screen it seats at the free table.
        if f.listIndex == nil, let seat = plan.seatLabel {
            f.submitting = true
            f.error = nil
            overlay = .walkIn(f)
            let name = f.name.trimmed
            // The table the form shows is the table Enter asks for (the core refuses if it was just taken).
            fx.append(.walkIn(config.restaurantID, party: p, name: name.isEmpty ? nil : name, table: seat, leaveBy: plan.leaveBy))
            return
        }
        guard let quoted = plan.seatLabel == nil ? plan.quotedMinutes : WalkInPlan.quote(day: day, party: p, now: now) else {
            f.error = WalkInPlan.noQuote(day: day, party: p, now: now)
            overlay = .walkIn(f)
            return
        }
        guard !f.name.trimmed.isEmpty else {
            f.error = "Name: needed to call the party from the waitlist."
            f.focus = .name
            overlay = .walkIn(f)
            return
        }
        f.submitting = true
        f.error = nil
        overlay = .walkIn(f)
        let phone = f.phone.trimmed
        fx.append(.addWaitlist(config.restaurantID, name: f.name.trimmed, phone: phone.isEmpty ? nil : phone, party: p, quotedMinutes: quoted))
    }
}
