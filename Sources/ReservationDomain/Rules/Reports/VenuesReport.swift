import Foundation

/// The roll-up across venues: a row per venue and the total, each venue's days in its own time zone.
public enum Reports {
    public static func venues(_ venues: [ReportFacts], range: ReportRange) -> Report {
        func bookings(_ f: ReportFacts, _ r: ReportRange) -> [ReportBooking] { f.bookings(in: r) }
        func sum(_ r: ReportRange, _ value: (ReportFacts, ReportRange) -> Int) -> Int { venues.reduce(0) { $0 + value($1, r) } }
        func covers(_ f: ReportFacts, _ r: ReportRange) -> Int { ReportMath.covers(bookings(f, r).filter(\.came)) }
        func booked(_ f: ReportFacts, _ r: ReportRange) -> Int { bookings(f, r).filter(\.isBooking).count }
        func walkIns(_ f: ReportFacts, _ r: ReportRange) -> Int { ReportMath.covers(bookings(f, r).filter { $0.came && $0.isWalkIn }) }
        func due(_ f: ReportFacts, _ r: ReportRange) -> Int { f.due(r).count }
        func noShows(_ f: ReportFacts, _ r: ReportRange) -> Int { bookings(f, r).filter { $0.status == .noShow }.count }
        func cancelled(_ f: ReportFacts, _ r: ReportRange) -> Int { bookings(f, r).filter { $0.isBooking && $0.status == .cancelled }.count }
        func turns(_ fs: [ReportFacts], _ r: ReportRange) -> [Double] { fs.flatMap { f in bookings(f, r).compactMap(ReportFacts.turn) } }
        func row(_ name: String, zone: String, _ fs: [ReportFacts]) -> [ReportValue] {
            func s(_ v: (ReportFacts, ReportRange) -> Int, _ r: ReportRange = range) -> Int { fs.reduce(0) { $0 + v($1, r) } }
            return [.text(name), .text(zone), .int(s(booked)), .int(s(covers)), .int(s(walkIns)), ReportMath.rate(s(noShows), s(due)),
                    ReportMath.rate(s(cancelled), s(booked)), .rounded(ReportMath.median(turns(fs, range))), .int(s(covers, range.previous))]
        }
        let sorted = venues.sorted { $0.venue.slug < $1.venue.slug }
        let figures = [
            ReportFigure("venues", "Venues", unit: "venues", current: .int(venues.count), previous: .int(venues.count)),
            ReportFigure("bookings", "Bookings", unit: "bookings", current: .int(sum(range, booked)), previous: .int(sum(range.previous, booked))),
            ReportFigure("covers", "Covers", unit: "covers", current: .int(sum(range, covers)), previous: .int(sum(range.previous, covers))),
            ReportFigure("no_show_rate", "No-show rate", unit: "share", current: ReportMath.rate(sum(range, noShows), sum(range, due)),
                         previous: ReportMath.rate(sum(range.previous, noShows), sum(range.previous, due))),
            ReportFigure("cancellation_rate", "Cancellation rate", unit: "share", current: ReportMath.rate(sum(range, cancelled), sum(range, booked)),
                         previous: ReportMath.rate(sum(range.previous, cancelled), sum(range.previous, booked))),
        ]
        let table = ReportTable("by-venue", "By venue", columns: [
            ReportColumn("venue", "text"), ReportColumn("time_zone", "text"), ReportColumn("bookings", "bookings"), ReportColumn("covers", "covers"), ReportColumn("walk_in_covers", "covers"),
            ReportColumn("no_show_rate", "share"), ReportColumn("cancellation_rate", "share"), ReportColumn("median_turn", "minutes"),
            ReportColumn("previous_covers", "covers"),
        ], rows: sorted.map { row($0.venue.slug, zone: $0.venue.timeZone, [$0]) } + [row("total", zone: "", venues)])
        return Report(.venues, venue: "all", timeZone: "each venue's own", range: range, figures: figures, tables: [table])
    }
}
