import Foundation
import ReservationDomain

extension AppState {
    /// `:floor`'s keys on a table: Enter its covers, `N` a new label, `a` a new table, `o` out of service or
    /// back (asks, as `X` on the floor does), `O` out of service for a range of days, `HJKL` move it a cell on
    /// the plan, `<` `>` narrower or wider, `c` a new combination from it. Each change goes through the same
    /// check as `:venue` (the floor file's). On a range of days out, `x` puts the table back for them (asks);
    /// on a combination, Enter its covers, `x` removes it (asks, naming it).
    mutating func floorKey(_ key: Key, _ s: AdminScreen, row: AdminRow?, _ fx: inout [Effect]) {
        if let c = row?.combination { return combinationKey(key, c, s, row: row) }
        if let c = row?.tableClosure {
            guard key == .char("x") || key == .char("o"), mayChangeFloor() else { return }
            overlay = .confirm(ConfirmPrompt("Put \(c.label) back in service \(c.days.span)? It is offered for those days at once. (y/n)",
                                             .openAgain(c.days.startsOn, table: c.label)), under: .admin(s))
            return
        }
        let t = row?.table
        let target: VenuePrompt.Target?
        switch (key, t) {
        case (.enter, let t?), (.char("e"), let t?): target = .tableCovers(t.label)
        case (.char("c"), let t?): target = .newCombination(from: t.label)
        case (.char("N"), let t?): target = .tableRename(t.label)
        case (.char("a"), _): target = .newTable
        case (.char("O"), let t?): target = .tableOut(t.label)
        case (.char("o"), let t?):
            guard mayChangeFloor() else { return }
            let question = t.active ? "Take \(t.label) out of service now? Nothing more is booked on it; bookings already on it are counted for you to move. (y/n)"
                                    : "Put \(t.label) back in service? (y/n)"
            overlay = .confirm(ConfirmPrompt(question, .tableService(t.label, inService: !t.active)), under: .admin(s))
            return
        case (.char(let c), let t?) where Self.nudges[c] != nil:
            guard mayChangeFloor() else { return }
            sendVenue([.table(Self.nudges[c]!(t.label))], strandingBookings: false, &fx)
            return
        default: return
        }
        openVenuePrompt(target, s, row: row)
    }

    private mutating func combinationKey(_ key: Key, _ c: TableCombination, _ s: AdminScreen, row: AdminRow?) {
        let target: VenuePrompt.Target
        switch key {
        case .enter, .char("e"): target = .combinationCovers(c.labels)
        case .char("c"): target = .newCombination(from: c.label)
        case .char("a"): target = .newTable
        case .char("x"):
            guard mayChangeFloor() else { return }
            let question = "Remove the combination \(c.label) (\(c.minCovers)-\(c.maxCovers) covers)? Its tables are no longer joined "
                + "for one party; bookings already on it are named first. (y/n)"
            overlay = .confirm(ConfirmPrompt(question, .changeVenue([.table(.separate(labels: c.labels))])), under: .admin(s))
            return
        default: return
        }
        openVenuePrompt(target, s, row: row)
    }

    /// One cell at a time, as a manager walks a table across the plan.
    static let nudges: [Character: @Sendable (String) -> TableEdit] = [
        "H": { .move(label: $0, dx: -1, dy: 0) }, "L": { .move(label: $0, dx: 1, dy: 0) },
        "K": { .move(label: $0, dx: 0, dy: -1) }, "J": { .move(label: $0, dx: 0, dy: 1) },
        "<": { .resize(label: $0, dw: -1, dh: 0) }, ">": { .resize(label: $0, dw: 1, dh: 0) },
    ]
}
