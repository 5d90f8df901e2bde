import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// The CLI forms of pacing and guest merging: `book --over-pacing`, `pacing [--json]`, `guests duplicates`,
/// `guest merge KEEP DROP`, run as the real binary (real time: the day booked is tomorrow in Madrid).
@Suite("Pacing and guests on the command line", .serialized)
struct PacingCLITests {
    @Test func pacingRefusalOverrideAndReport() throws {
        let t = try TestEnv(now: Date())
        let r = try t.venue(PacingTests.pacedFloor())
        let day = r.clock.localDate(of: Date()).adding(days: 1)
        for (table, party, phone) in [("T3", 4, 1), ("T1", 2, 2)] {
            _ = try t.book.book(Fixtures.request(r, table: table, date: day, party: party, name: "Guest \(phone)", phone: Fixtures.phone(phone)), actor: t.host)
        }
        let base = ["book", "--restaurant", r.slug, "--date", day.description, "--time", "19:05", "--party", "4", "--table", "P1",
                    "--name", "Carla Gil", "--phone", Fixtures.phone(3)]
        let refused = try CLITests.run(base, database: t.databaseURL)
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("19:00 has 6 of 8 covers; a party of 4 fits at 19:15 or 19:30."), "\(refused.stderr)")
        let json = try CLITests.run(base + ["--json"], database: t.databaseURL)
        #expect(json.object["field"] as? String == "time")
        #expect(json.object["code"] as? String == "unavailable")

        let over = try CLITests.run(base + ["--over-pacing"], database: t.databaseURL)
        #expect(over.status == 0, "\(over.stderr)")
        #expect(try t.count("audit_log", where: "action = 'book' AND after->'over_pacing'->>'covers_before' = '6'") == 1)

        let report = try CLITests.run(["pacing", "--restaurant", r.slug, "--date", day.description, "--json"], database: t.databaseURL)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.object["limit"] as? Int == 8)
        let slots = report.object["slots"] as? [[String: Any]] ?? []
        let seven = slots.first { $0["time"] as? String == "19:00" }
        #expect(seven?["covers"] as? Int == 10)
        #expect(seven?["over"] as? Bool == true)
        #expect(slots.first { $0["time"] as? String == "13:00" }?["covers"] as? Int == 0)  // lunch is listed too
        let text = try CLITests.run(["pacing", "--restaurant", r.slug, "--date", day.description], database: t.databaseURL)
        #expect(text.stdout.contains("at most 8 covers starting per 15 minutes"))
        #expect(text.stdout.split(separator: "\n").contains { $0.hasPrefix("19:00") && $0.contains("10") && $0.contains("over") })
    }

    @Test func duplicatesAndMerge() throws {
        let t = try TestEnv(now: Date())
        let r = try t.venue()
        let day = r.clock.localDate(of: Date()).adding(days: 1)
        let keep = try t.book.book(Fixtures.request(r, table: "T3", date: day, party: 2, name: "Álvaro Núñez", phone: "600 11 22 33", email: nil),
                                   actor: t.host).entry.customer.id
        let drop = try t.book.book(Fixtures.request(r, table: "P1", date: day, party: 2, name: "ALVARO NUNEZ", phone: "600 11 22 43",
                                                    email: "alvaro@example.com"), actor: t.host).entry.customer.id
        let list = try CLITests.run(["guests", "duplicates", "--restaurant", r.slug, "--json"], database: t.databaseURL)
        #expect(list.status == 0, "\(list.stderr)")
        let pairs = list.json as? [[String: Any]] ?? []
        #expect(pairs.count == 1)
        #expect(pairs.first?["reason"] as? String == "name_and_phone")
        #expect(Set([(pairs.first?["guest"] as? [String: Any])?["id"] as? Int, (pairs.first?["other"] as? [String: Any])?["id"] as? Int])
                == Set([Int(keep), Int(drop)]))
        let plain = try CLITests.run(["guests", "duplicates", "--restaurant", r.slug], database: t.databaseURL)
        #expect(plain.stdout.contains("same name, similar phone"))

        let merged = try CLITests.run(["guest", "merge", String(keep), String(drop), "--restaurant", r.slug, "--json"], database: t.databaseURL)
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.object["reservations_moved"] as? Int == 1)
        #expect(merged.object["filled"] as? [String] == ["email"])
        #expect(try t.count("reservations", where: "customer_id = $1", [keep]) == 2)
        let again = try CLITests.run(["guest", "merge", String(keep), String(drop), "--restaurant", r.slug], database: t.databaseURL)
        #expect(again.status == 2)
        #expect(again.stderr.contains("Guest \(drop) at this venue was not found"), "\(again.stderr)")
        #expect(try CLITests.run(["guests", "duplicates", "--restaurant", r.slug], database: t.databaseURL).stdout.contains("No likely duplicates"))
    }
}
