import Foundation

extension Report {
    /// The headline figures as a table, so `--csv --table figures` has them too.
    public var figureTable: ReportTable {
        ReportTable("figures", "Figures", columns: [ReportColumn("figure", "text"), ReportColumn("label", "text"), ReportColumn("unit", "text"),
                                                    ReportColumn("current", "number"), ReportColumn("previous", "number")],
                    rows: figures.map { [.text($0.name), .text($0.label), .text($0.unit), $0.current, $0.previous] })
    }

    /// The names `--table` takes: the figures, then the report's tables.
    public var tableNames: [String] { ["figures"] + tables.map(\.name) }

    /// One table as CSV a spreadsheet opens as it is: a header row, then every row led by the venue, its time
    /// zone and the range, so a file read on its own says where and when its days are. Dates are ISO.
    public func csv(table name: String) throws(ReservationError) -> String {
        guard let table = name == "figures" ? figureTable : self.table(name) else {
            throw .invalid(field: "table", message: "The \(report.rawValue) report has no table \"\(name)\"; it has: \(tableNames.joined(separator: ", ")).")
        }
        // The roll-up's rows name their venue and its zone already: the report's own would say "all".
        let named = table.columns.first?.name == "venue"
        let lead = (named ? [] : [venue, timeZone]) + [from.description, to.description]
        return CSV.row((named ? [] : ["venue", "time_zone"]) + ["from", "to"] + table.columns.map(\.name))
            + table.rows.map { CSV.row(lead + $0.map(\.cell)) }.joined()
    }
}
