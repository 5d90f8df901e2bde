import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// `reservaflow report` through the real binary, over `ReportHistory`'s week: the CSV a spreadsheet opens,
/// the JSON the golden files pin, the words a manager reads, and a wrong name refused with the list.
@Suite("Command line: report", .serialized)
struct CLIReportTests {
    @Test("report covers --csv, --json and as text; --table picks a table; a typo names the reports")
    func report() throws {
        let h = try ReportHistory()
        try h.write()
        func run(_ args: String...) throws -> CLITests.Run {
            try CLITests.run(["report"] + args + ["--restaurant", "casa", "--from", "2026-05-11", "--to", "2026-05-17"], database: h.t.databaseURL)
        }
        let csv = try run("covers", "--csv")
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.components(separatedBy: "\r\n")
        #expect(lines.first == "venue,time_zone,from,to,date,weekday,bookings,covers,reservation_covers,walk_in_covers")
        #expect(lines.contains("casa,Europe/Madrid,2026-05-11,2026-05-17,2026-05-15,Friday,4,7,4,3"))
        let hours = try run("covers", "--csv", "--table", "by-hour")
        #expect(hours.stdout.contains("casa,Europe/Madrid,2026-05-11,2026-05-17,21:00,"), "\(hours.stdout)")
        let json = try run("no-shows", "--json")
        #expect(json.status == 0)
        let decoded = try JSONDecoder().decode(Report.self, from: Data(json.stdout.utf8))
        #expect(decoded.figure("no_show_rate")?.current == .number(0.222))
        let text = try run("turns")
        #expect(text.stdout.contains("Parties of 1-2 finish in 70 min against 90: the turn could be shorter."), "\(text.stdout)")
        #expect(text.stdout.contains("Turns by party size"))
        let typo = try run("coverz")
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("one of: covers, no-shows, turns, utilisation, channels, waitlist, pacing, venues"), "\(typo.stderr)")
        let all = try CLITests.run(["report", "venues", "--from", "2026-05-11", "--to", "2026-05-17", "--csv"], database: h.t.databaseURL)
        #expect(all.stdout.contains("2026-05-11,2026-05-17,total,,11,19,7,0.222,0.182,70,4"), "\(all.stdout) \(all.stderr)")
    }
}
