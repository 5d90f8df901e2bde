import Foundation
import ReservationDomain

/// A day sheet rearranged for drawing and navigation, built once when the sheet arrives so each frame
/// does no sorting or filtering (a 400-reservation day must still render in well under 2 ms).
public struct DayIndex: Sendable {
    public static let slotMinutes = 15

    public var sheet: DaySheet
    public var clock: ZonedClock
    public var areas: [Area]
    /// Tables of each area, in `areas` order.
    public var tablesByArea: [[DiningTable]]
    /// Every table in timeline order (by area, then label).
    public var tables: [DiningTable]
    /// Timeline display rows: an area heading, then its tables.
    public var rows: [Row]
    /// Index into `rows` for each index into `tables`.
    public var rowOfTable: [Int]
    /// Live and finished reservations per table, by start time (cancelled, no-show and expired left out).
    public var entriesByTable: [TableID: [BookEntry]]
    /// Start instants of the 15-minute columns of the day's services (DST-safe: instants, not wall times).
    public var slots: [Date]
    /// Wall-clock labels of `slots`, minutes since midnight.
    public var slotMinutes: [Int]
    /// Index of the first slot of each service after the first (drawn with a separator).
    public var serviceStarts: Set<Int>
    /// The services' wall-clock span in minutes, to read "7" as 19:00 at a dinner venue.
    public var serviceSpan: ClosedRange<Int>?
    /// Covers starting per 15-minute slot and the venue's limit (the timeline's covers row), counted once per
    /// load by the same rule the core books by (holds lapsed at load time left out).
    public var pacing: Pacing

    /// The table index shown at display row `target` (clamped); on a heading, the table after it going down
    /// and the one before it going up, so a page never leaves a row unseen.
    public func table(nearRow target: Int, goingDown: Bool) -> Int {
        guard !rows.isEmpty else { return 0 }
        var r = min(max(0, target), rows.count - 1)
        while true {
            if case .table(let t) = rows[r] { return t }
            let next = goingDown ? r + 1 : r - 1
            guard rows.indices.contains(next) else { break }
            r = next
        }
        // Only a heading that way (the very top): the nearest table the other way.
        while rows.indices.contains(r) {
            if case .table(let t) = rows[r] { return t }
            r += goingDown ? -1 : 1
        }
        return 0
    }

    public enum Row: Sendable, Hashable {
        case area(Int)
        case table(Int)
    }

    public init(sheet: DaySheet) {
        self.sheet = sheet
        clock = sheet.restaurant.clock
        areas = sheet.areas.sorted { ($0.sortOrder, $0.name) < ($1.sortOrder, $1.name) }
        var byArea: [[DiningTable]] = []
        var all: [DiningTable] = []
        var rows: [Row] = []
        var rowOf: [Int] = []
        for (ai, area) in areas.enumerated() {
            let ts = sheet.tables.filter { $0.areaID == area.id }.sorted { DayIndex.labelOrder($0.label, $1.label) }
            byArea.append(ts)
            rows.append(.area(ai))
            for t in ts {
                rowOf.append(rows.count)
                rows.append(.table(all.count))
                all.append(t)
            }
        }
        pacing = Pacing(limit: sheet.restaurant.rules.pacingCovers, reservations: sheet.entries.map(\.reservation), now: sheet.loadedAt)
        tablesByArea = byArea
        tables = all
        self.rows = rows
        rowOfTable = rowOf
        var byTable: [TableID: [BookEntry]] = [:]
        // A combination's booking is on each of its tables: the floor and the timeline show it on every one.
        for e in sheet.entries where DayIndex.isDrawn(e.reservation.status) {
            for t in e.reservation.tableIDs { byTable[t, default: []].append(e) }
        }
        for k in byTable.keys { byTable[k]!.sort { $0.reservation.startsAt < $1.reservation.startsAt } }
        entriesByTable = byTable
        var slots: [Date] = []
        var starts: Set<Int> = []
        for w in sheet.windows.sorted(by: { $0.opens < $1.opens }) {
            if !slots.isEmpty { starts.insert(slots.count) }
            var t = w.opens
            while t < w.closes {
                if let last = slots.last, t <= last { t = last.addingTimeInterval(Double(DayIndex.slotMinutes * 60)); continue }
                slots.append(t)
                t = t.addingTimeInterval(Double(DayIndex.slotMinutes * 60))
            }
        }
        self.slots = slots
        let c = clock
        slotMinutes = slots.map { c.timeOfDay(of: $0).minutes }
        serviceStarts = starts
        if let first = sheet.windows.map(\.opens).min(), let last = sheet.windows.map(\.closes).max() {
            let a = c.timeOfDay(of: first).minutes
            var b = c.timeOfDay(of: last).minutes
            if c.localDate(of: last) > sheet.date { b += 1440 }
            serviceSpan = a...max(a, b)
        } else {
            serviceSpan = nil
        }
    }

    static func isDrawn(_ s: ReservationStatus) -> Bool {
        switch s {
        case .pending, .confirmed, .seated, .completed: true
        case .cancelled, .noShow, .expired: false
        }
    }

    /// "T2" before "T10": labels compare by their digits as numbers.
    static func labelOrder(_ a: String, _ b: String) -> Bool {
        a.compare(b, options: [.numeric, .caseInsensitive]) == .orderedAscending
    }

    public func entries(for table: TableID) -> [BookEntry] { entriesByTable[table] ?? [] }

    public func entry(_ id: UUID) -> BookEntry? { sheet.entries.first { $0.id == id } }

    public func table(_ id: TableID) -> DiningTable? { tables.first { $0.id == id } }

    public func tableIndex(_ id: TableID) -> Int? { tables.firstIndex { $0.id == id } }

    /// The slot column containing an instant, if within the services.
    public func slotIndex(containing t: Date) -> Int? {
        guard let first = slots.first, t >= first else { return nil }
        var lo = 0, hi = slots.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if slots[mid] <= t { lo = mid } else { hi = mid - 1 }
        }
        let end = slots[lo].addingTimeInterval(Double(DayIndex.slotMinutes * 60))
        return t < end ? lo : nil
    }

    /// The reservation drawn over a (table, slot) cell.
    public func entry(table: TableID, slot: Int) -> BookEntry? {
        guard slots.indices.contains(slot) else { return nil }
        let t = slots[slot]
        return entries(for: table).first { DayIndex.drawnStart($0.reservation) <= t && t < $0.reservation.endsAt }
    }

    /// Where a booking starts on the timeline: when it was seated, if before its booked time (the floor shows
    /// a party seated early as seated; the timeline drew it from its booked time, the table looking free).
    static func drawnStart(_ r: Reservation) -> Date { r.seatedAt.map { min($0, r.startsAt) } ?? r.startsAt }

    /// The slot columns a reservation covers, clipped to the services.
    public func slotRange(of r: Reservation) -> Range<Int>? { slotRange(from: DayIndex.drawnStart(r), to: r.endsAt) }

    /// The slot columns the range `start..<end` covers, clipped to the services.
    public func slotRange(from start: Date, to end: Date) -> Range<Int>? {
        var lo: Int? = nil, hi = 0
        let step = Double(DayIndex.slotMinutes * 60)
        for (i, s) in slots.enumerated() where s < end && s.addingTimeInterval(step) > start {
            if lo == nil { lo = i }
            hi = i + 1
        }
        guard let lo else { return nil }
        return lo..<hi
    }
}
