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
    /// Why the table the host asked for cannot be had ("T9 is not free now"): nobody is seated.
    public var problem: String? = nil
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
        let windows = sheet.walkInWindows.isEmpty ? sheet.windows : sheet.walkInWindows
        switch WalkInHours.at(now, windows: windows) {
        case .open(let w): window = w
        case .closed(let next):
            let message = WalkInHours.closedMessage(venue: sheet.restaurant.name, next: next, now: now, clock: sheet.restaurant.clock)
            return WalkInPlan(party: party, table: nil, freeUntil: nil, quotedMinutes: nil, closed: message)
        }
        let end = WalkInHours.end(start: now, turnMinutes: turn, window: window)
        let occupancy = WaitQuote.occupancy(sheet.entries.map(\.reservation), leases: sheet.leases, now: now)
        let free = AvailabilityEngine.freeTables(day.tables, occupancy: occupancy, party: party, start: now, end: end)
        // Combinations only when no single table is free (the core's order).
        let joinable = free.isEmpty
            ? AvailabilityEngine.freeCombinations(AvailabilityEngine.bestFit(sheet.combinations, tables: day.tables, party: party),
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
                plan.problem = c.fits(party: party) ? "\(c.label) is not free for \(party) now." : "\(c.label) seats \(c.minCovers)-\(c.maxCovers), not \(party)."
            } else if let t = sheet.table(labeled: wanted) {
                plan.problem = t.fits(party: party) ? "\(t.label) is not free for \(party) now." : "\(t.label) seats \(t.minCovers)-\(t.maxCovers), not \(party)."
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
        let q = WaitQuote.minutes(party: party, rules: rules, tables: day.tables, occupancy: occupancy,
                                  waitlist: sheet.waitlist, windows: windows, now: now, combinations: sheet.combinations)
        return WalkInPlan(party: party, table: nil, freeUntil: nil, quotedMinutes: q)
    }
}

extension WalkInPlan {
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
    mutating func openWalkIn(party: Int?, _ fx: inout [Effect]) {
        guard guardWritable() else { return }
        overlay = .walkIn(WalkInForm(party: party))
    }

    var walkInPlan: WalkInPlan? {
        guard case .walkIn(let f) = overlay, let day, let p = PartyInput.parse(f.party.text) else { return nil }
        return WalkInPlan.compute(day: day, party: p, now: now, preferred: f.table.text)
    }

    mutating func walkInKey(_ key: Key, _ form: WalkInForm, _ fx: inout [Effect]) {
        var f = form
        guard !f.submitting else { return }
        let fields: [WalkInForm.Field] = [.party, .name, .phone, .table]
        let pos = fields.firstIndex(of: f.focus) ?? 0
        switch key {
        case .esc:
            overlay = f.hasInput ? .confirm(ConfirmPrompt("Discard this walk-in? (y or Esc discards, n goes back)", .discardForm), under: .walkIn(f)) : nil
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
        if let seat = plan.seatLabel {
            f.submitting = true
            overlay = .walkIn(f)
            let name = f.name.trimmed
            // The table the form shows is the table Enter asks for (the core refuses if it was just taken).
            fx.append(.walkIn(config.restaurantID, party: p, name: name.isEmpty ? nil : name, table: seat))
            return
        }
        guard let quoted = plan.quotedMinutes else {
            f.error = "No table can take a party of \(p) today."
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
        overlay = .walkIn(f)
        let phone = f.phone.trimmed
        fx.append(.addWaitlist(config.restaurantID, name: f.name.trimmed, phone: phone.isEmpty ? nil : phone, party: p, quotedMinutes: quoted))
    }
}
