import ArgumentParser
import Foundation
import ReservationCore
import ReservationDomain

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "A venue's numbers for a range of days, beside the range before it (docs/reports.md defines each).",
        discussion: """
            Reports: \(ReportKind.allCases.map(\.rawValue).joined(separator: ", ")). `venues` is every venue at once, a row \
            each and the total (without --restaurant). Days are the venue's (its time zone is in every CSV row and the \
            JSON); --from and --to are both included, the last four weeks up to yesterday by default. --csv writes one \
            table with a header row (--table NAME: `figures` or one of the report's tables; the first by default); \
            --json the whole report.
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The report: \(ReportKind.allCases.map(\.rawValue).joined(separator: ", ")).") var name: String
    /// Without it: the only venue when there is one; every venue for `venues`.
    @OptionGroup var venue: VenueOption
    @Option(help: "First day (YYYY-MM-DD, today, -7 ...): four weeks before --to by default.") var from: String?
    @Option(help: "Last day, included: yesterday by default.") var to: String?
    @Flag(help: "CSV with a header row, for a spreadsheet.") var csv = false
    @Option(help: "With --csv: which table (figures, or the report's: by-day, by-service ...).") var table: String?

    func run() throws {
        if csv && global.json { throw ValidationError("Choose one of --csv and --json.") }
        guard let kind = ReportKind(rawValue: name.lowercased()) else {
            throw ReservationError.invalid(field: "report", message: "\"\(TextSanitizer.excerpt(name))\" is not a report; one of: \(ReportKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let book = try global.openBook()
        let report: Report
        if kind == .venues && venue.slug == nil {
            report = try book.venuesReport(range: try range(today: ZonedClock(zone: .gmt).localDate(of: Date())), actor: .commandLine())
        } else {
            let r = try venue.resolve(book)
            report = try book.report(kind, restaurantID: r.id, range: try range(today: r.clock.localDate(of: Date())), actor: .commandLine())
        }
        if csv {
            FileHandle.standardOutput.write(Data(try report.csv(table: table ?? report.tables.first?.name ?? "figures").utf8))
        } else if global.json {
            try Printer.json(report)
        } else {
            ReportPrinter.print(report)
        }
    }

    /// Relative words (`today`, `-7`) are the venue's days; a roll-up's are UTC's.
    func range(today: LocalDate) throws -> ReportRange {
        func parse(_ text: String, _ field: String) throws -> LocalDate {
            guard let d = DateInput.parse(text, today: today) else {
                throw ReservationError.invalid(field: field, message: "\"\(TextSanitizer.excerpt(text))\" is not a date: use YYYY-MM-DD, 24/12, today or a weekday.")
            }
            return d
        }
        let last = try to.map { try parse($0, "to") } ?? today.adding(days: -1)
        return try ReportRange(from: try from.map { try parse($0, "from") } ?? last.adding(days: -27), to: last)
    }
}
