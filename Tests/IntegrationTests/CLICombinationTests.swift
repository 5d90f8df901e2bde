import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

extension CLITests {
    @Test func aCombinationIsBookedByNameAndListedInTables() throws {
        let t = try TestEnv(now: Date())
        let r = try t.venue(Fixtures.floor(advanceDays: 400) + "\n[[combinations]]\ntables = [\"T3\", \"T4\"]\n")
        let day = r.clock.localDate(of: Date()).adding(days: 7).description
        let base = ["--restaurant", r.slug, "--date", day, "--json"]
        let ok = try Self.run(["book"] + base + ["--party", "9", "--table", "T4+T3", "--time", "13:00", "--name", "Grupo Sanz", "--phone", "600 123 456"],
                              database: t.databaseURL)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.object["table"] as? String == "T3")
        #expect(ok.object["tables"] as? [String] == ["T3", "T4"])
        // T4 alone over it: exit 3, naming the table and the guest.
        let taken = try Self.run(["book"] + base + ["--party", "4", "--table", "T4", "--time", "14:00", "--name", "Bob", "--phone", "600 123 457"],
                                 database: t.databaseURL)
        #expect(taken.status == 3)
        #expect(taken.stderr.contains("Table T4 is taken 13:00-16:00 by Grupo Sanz"), "\(taken.stderr)")
        // Availability for 9 offers the combination where it is free, in the human table too.
        let avail = try Self.run(["availability"] + base + ["--party", "9"], database: t.databaseURL)
        let slots = try #require(avail.object["slots"] as? [[String: Any]])
        #expect(slots.first { $0["time"] as? String == "19:00" }?["combinations"] as? [String] == ["T3+T4"])
        #expect(slots.first { $0["time"] as? String == "13:00" }?["combinations"] as? [String] == [])
        let human = try Self.run(["availability", "--restaurant", r.slug, "--date", day, "--party", "9"], database: t.databaseURL)
        #expect(human.stdout.contains("T3+T4"), "\(human.stdout)")
    }
}
