import Foundation

/// The roll-up across venues: a row per venue and the total, each venue's days in its own time zone.
public enum Reports {
    /// One venue's counts for one range, each booking looked at once (a hundred venues' month is 300,000 rows).
    struct Tally {
        var booked = 0, covers = 0, walkIns = 0, due = 0, noShows = 0, cancelled = 0
        var turns: [Double] = []

        init(_ f: ReportFacts, _ r: ReportRange) {
            for b in f.bookings(in: r) {
                if b.isBooking { booked += 1 }
                if b.came { covers += b.partySize }
                if b.came && b.isWalkIn { walkIns += b.partySize }
                if b.status == .noShow { noShows += 1 }
                if b.isBooking && b.status == .cancelled { cancelled += 1 }
                if let t = ReportFacts.turn(b) { turns.append(t) }
            }
            due = f.due(r).count
        }

        init(_ all: [Tally]) {
            for t in all {
                booked += t.booked; covers += t.covers; walkIns += t.walkIns; due += t.due; noShows += t.noShows; cancelled += t.cancelled
                turns += t.turns
            }
        }
    }

    public static func venues(_ venues: [ReportFacts], range: ReportRange) -> Report {
        let sorted = venues.sorted { $0.venue.slug < $1.venue.slug }
        let now = sorted.map { Tally($0, range) }, before = sorted.map { Tally($0, range.previous) }
        let all = Tally(now), allBefore = Tally(before)
        func row(_ name: String, zone: String, _ t: Tally, _ p: Tally) -> [ReportValue] {
            [.text(name), .text(zone), .int(t.booked), .int(t.covers), .int(t.walkIns), ReportMath.rate(t.noShows, t.due),
             ReportMath.rate(t.cancelled, t.booked), .rounded(ReportMath.median(t.turns)), .int(p.covers)]
        }
        let figures = [
            ReportFigure("venues", "Venues", unit: "venues", current: .int(venues.count), previous: .int(venues.count)),
            ReportFigure("bookings", "Bookings", unit: "bookings", current: .int(all.booked), previous: .int(allBefore.booked)),
            ReportFigure("covers", "Covers", unit: "covers", current: .int(all.covers), previous: .int(allBefore.covers)),
            ReportFigure("no_show_rate", "No-show rate", unit: "share", current: ReportMath.rate(all.noShows, all.due),
                         previous: ReportMath.rate(allBefore.noShows, allBefore.due)),
            ReportFigure("cancellation_rate", "Cancellation rate", unit: "share", current: ReportMath.rate(all.cancelled, all.booked),
                         previous: ReportMath.rate(allBefore.cancelled, allBefore.booked)),
        ]
        let table = ReportTable("by-venue", "By venue", columns: [
            ReportColumn("venue", "text"), ReportColumn("time_zone", "text"), ReportColumn("bookings", "bookings"), ReportColumn("covers", "covers"),
            ReportColumn("walk_in_covers", "covers"), ReportColumn("no_show_rate", "share"), ReportColumn("cancellation_rate", "share"),
            ReportColumn("median_turn", "minutes"), ReportColumn("previous_covers", "covers"),
        ], rows: sorted.indices.map { row(sorted[$0].venue.slug, zone: sorted[$0].venue.timeZone, now[$0], before[$0]) } + [row("total", zone: "", all, allBefore)])
        return Report(.venues, venue: "all", timeZone: "each venue's own", range: range, figures: figures, tables: [table])
    }
}
