import Foundation

extension ReportFacts {
    /// The venue's turn brackets in order: "1-2" up to 2, "3-4" up to 4..., the last one "7+" when it is open-ended.
    var turnBrackets: [(label: String, upTo: Int, minutes: Int)] {
        var low = 1
        return venue.rules.turnTimes.sorted { $0.upToParty < $1.upToParty }.map { t in
            defer { low = t.upToParty + 1 }
            // A bracket past the largest party the venue takes is "the rest": "7+", not "7-99".
            let label = t.upToParty > venue.rules.maxParty ? "\(low)+" : low == t.upToParty ? "\(low)" : "\(low)-\(t.upToParty)"
            return (label, t.upToParty, t.minutes)
        }
    }

    /// Seated to finished, in minutes: the real turn, whatever time the party was booked for.
    static func turn(_ b: ReportBooking) -> Double? {
        guard b.status == .completed, let s = b.seatedAt, let c = b.completedAt else { return nil }
        return ReportMath.minutes(s, c)
    }

    /// Fewer parties than this say nothing a manager should act on.
    static let adviceMinimum = 5
    /// A difference under this many minutes is noise at the podium.
    static let adviceMargin = 10.0

    static func advice(label: String, configured: Int, turns: [Double]) -> String? {
        guard turns.count >= adviceMinimum, let median = ReportMath.median(turns), let p90 = ReportMath.percentile(turns, 0.9) else { return nil }
        let who = label == "1" ? "Parties of 1" : "Parties of \(label)"
        if median <= Double(configured) - adviceMargin {
            return "\(who) finish in \(Int(median.rounded())) min against \(configured): the turn could be shorter."
        }
        if p90 >= Double(configured) + adviceMargin {
            return "\(who) run long: 1 in 10 take \(Int(p90.rounded())) min or more against \(configured): the turn could be longer."
        }
        return nil
    }

    func turnReport() -> Report {
        let brackets = turnBrackets
        func bracket(_ party: Int) -> Int { brackets.firstIndex { party <= $0.upTo } ?? brackets.count - 1 }
        func turns(_ r: ReportRange) -> [(Int, Double)] { bookings(in: r).compactMap { b in Self.turn(b).map { (bracket(b.partySize), $0) } } }
        let now = turns(range), before = turns(range.previous)
        let figures = [
            figure("parties", "Parties measured", unit: "parties") { .int(turns($0).count) },
            figure("median_turn", "Median turn", unit: "minutes") { .rounded(ReportMath.median(turns($0).map(\.1))) },
            figure("p90_turn", "Turn, 90th percentile", unit: "minutes") { .rounded(ReportMath.percentile(turns($0).map(\.1), 0.9)) },
        ]
        var advice: [String] = []
        let rows = brackets.enumerated().map { i, b -> [ReportValue] in
            let t = now.filter { $0.0 == i }.map(\.1)
            if let a = Self.advice(label: b.label, configured: b.minutes, turns: t) { advice.append(a) }
            let median = ReportMath.median(t)
            return [.text(b.label), .int(b.minutes), .int(t.count), .rounded(median), .rounded(ReportMath.percentile(t, 0.9)),
                    .rounded(median.map { $0 - Double(b.minutes) }), .int(bookings(in: range).filter { b in
                        Self.turn(b) != nil && bracket(b.partySize) == i && b.seatedAt! < b.startsAt }.count),
                    .rounded(ReportMath.median(before.filter { $0.0 == i }.map(\.1)))]
        }
        return report(.turns, figures: figures, tables: [
            ReportTable("by-party", "Turns by party size", columns: [
                ReportColumn("party", "text"), ReportColumn("configured", "minutes"), ReportColumn("parties", "parties"),
                ReportColumn("median", "minutes"), ReportColumn("p90", "minutes"), ReportColumn("median_vs_configured", "minutes"),
                ReportColumn("seated_early", "parties"), ReportColumn("previous_median", "minutes"),
            ], rows: rows),
        ], advice: advice)
    }
}
