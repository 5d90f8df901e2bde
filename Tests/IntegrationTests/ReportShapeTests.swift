import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

/// Who may read the reports, the roll-up across venues, and the JSON and CSV shapes pinned by golden files
/// (`GOLDEN_UPDATE=1 swift test --filter ReportShape` rewrites them; review the diff like any change).
@Suite("Report shapes and permissions", .serialized)
struct ReportShapeTests {
    static func golden(_ name: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
        if ProcessInfo.processInfo.environment["GOLDEN_UPDATE"] == "1" {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(actual == expected, "\(name) differs; actual:\n\(actual)", sourceLocation: sourceLocation)
    }

    @Test("a host is refused in one sentence; a manager reads their venues only; an administrator reads any")
    func permissions() throws {
        let h = try ReportHistory()
        let other = try h.t.venue(Fixtures.floor(slug: "otra"))
        let refused = reservationError { _ = try h.report(.covers, actor: h.t.host) }
        #expect(refused?.description == "A host cannot read the reports. Ask a manager.")
        let manager = Actor(staffID: nil, name: "Marta", role: .manager, venues: [other.id])
        let elsewhere = reservationError { _ = try h.report(.covers, actor: manager) }
        guard case .forbidden = elsewhere else { Issue.record("a manager read another venue's report: \(String(describing: elsewhere))"); return }
        _ = try h.t.book.report(.covers, restaurantID: other.id, range: ReportRange(from: Fixtures.friday, to: Fixtures.friday), actor: manager)
        let mine = try h.t.book.venuesReport(range: ReportHistory.range, actor: manager)
        #expect(try #require(mine.table("by-venue")).rows.map { $0[0] } == [.text("otra"), .text("total")])
    }

    @Test("the roll-up has a row per venue and the total, each venue's figures its own")
    func venues() throws {
        let h = try ReportHistory()
        try h.write()
        try h.t.venue(Fixtures.floor(slug: "otra"))
        let report = try h.t.book.venuesReport(range: ReportHistory.range, actor: h.t.admin)
        let table = try #require(report.table("by-venue"))
        #expect(table.rows.map { $0[0] } == [.text("casa"), .text("otra"), .text("total")])
        #expect(table.value(row: "casa", column: "covers") == .int(19))
        #expect(table.value(row: "otra", column: "covers") == .int(0))
        #expect(table.value(row: "total", column: "covers") == .int(19))
        #expect(table.value(row: "total", column: "no_show_rate") == .number(0.222))
        #expect(report.figure("venues")?.current == .int(2))
    }

    @Test("each report's JSON and its first table's CSV, from the hand-made week")
    func goldens() throws {
        let h = try ReportHistory()
        try h.write()
        for kind in ReportKind.allCases {
            let report = try h.report(kind)
            try Self.golden("reports/\(kind.rawValue).json", try JSONText.encode(report) + "\n")
            try Self.golden("reports/\(kind.rawValue).csv", try report.csv(table: report.tables[0].name))
        }
        let covers = try h.report(.covers)
        try Self.golden("reports/covers-figures.csv", try covers.csv(table: "figures"))
        let unknown = reservationError { _ = try covers.csv(table: "by-month") }
        #expect(unknown?.description.contains("it has: figures, by-day, by-service, by-hour") == true)
    }
}
