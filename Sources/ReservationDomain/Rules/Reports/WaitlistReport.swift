import Foundation

extension ReportFacts {
    /// Parties seated from the list with a quote given: the ones whose quote can be judged.
    func judged(_ r: ReportRange) -> [(wait: ReportWait, actual: Double)] {
        waits(in: r).compactMap { w in w.quotedMinutes > 0 ? w.actualMinutes.map { (w, $0) } : nil }
    }

    /// Actual minus quoted: below zero the quote was beaten.
    static func errors(_ j: [(wait: ReportWait, actual: Double)]) -> [Double] { j.map { $0.actual - Double($0.wait.quotedMinutes) } }
    static func beaten(_ j: [(wait: ReportWait, actual: Double)]) -> ReportValue { ReportMath.rate(j.filter { $0.actual <= Double($0.wait.quotedMinutes) }.count, j.count) }

    func waitlistReport() -> Report {
        let figures = [
            figure("entries", "Added to the list", unit: "parties") { .int(waits(in: $0).count) },
            figure("seated", "Seated from the list", unit: "parties") { .int(waits(in: $0).filter { $0.status == .seated }.count) },
            figure("left", "Left the list", unit: "parties") { .int(waits(in: $0).filter { $0.status == .removed }.count) },
            figure("judged", "Quoted and seated", unit: "parties") { .int(judged($0).count) },
            figure("median_error", "Median error (actual - quoted)", unit: "minutes") { .rounded(ReportMath.median(Self.errors(judged($0)))) },
            figure("beaten_share", "Quote beaten or met", unit: "share") { Self.beaten(judged($0)) },
        ]
        let columns = [ReportColumn("seated", "parties"), ReportColumn("median_quoted", "minutes"), ReportColumn("median_actual", "minutes"),
                       ReportColumn("median_error", "minutes"), ReportColumn("beaten_share", "share")]
        func cells(_ j: [(wait: ReportWait, actual: Double)]) -> [ReportValue] {
            [.int(j.count), .rounded(ReportMath.median(j.map { Double($0.wait.quotedMinutes) })), .rounded(ReportMath.median(j.map(\.actual))),
             .rounded(ReportMath.median(Self.errors(j))), Self.beaten(j)]
        }
        let j = judged(range)
        let byHour = grouped(j) { ReportMath.hour($0.wait.minute) }.map { [.text($0.0)] + cells($0.1) }
        let byParty = Dictionary(grouping: j) { $0.wait.partySize }.sorted { $0.key < $1.key }.map { [.int($0.key)] + cells($0.value) }
        return report(.waitlist, figures: figures, tables: [
            ReportTable("by-hour", "Quotes by hour added", columns: [ReportColumn("hour", "time")] + columns, rows: byHour),
            ReportTable("by-party", "Quotes by party size", columns: [ReportColumn("party", "covers")] + columns, rows: byParty),
        ])
    }
}
