import Foundation

extension ReportFacts {
    /// A booking that was due: still on the book when its time came (not cancelled, not a lapsed hold), and
    /// that time has passed. A guest who came, one marked no-show, and one nobody marked are all due.
    func due(_ r: ReportRange) -> [ReportBooking] {
        bookings(in: r).filter { $0.isBooking && $0.status != .cancelled && $0.status != .pending && $0.startsAt <= now }
    }

    /// How long before its time a booking was cancelled, in the buckets the report counts.
    static let noticeBuckets = ["after its time", "under 2 h", "2-24 h", "1-7 days", "over 7 days"]

    static func notice(_ b: ReportBooking) -> String {
        let hours = b.startsAt.timeIntervalSince(b.updatedAt) / 3600
        switch hours {
        case ..<0: return noticeBuckets[0]
        case ..<2: return noticeBuckets[1]
        case ..<24: return noticeBuckets[2]
        case ..<168: return noticeBuckets[3]
        default: return noticeBuckets[4]
        }
    }

    func noShowReport() -> Report {
        func noShows(_ r: ReportRange) -> Int { bookings(in: r).filter { $0.status == .noShow }.count }
        func cancelled(_ r: ReportRange) -> [ReportBooking] { bookings(in: r).filter { $0.isBooking && $0.status == .cancelled } }
        let figures = [
            figure("due", "Bookings due", unit: "bookings") { .int(due($0).count) },
            figure("no_shows", "No-shows", unit: "bookings") { .int(noShows($0)) },
            figure("no_show_rate", "No-show rate", unit: "share") { ReportMath.rate(noShows($0), due($0).count) },
            figure("unmarked", "Due, never marked", unit: "bookings") { .int(due($0).filter { $0.status == .confirmed }.count) },
            figure("bookings", "Bookings", unit: "bookings") { .int(bookings(in: $0).filter(\.isBooking).count) },
            figure("cancellations", "Cancellations", unit: "bookings") { .int(cancelled($0).count) },
            figure("cancellation_rate", "Cancellation rate", unit: "share") { r in
                ReportMath.rate(cancelled(r).count, bookings(in: r).filter(\.isBooking).count)
            },
            figure("late_cancellations", "Cancelled under 24 h before", unit: "bookings") { r in
                .int(cancelled(r).filter { $0.startsAt.timeIntervalSince($0.updatedAt) < 86_400 }.count)
            },
        ]
        let current = cancelled(range)
        let byNotice = Dictionary(grouping: current, by: Self.notice)
        let notice = Self.noticeBuckets.map { k -> [ReportValue] in
            let n = byNotice[k]?.count ?? 0
            return [.text(k), .int(n), ReportMath.rate(n, current.count)]
        }
        let dueNow = due(range)
        let weekdays = (1...7).map { d -> [ReportValue] in
            let rows = dueNow.filter { $0.day.isoWeekday == d }
            let n = rows.filter { $0.status == .noShow }.count
            return [.text(LocalDate(dayNumber: 3 + d).weekdayName), .int(rows.count), .int(n), ReportMath.rate(n, rows.count)]
        }
        // Repeated: two or more no-shows in the range, most first. The guest's lifetime count is on their profile.
        let repeated = Dictionary(grouping: dueNow, by: \.customerID)
            .compactMap { id, rows -> (String, Int, Int, LocalDate)? in
                let missed = rows.filter { $0.status == .noShow }
                guard missed.count >= 2, let last = missed.map(\.day).max() else { return nil }
                return (guestNames[id] ?? "guest \(id)", missed.count, rows.count, last)
            }
            .sorted { ($1.1, $0.0) < ($0.1, $1.0) }
            .map { [ReportValue.text($0.0), .int($0.1), .int($0.2), .text($0.3.description)] }
        return report(.noShows, figures: figures, tables: [
            ReportTable("cancellation-notice", "Cancellations by notice", columns: [ReportColumn("notice", "text"), ReportColumn("cancellations", "bookings"),
                                                                                   ReportColumn("share", "share")], rows: notice),
            ReportTable("by-weekday", "No-shows by weekday", columns: [ReportColumn("weekday", "text"), ReportColumn("due", "bookings"),
                                                                        ReportColumn("no_shows", "bookings"), ReportColumn("no_show_rate", "share")], rows: weekdays),
            ReportTable("repeat-guests", "Guests with repeated no-shows", columns: [ReportColumn("guest", "text"), ReportColumn("no_shows", "bookings"),
                                                                                    ReportColumn("due", "bookings"), ReportColumn("last_no_show", "date")], rows: repeated),
        ])
    }
}
