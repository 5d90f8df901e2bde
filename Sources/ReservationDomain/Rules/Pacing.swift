import Foundation

/// Pacing: how many covers start in each 15-minute slot of the day, against the venue's limit
/// (`BookingRules.pacingCovers`, the floor file's `pacing_covers`). The kitchen cooks for the parties that
/// sit down together, not for the tables: 24 covers arriving at 19:30 swamp it even when tables are free.
///
/// The one rule for the booking form's strip, the day view's covers row, `reservaflow pacing` and the core's
/// check in `book` (which counts under a per-slot lock; see `Booking.swift`). Slots are aligned to the
/// quarter hour of the instant (every zone offset in use is a whole number of quarter hours, so this is the
/// wall clock's quarter hour too). Live reservations count: pending holds that have not lapsed, confirmed,
/// seated; walk-ins are seated reservations, so they count too.
public struct Pacing: Sendable, Hashable {
    public static let slotMinutes = 15
    static let slotSeconds = TimeInterval(slotMinutes * 60)

    /// The most covers that may start in one slot; nil: no limit.
    public var limit: Int?
    /// Covers starting in each slot, by the slot's start.
    public var covers: [Date: Int]

    public init(limit: Int?, covers: [Date: Int]) {
        self.limit = limit
        self.covers = covers
    }

    /// Counts the live ones of `reservations` (a pending hold only while it has not lapsed at `now`).
    public init(limit: Int?, reservations: [Reservation], now: Date) {
        var covers: [Date: Int] = [:]
        for r in reservations where Pacing.counts(r, now: now) {
            covers[Pacing.slot(of: r.startsAt), default: 0] += r.partySize
        }
        self.init(limit: limit, covers: covers)
    }

    /// Whether a reservation takes pacing room: live, and not a lapsed hold.
    public static func counts(_ r: Reservation, now: Date) -> Bool {
        switch r.status {
        case .confirmed, .seated: true
        case .pending: (r.expiresAt ?? .distantFuture) > now
        default: false
        }
    }

    /// The start of the quarter hour `instant` falls in.
    public static func slot(of instant: Date) -> Date {
        Date(timeIntervalSince1970: (instant.timeIntervalSince1970 / slotSeconds).rounded(.down) * slotSeconds)
    }

    public func covers(at slotStart: Date) -> Int { covers[Pacing.slot(of: slotStart)] ?? 0 }

    /// Whether a party of `party` starting at `start` stays within the limit (always, without one).
    public func fits(party: Int, at start: Date) -> Bool {
        guard let limit else { return true }
        return covers(at: start) + party <= limit
    }

    /// The slots a booking of this party could start at on a day with these services: every quarter hour
    /// from opening until the last start whose whole turn ends by closing, not before `notBefore`.
    public static func startSlots(windows: [ServiceWindow], turnMinutes: Int, notBefore: Date? = nil) -> [Date] {
        var out: [Date] = []
        let turn = TimeInterval(turnMinutes * 60)
        for w in windows {
            var t = slot(of: w.opens)
            if t < w.opens { t += slotSeconds }
            while t + turn <= w.closes {
                if notBefore.map({ t >= slot(of: $0) }) ?? true { out.append(t) }
                t += slotSeconds
            }
        }
        return out
    }

    /// The slots of the day's services, for the strips and `reservaflow pacing` (every quarter hour from
    /// opening to the last one before closing).
    public static func serviceSlots(windows: [ServiceWindow]) -> [Date] {
        var out: [Date] = []
        for w in windows {
            var t = slot(of: w.opens)
            if t < w.opens { t += slotSeconds }
            while t < w.closes {
                out.append(t)
                t += slotSeconds
            }
        }
        return out
    }

    /// Up to `count` slots among `candidates` nearest to `start` where the party fits, in time order
    /// (the nearer wins a tie, then the earlier).
    public func nearestFitting(party: Int, to start: Date, among candidates: [Date], count: Int = 2) -> [Date] {
        let target = Pacing.slot(of: start)
        let fitting = candidates.filter { $0 != target && fits(party: party, at: $0) }
        let nearest = fitting.sorted {
            let a = abs($0.timeIntervalSince(target)), b = abs($1.timeIntervalSince(target))
            return a != b ? a < b : $0 < $1
        }
        return Array(nearest.prefix(count)).sorted()
    }

    /// The refusal of a party of `party` at `start` when it does not fit, naming the slot, its covers and the
    /// limit and the nearest slots that do fit; nil when it fits.
    public func refusal(party: Int, at start: Date, candidates: [Date], clock: ZonedClock) -> ReservationError? {
        guard let limit, !fits(party: party, at: start) else { return nil }
        let slot = Pacing.slot(of: start)
        return .overPacing(slot: clock.hhmm(slot), covers: covers(at: slot), limit: limit, party: party,
                           alternatives: nearestFitting(party: party, to: start, among: candidates).map(clock.hhmm))
    }
}
