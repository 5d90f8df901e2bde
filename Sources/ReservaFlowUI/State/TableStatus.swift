import Foundation
import ReservationDomain

/// What a table is doing right now, as the floor plan shows it.
public enum TableStatus: Sendable, Hashable {
    case outOfService
    /// Seated; minutes since seating; true once past its turn time.
    case seated(BookEntry, elapsedMinutes: Int, late: Bool)
    /// Another terminal is booking it ("being booked by Ana").
    case held(LeaseInfo)
    /// Next booking starts within the window (or is a few minutes late to arrive).
    case arriving(BookEntry)
    /// Nothing imminent; the next booking of the day, if any.
    case free(next: BookEntry?)

    public static let soonMinutes = 30

    public var role: Role {
        switch self {
        case .outOfService: .tableOut
        case .seated(_, _, let late): late ? .tableLate : .tableSeated
        case .held: .tableHeld
        case .arriving: .tableSoon
        case .free: .tableFree
        }
    }

    /// The booking the tile is showing (seated or arriving), whose guest's marks it carries.
    public var entry: BookEntry? {
        switch self {
        case .seated(let e, _, _), .arriving(let e): e
        default: nil
        }
    }

    public func glyph(_ g: Glyphs) -> String {
        switch self {
        case .outOfService: g.outOfService
        case .seated(_, _, let late): late ? g.late : g.seated
        case .held: g.held
        case .arriving(let e):
            switch e.reservation.waitingArrival {
            case .none: g.soon
            case .partial: g.partlyArrived
            case .arrived: g.arrived
            }
        case .free: g.free
        }
    }

    /// Short status text for a table box ("0:45", "19:30", "Ana"); a late arrival says by how much ("21:00 +10m").
    public func short(clock: ZonedClock, now: Date, glyphs g: Glyphs) -> String {
        switch self {
        case .outOfService: "out"
        case .seated(_, let m, let late): (late ? "+" : "") + "\(m / 60):" + (m % 60 < 10 ? "0" : "") + "\(m % 60)"
        case .held(let l): l.holder
        case .arriving(let e) where e.reservation.waitingArrival != .none:
            // Here (in part): no longer late to arrive, so the word replaces the minutes late.
            clock.hhmm(e.reservation.startsAt) + (e.reservation.waitingArrival == .partial ? " part" : " here")
        case .arriving(let e):
            clock.hhmm(e.reservation.startsAt) + (LateArrival.minutesLate(e.reservation, now: now).map { " +\($0)m" } ?? "")
        case .free(let next): next.map { g.nextAt + clock.hhmm($0.reservation.startsAt) } ?? "free"
        }
    }

    /// A sentence for the status line. With `now`, a party over its turn says by how much, and `next`
    /// (the table's next booking, see `nextDue`) is named: the overrun is that booking's problem too.
    public func sentence(clock: ZonedClock, now: Date? = nil, next: BookEntry? = nil) -> String {
        switch self {
        case .outOfService: return "out of service"
        case .seated(let e, _, true) where now != nil:
            let r = e.reservation
            let turn = Int(r.endsAt.timeIntervalSince(r.startsAt) / 60)
            let over = SeatedOverrun.minutesOver(end: r.endsAt, now: now!)
            let due = next.map { "; \($0.customer.name) due \(clock.hhmm($0.reservation.startsAt))" } ?? ""
            return "\(e.customer.name) ×\(r.partySize) \(over) min over its \(turn)-min turn\(due)"
        case .seated(let e, let m, let late):
            let turn = Int(e.reservation.endsAt.timeIntervalSince(e.reservation.startsAt) / 60)
            return "seated \(m) min (\(e.customer.name) ×\(e.reservation.partySize))" + (late ? ", over its \(turn)-min turn" : "")
        case .held(let l): return "being booked by \(l.holder) (\(clock.hhmm(l.start))-\(clock.hhmm(l.end)))"
        case .arriving(let e) where e.reservation.waitingArrival != .none:
            return "\(e.reservation.waitingArrival.label) for \(clock.hhmm(e.reservation.startsAt)): \(e.customer.name) ×\(e.reservation.partySize)"
        case .arriving(let e):
            let late = now.flatMap { LateArrival.minutesLate(e.reservation, now: $0) }.map { ", \($0) min late" } ?? ""
            return "arriving \(clock.hhmm(e.reservation.startsAt))\(late): \(e.customer.name) ×\(e.reservation.partySize)"
        case .free(let next): return next.map { "free, next \(clock.hhmm($0.reservation.startsAt))" } ?? "free all day"
        }
    }

    /// The booking due next at the table after its seated party: the one an overrun keeps waiting.
    public static func nextDue(_ table: DiningTable, in day: DayIndex, now: Date) -> BookEntry? {
        day.entries(for: table.id).first {
            ($0.reservation.status == .confirmed || $0.reservation.status == .pending) && $0.reservation.blocksTable(at: now)
        }
    }

    /// Status of `table` at `now`. Leases whose token is `ownLease` are this terminal's and not shown as held.
    public static func of(_ table: DiningTable, in day: DayIndex, now: Date, ownLease: String?) -> TableStatus {
        guard day.sheet.isOpen(table) else { return .outOfService }
        let entries = day.entries(for: table.id)
        if let s = entries.first(where: { $0.reservation.status == .seated }) {
            let since = s.reservation.seatedAt ?? s.reservation.startsAt
            let m = max(0, Int(now.timeIntervalSince(since) / 60))
            return .seated(s, elapsedMinutes: m, late: now > s.reservation.endsAt)
        }
        if let l = day.sheet.leases.first(where: { $0.tableID == table.id && $0.expiresAt > now && !$0.belongs(to: ownLease) }) {
            return .held(l)
        }
        let soon = now.addingTimeInterval(Double(soonMinutes * 60))
        let lateLimit = now.addingTimeInterval(-Double(soonMinutes * 60))
        let upcoming = entries.filter {
            ($0.reservation.status == .confirmed || $0.reservation.status == .pending) && $0.reservation.blocksTable(at: now)
        }
        if let a = upcoming.first(where: { $0.reservation.startsAt <= soon && $0.reservation.startsAt >= lateLimit }) {
            return .arriving(a)
        }
        return .free(next: upcoming.first { $0.reservation.startsAt > now })
    }
}
