import Foundation
import ReservationDomain

/// A report as text for the terminal: the figures beside the previous range, each table, then the advice.
enum ReportPrinter {
    static func print(_ r: Report) {
        Printer.line("\(r.title) · \(r.venue) · \(r.from) to \(r.to) (\(r.timeZone)) · previous: \(r.previousFrom) to \(r.previousTo)")
        Printer.line("")
        Printer.table(["FIGURE", "NOW", "BEFORE", "UNIT"], r.figures.map { [$0.label, $0.current.shown($0.unit), $0.previous.shown($0.unit), $0.unit] })
        for t in r.tables {
            Printer.line("")
            Printer.line(t.title)
            if t.rows.isEmpty {
                Printer.line("  (nothing in this range)")
                continue
            }
            Printer.table(t.columns.map { $0.name.uppercased() }, t.rows.map { row in zip(row, t.columns).map { $0.shown($1.unit) } })
        }
        if !r.advice.isEmpty {
            Printer.line("")
            for a in r.advice { Printer.line("• " + a) }
        }
    }
}
