import Foundation
import ReservationCore

/// What a walk-in of a given size can have right now, worked out from the day sheet alone so the form
/// answers as the host types (the core checks again when seating).
public struct WalkInPlan: Sendable, Hashable {
    public var party: Int
    public var table: DiningTable?
    public var freeUntil: Date?
    /// Minutes to wait when nothing is free; nil when no table could take the party today.
    public var quotedMinutes: Int?

    public static func compute(day: DayIndex, party: Int, now: Date) -> WalkInPlan {
        let rules = day.sheet.restaurant.rules
        let turn = rules.turnMinutes(forParty: party)
        let end = now.addingTimeInterval(Double(turn * 60))
        var occupancy: [Occupancy] = []
        for e in day.sheet.entries where e.reservation.blocksTable(at: now) {
            // A seated party over its turn still occupies the table until it leaves.
            let r = e.reservation
            let until = r.status == .seated ? max(r.endsAt, now.addingTimeInterval(60)) : r.endsAt
            occupancy.append(Occupancy(tableID: r.tableID, start: r.startsAt, end: until))
        }
        for l in day.sheet.leases where l.expiresAt > now {
            occupancy.append(Occupancy(tableID: l.tableID, start: l.start, end: l.end))
        }
        let free = AvailabilityEngine.freeTables(day.tables, occupancy: occupancy, party: party, start: now, end: end)
        if let t = free.first { return WalkInPlan(party: party, table: t, freeUntil: end, quotedMinutes: nil) }
        let ahead = day.sheet.waitlist.filter { $0.status == .waiting }.sorted { $0.createdAt < $1.createdAt }.map(\.partySize)
        let horizon = day.sheet.windows.map(\.closes).max() ?? now.addingTimeInterval(6 * 3600)
        let q = WaitEstimator.quote(party: party, turnMinutes: turn, tables: day.tables, occupancy: occupancy,
                                    partiesAhead: ahead, now: now, horizon: horizon)
        return WalkInPlan(party: party, table: nil, freeUntil: nil, quotedMinutes: q)
    }
}

extension AppState {
    mutating func openWalkIn(party: Int?, _ fx: inout [Effect]) {
        guard guardWritable() else { return }
        overlay = .walkIn(WalkInForm(party: party))
    }

    var walkInPlan: WalkInPlan? {
        guard case .walkIn(let f) = overlay, let day, let p = PartyInput.parse(f.party.text) else { return nil }
        return WalkInPlan.compute(day: day, party: p, now: now)
    }

    mutating func walkInKey(_ key: Key, _ form: WalkInForm, _ fx: inout [Effect]) {
        var f = form
        guard !f.submitting else { return }
        let fields: [WalkInForm.Field] = [.party, .name, .phone]
        let pos = fields.firstIndex(of: f.focus) ?? 0
        switch key {
        case .esc:
            overlay = f.hasInput ? .confirm(ConfirmPrompt("Discard this walk-in? (y or Esc discards, n goes back)", .discardForm), under: .walkIn(f)) : nil
            return
        case .tab, .down: f.focus = fields[(pos + 1) % fields.count]
        case .backTab, .up: f.focus = fields[(pos + 2) % fields.count]
        case .enter:
            submitWalkIn(f, &fx)
            return
        default:
            switch f.focus {
            case .party: f.party.apply(key)
            case .name: f.name.apply(key)
            case .phone: f.phone.apply(key)
            }
            f.error = nil
        }
        overlay = .walkIn(f)
    }

    mutating func submitWalkIn(_ form: WalkInForm, _ fx: inout [Effect]) {
        var f = form
        guard let p = PartyInput.parse(f.party.text) else {
            f.error = "Party: a number from 1 to 99."
            f.focus = .party
            overlay = .walkIn(f)
            return
        }
        guard let day else { return }
        let plan = WalkInPlan.compute(day: day, party: p, now: now)
        if plan.table != nil {
            f.submitting = true
            overlay = .walkIn(f)
            let name = f.name.trimmed
            fx.append(.walkIn(config.restaurantID, party: p, name: name.isEmpty ? nil : name))
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
