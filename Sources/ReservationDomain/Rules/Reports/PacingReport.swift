import Foundation

extension ReportFacts {
    func pacingReport() -> Report {
        let limit = venue.rules.pacingCovers
        /// Covers starting per day and slot.
        func counts(_ r: ReportRange) -> [String: [LocalDate: Int]] {
            var out: [String: [LocalDate: Int]] = [:]
            for b in bookings(in: r) where b.countsForPacing {
                out[ReportMath.slot(b.minute), default: [:]][b.day, default: 0] += b.partySize
            }
            return out
        }
        func over(_ r: ReportRange) -> Int { limit.map { l in counts(r).values.reduce(0) { $0 + $1.values.filter { $0 > l }.count } } ?? 0 }
        let figures = [
            figure("limit", "Limit per 15 minutes", unit: "covers") { _ in limit.map { .int($0) } ?? .none },
            figure("busiest_slot", "Busiest slot", unit: "covers") { .int(counts($0).values.flatMap(\.values).max() ?? 0) },
            figure("slots_over_limit", "Slots over the limit", unit: "slots") { .int(over($0)) },
            figure("overrides", "Overrides used", unit: "bookings") { .int(bookings(in: $0).filter(\.overPacing).count) },
        ]
        let services = serviceDays()
        let days = Double(range.dates.filter { !(services[$0] ?? []).isEmpty }.count)
        let current = counts(range)
        let slots = current.keys.sorted().map { s -> [ReportValue] in
            let perDay = current[s]!
            let busiest = perDay.max { ($0.value, $1.key) < ($1.value, $0.key) }!
            let total = perDay.values.reduce(0, +)
            return [.text(s), .int(total), .rounded(days > 0 ? Double(total) / days : nil), .int(busiest.value), .text(busiest.key.description),
                    limit.map { .int($0) } ?? .none, .int(limit.map { l in perDay.values.filter { $0 > l }.count } ?? 0)]
        }
        let overrides = bookings(in: range).filter(\.overPacing).sorted { $0.startsAt < $1.startsAt }.map { b -> [ReportValue] in
            [.text(b.day.description), .text(ReportMath.slot(b.minute)), .int(b.partySize), .text(b.status.rawValue)]
        }
        return report(.pacing, figures: figures, tables: [
            ReportTable("by-slot", "Covers per 15-minute slot", columns: [
                ReportColumn("slot", "time"), ReportColumn("covers", "covers"), ReportColumn("average_per_open_day", "covers"),
                ReportColumn("busiest", "covers"), ReportColumn("busiest_date", "date"), ReportColumn("limit", "covers"), ReportColumn("days_over_limit", "days"),
            ], rows: slots),
            ReportTable("overrides", "Bookings past the limit", columns: [ReportColumn("date", "date"), ReportColumn("slot", "time"),
                                                                          ReportColumn("party", "covers"), ReportColumn("status", "text")], rows: overrides),
        ])
    }
}
