import Foundation

extension ReportFacts {
    /// Rows keyed by `key`, in `order` (keys not in it last, sorted).
    func grouped<T>(_ items: [T], order: [String] = [], _ key: (T) -> String) -> [(String, [T])] {
        let groups = Dictionary(grouping: items, by: key)
        let rank = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        return groups.keys.sorted { (rank[$0] ?? Int.max, $0) < (rank[$1] ?? Int.max, $1) }.map { ($0, groups[$0]!) }
    }

    /// Services in the order of the day (lunch before dinner), then anything outside them.
    var serviceOrder: [String] {
        var seen: [String] = []
        for h in schedule.hours.sorted(by: { $0.opens < $1.opens }) where !seen.contains(h.name) { seen.append(h.name) }
        return seen + [Self.outsideHours]
    }

    func coversReport() -> Report {
        func came(_ r: ReportRange) -> [ReportBooking] { bookings(in: r).filter(\.came) }
        let figures = [
            figure("bookings", "Bookings", unit: "bookings") { .int(bookings(in: $0).filter(\.isBooking).count) },
            figure("covers", "Covers", unit: "covers") { .int(ReportMath.covers(came($0))) },
            figure("reservation_covers", "Covers from bookings", unit: "covers") { .int(ReportMath.covers(came($0).filter { !$0.isWalkIn })) },
            figure("walk_in_covers", "Walk-in covers", unit: "covers") { .int(ReportMath.covers(came($0).filter(\.isWalkIn))) },
            figure("walk_in_parties", "Walk-in parties", unit: "parties") { .int(came($0).filter(\.isWalkIn).count) },
            figure("average_party", "Average party", unit: "covers") { r in
                let c = came(r)
                return c.isEmpty ? .none : .rounded(Double(ReportMath.covers(c)) / Double(c.count), 2)
            },
        ]
        let columns = [ReportColumn("bookings", "bookings"), ReportColumn("covers", "covers"), ReportColumn("reservation_covers", "covers"),
                       ReportColumn("walk_in_covers", "covers")]
        func cells(_ b: [ReportBooking]) -> [ReportValue] {
            let c = b.filter(\.came)
            return [.int(b.filter(\.isBooking).count), .int(ReportMath.covers(c)), .int(ReportMath.covers(c.filter { !$0.isWalkIn })),
                    .int(ReportMath.covers(c.filter(\.isWalkIn)))]
        }
        let current = bookings(in: range), services = serviceDays()
        let byDate = Dictionary(grouping: current, by: \.day)
        // Every day of the range has a row, a day with nothing included: a chart's gap is a real zero.
        let days = range.dates.map { d in [.text(d.description), .text(d.weekdayName)] + cells(byDate[d] ?? []) }
        func keyed(_ key: @escaping (ReportBooking) -> String, order: [String] = []) -> [[ReportValue]] {
            let before = Dictionary(grouping: bookings(in: range.previous).filter(\.came), by: key)
            return grouped(current, order: order, key).map { k, b in [.text(k)] + cells(b) + [.int(ReportMath.covers(before[k] ?? []))] }
        }
        let previous = [ReportColumn("previous_covers", "covers")]
        return report(.covers, figures: figures, tables: [
            ReportTable("by-day", "By day", columns: [ReportColumn("date", "date"), ReportColumn("weekday", "text")] + columns, rows: days),
            ReportTable("by-service", "By service", columns: [ReportColumn("service", "text")] + columns + previous,
                        rows: keyed({ service(of: $0, services) }, order: serviceOrder)),
            ReportTable("by-hour", "By hour", columns: [ReportColumn("hour", "time")] + columns + previous,
                        rows: keyed { ReportMath.hour($0.minute) }),
        ])
    }
}
