import Foundation

extension ReportFacts {
    /// What each source means at a venue: who took the booking and through which door.
    static func channel(_ source: ReservationSource) -> String {
        switch source {
        case .phone: "podium (phone)"
        case .walkIn: "walk-in"
        case .online: "online (API)"
        case .staff: "staff over the API"
        }
    }

    static let leadBuckets = ["same day", "1 day", "2-7 days", "8-30 days", "over 30 days"]

    /// Days between the day it was made and the day it is for, in the venue's calendar. A walk-in has none.
    func leadDays(_ b: ReportBooking) -> Int? {
        b.isWalkIn ? nil : max(0, b.createdDay.days(until: b.day))
    }

    /// Hours from being made to its time: the median and p90 figures, finer than whole days.
    static func leadHours(_ b: ReportBooking) -> Double? { b.isWalkIn ? nil : max(0, b.startsAt.timeIntervalSince(b.createdAt) / 3600) }

    func channelReport() -> Report {
        // Walk-ins are parties here (they are not bookings), so the mix shows every way a table was filled.
        func made(_ r: ReportRange) -> [ReportBooking] { bookings(in: r).filter { $0.status != .expired } }
        let figures = [
            figure("bookings", "Bookings and walk-ins", unit: "parties") { .int(made($0).count) },
            figure("median_lead_hours", "Median lead time", unit: "hours") { .rounded(ReportMath.median(made($0).compactMap(Self.leadHours))) },
            figure("p90_lead_hours", "Lead time, 90th percentile", unit: "hours") { .rounded(ReportMath.percentile(made($0).compactMap(Self.leadHours), 0.9)) },
            figure("online_share", "Online share", unit: "share") { r in
                let m = made(r)
                return ReportMath.rate(m.filter { $0.source == .online }.count, m.count)
            },
        ]
        let current = made(range), before = made(range.previous)
        let channels = ReservationSource.allCases.map { s -> [ReportValue] in
            let rows = current.filter { $0.source == s }
            let lead = rows.compactMap(Self.leadHours)
            return [.text(Self.channel(s)), .text(s.rawValue), .int(rows.count), .int(ReportMath.covers(rows)), ReportMath.rate(rows.count, current.count),
                    .rounded(ReportMath.median(lead)), .int(before.filter { $0.source == s }.count)]
        }
        let leads = current.compactMap(leadDays)
        let leadRows = Self.leadBuckets.enumerated().map { i, k -> [ReportValue] in
            let n = leads.filter { d in [d == 0, d == 1, (2...7).contains(d), (8...30).contains(d), d > 30][i] }.count
            return [.text(k), .int(n), ReportMath.rate(n, leads.count)]
        }
        return report(.channels, figures: figures, tables: [
            ReportTable("by-channel", "By channel", columns: [
                ReportColumn("channel", "text"), ReportColumn("source", "text"), ReportColumn("parties", "parties"), ReportColumn("covers", "covers"),
                ReportColumn("share", "share"), ReportColumn("median_lead_hours", "hours"), ReportColumn("previous_parties", "parties"),
            ], rows: channels),
            ReportTable("lead-time", "Lead time (bookings only)", columns: [ReportColumn("lead", "text"), ReportColumn("bookings", "bookings"),
                                                                            ReportColumn("share", "share")], rows: leadRows),
        ])
    }
}
