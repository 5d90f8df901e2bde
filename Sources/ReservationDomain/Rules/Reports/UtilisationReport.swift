import Foundation

extension ReportFacts {
    /// Minutes a party held its tables: seated to finished, or to its planned end (or now) while it sits.
    func seatedMinutes(_ b: ReportBooking) -> Double? {
        guard b.came, let s = b.seatedAt else { return nil }
        let end = b.completedAt ?? min(b.endsAt, now)
        return max(0, ReportMath.minutes(s, end))
    }

    /// Per table: seated minutes and seat-minutes used. A party on joined tables holds each of them for the
    /// whole turn, and its covers are shared between them by their seats.
    func tableUse(_ r: ReportRange) -> [TableID: (minutes: Double, seatMinutes: Double)] {
        let seats = Dictionary(tables.map { ($0.id, $0.maxCovers) }, uniquingKeysWith: { a, _ in a })
        var use: [TableID: (minutes: Double, seatMinutes: Double)] = [:]
        for b in bookings(in: r) {
            guard let m = seatedMinutes(b) else { continue }
            let total = b.tableIDs.reduce(0) { $0 + (seats[$1] ?? 0) }
            for t in b.tableIDs {
                let share = total > 0 ? Double(seats[t] ?? 0) / Double(total) : 1 / Double(b.tableIDs.count)
                use[t, default: (0, 0)].minutes += m
                use[t, default: (0, 0)].seatMinutes += Double(b.partySize) * m * share
            }
        }
        return use
    }

    func utilisationReport() -> Report {
        let active = tables.filter(\.active), days = serviceDays()
        func totals(_ r: ReportRange, _ ts: [DiningTable]) -> (open: Double, used: Double, seatsOffered: Double, seatsUsed: Double) {
            let open = openMinutes(r, days), use = tableUse(r)
            return ts.reduce((0, 0, 0, 0)) { acc, t in
                (acc.0 + open, acc.1 + (use[t.id]?.minutes ?? 0), acc.2 + open * Double(t.maxCovers), acc.3 + (use[t.id]?.seatMinutes ?? 0))
            }
        }
        let figures = [
            figure("table_utilisation", "Table utilisation", unit: "share") { let t = totals($0, active); return ReportMath.rate(t.used, t.open) },
            figure("seat_utilisation", "Seat utilisation", unit: "share") { let t = totals($0, active); return ReportMath.rate(t.seatsUsed, t.seatsOffered) },
            figure("open_minutes", "Open minutes per table", unit: "minutes") { .rounded(openMinutes($0, days), 0) },
        ]
        let open = openMinutes(range, days), use = tableUse(range), previous = tableUse(range.previous)
        let openBefore = openMinutes(range.previous, days)
        let areaName = Dictionary(areas.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let byTable = active.map { t -> [ReportValue] in
            let u = use[t.id]?.minutes ?? 0
            return [.text(t.label), .text(areaName[t.areaID] ?? ""), .int(t.maxCovers), .rounded(open, 0), .rounded(u, 0), ReportMath.rate(u, open),
                    ReportMath.rate(previous[t.id]?.minutes ?? 0, openBefore)]
        }
        let byArea = areas.sorted { ($0.sortOrder, $0.name) < ($1.sortOrder, $1.name) }.compactMap { a -> [ReportValue]? in
            let ts = active.filter { $0.areaID == a.id }
            guard !ts.isEmpty else { return nil }
            let t = totals(range, ts), p = totals(range.previous, ts)
            return [.text(a.name), .int(ts.count), .rounded(t.open, 0), .rounded(t.used, 0), ReportMath.rate(t.used, t.open),
                    ReportMath.rate(t.seatsUsed, t.seatsOffered), ReportMath.rate(p.used, p.open)]
        }
        return report(.utilisation, figures: figures, tables: [
            ReportTable("by-table", "By table", columns: [
                ReportColumn("table", "text"), ReportColumn("area", "text"), ReportColumn("seats", "seats"), ReportColumn("open_minutes", "minutes"),
                ReportColumn("seated_minutes", "minutes"), ReportColumn("utilisation", "share"), ReportColumn("previous_utilisation", "share"),
            ], rows: byTable),
            ReportTable("by-area", "By area", columns: [
                ReportColumn("area", "text"), ReportColumn("tables", "tables"), ReportColumn("open_minutes", "minutes"), ReportColumn("seated_minutes", "minutes"),
                ReportColumn("utilisation", "share"), ReportColumn("seat_utilisation", "share"), ReportColumn("previous_utilisation", "share"),
            ], rows: byArea),
        ])
    }
}
