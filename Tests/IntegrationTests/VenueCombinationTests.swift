import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Issue 21: combinations (tables joined for one party) changed one at a time from `:floor` and
/// `reservaflow venue combination`, not only by re-importing a whole floor file: each change is made on the
/// venue's floor file and checked as `floor import` checks one; removing or narrowing one that live bookings
/// hold names them first. Audited as `venue_edit`.
@Suite("Changing a venue's combinations")
struct VenueCombinationTests {
    static let manager = VenueEditTests.manager

    static func combos(_ t: TestEnv, _ r: Restaurant) throws -> [String] {
        try t.book.combinations(restaurantID: r.id).map { "\($0.label) \($0.minCovers)-\($0.maxCovers)" }
    }

    @Test("added, given other covers (named in any order), removed; booked on at once; audited as venue_edit; the tables untouched")
    func addCoversRemove() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.wednesday, 12, 0))
        let r = try t.venue()
        let m = Self.manager(r)
        let tablesBefore = try t.book.tables(restaurantID: r.id)
        let added = try t.book.changeVenue(restaurantID: r.id, [.table(.combine(labels: ["T3", "T4"], min: 6, max: 10))], actor: m)
        #expect(added.summary == "Saved: Combination T3+T4 added, 6-10 covers.")
        #expect(try Self.combos(t, r) == ["T3+T4 6-10"])
        #expect(try t.book.tables(restaurantID: r.id) == tablesBefore)
        #expect(try t.count("audit_log", where: "action = 'venue_edit' AND entity = 'combination'") == 1)
        #expect(try t.count("audit_log", where: "action = 'venue_edit' AND entity = 'dining_table'") == 0)
        let nine = try t.book.book(Fixtures.request(r, table: nil, party: 9), actor: t.host).entry
        #expect(nine.seatLabel == "T3+T4", "a party of 9 is seated at the new combination at once")

        let changed = try t.book.changeVenue(restaurantID: r.id, [.table(.combinationCovers(labels: ["t4", "T3"], min: 5, max: 9))], actor: m)
        #expect(changed.summary == "Saved: Combination t4+T3: 5-9 covers.")
        #expect(try Self.combos(t, r) == ["T3+T4 5-9"])
        _ = try t.book.apply(.cancel, to: nine.id, actor: t.host)
        try t.book.changeVenue(restaurantID: r.id, [.table(.separate(labels: ["T3", "T4"]))], actor: m)
        #expect(try Self.combos(t, r).isEmpty)
        #expect(try t.count("audit_log", where: "action = 'venue_edit' AND entity = 'combination'") >= 3)
    }

    @Test("the floor file's checks decide: an unknown table, two areas, a set given twice, covers upside down; nothing is written")
    func refusals() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.wednesday, 12, 0))
        let r = try t.venue(CombinationTests.floor)
        let m = Self.manager(r)
        let before = try Self.combos(t, r)
        func refused(_ edit: TableEdit) -> String {
            expectInvalid("venue") { _ = try t.book.changeVenue(restaurantID: r.id, [.table(edit)], actor: m) } ?? ""
        }
        #expect(refused(.combine(labels: ["T3", "T9"], min: 2, max: 6)) == "Combination T3+T9: there is no table \"T9\" in this file")
        #expect(refused(.combine(labels: ["T4", "P1"], min: 2, max: 6)).hasSuffix("only tables of one area can be joined"))
        #expect(refused(.combine(labels: ["T4", "T3"], min: 2, max: 6)) == "Combination T4+T3: the combination T4+T3 is already given")
        #expect(refused(.combinationCovers(labels: ["T3", "T4"], min: 8, max: 5)) == "Combination T3+T4: min (8) is larger than max (5)")
        #expect(refused(.combinationCovers(labels: ["T3", "T4"], min: 2, max: 500)).hasPrefix("Combination T3+T4: max 500 is out of range"))
        #expect(refused(.separate(labels: ["T1", "T4"])).hasPrefix("There is no combination T1+T4"))
        #expect(throws: ReservationError.forbidden(role: .host, action: "change the floor plan")) {
            try t.book.changeVenue(restaurantID: r.id, [.table(.separate(labels: ["T3", "T4"]))], actor: t.host)
        }
        #expect(try Self.combos(t, r) == before)
        #expect(try t.count("audit_log", where: "action = 'venue_edit'") == 0)
    }

    @Test("removing or narrowing a combination a live booking holds names it and writes nothing; saved anyway it stays booked")
    func strandedBookings() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.wednesday, 12, 0))
        let r = try t.venue(CombinationTests.floor)
        let m = Self.manager(r)
        let e = try t.book.book(Fixtures.request(r, table: "T3+T4", party: 9, name: "Nora Vidal"), actor: t.host).entry
        #expect(e.seatLabel == "T3+T4")
        for edit in [TableEdit.separate(labels: ["T3", "T4"]), .combinationCovers(labels: ["T3", "T4"], min: 2, max: 8)] {
            let refused = expectInvalid("bookings") { _ = try t.book.changeVenue(restaurantID: r.id, [.table(edit)], actor: m) }
            #expect(refused?.hasPrefix("1 live booking would fall outside the new rules: Nora Vidal ×9") == true, "\(refused ?? "")")
        }
        #expect(try Self.combos(t, r).contains("T3+T4 2-10"))
        // Another combination, or covers that still seat the party, strand nobody: saved at once.
        try t.book.changeVenue(restaurantID: r.id, [.table(.combinationCovers(labels: ["T3", "T4"], min: 4, max: 9)),
                                                    .table(.separate(labels: ["T2", "T3"]))], actor: m)
        #expect(Set(try Self.combos(t, r)) == ["T3+T4 4-9", "T1+T2+T3 1-8"])

        let done = try t.book.changeVenue(restaurantID: r.id, [.table(.separate(labels: ["T4", "T3"]))], strandingBookings: true, actor: m)
        #expect(done.stranded.map(\.id) == [e.id])
        #expect(done.summary.hasSuffix("1 live booking is now outside the rules: call them."))
        #expect(try t.book.reservation(id: e.id).reservation.status == .confirmed)
        #expect(try Self.combos(t, r) == ["T1+T2+T3 1-8"])
    }

    @Test("the command line: add with --covers, covers, remove refused over a booking until --even-with-bookings; --json")
    func commandLine() throws {
        let t = try TestEnv(now: Date())  // the command line runs on the real clock
        let r = try t.venue()
        let run = { (args: [String]) in try CLITests.run(["venue", "combination", "--restaurant", "casa"] + args, database: t.databaseURL) }
        let added = try run(["add", "T3+T4", "--covers", "6-10"])
        #expect(added.status == 0 && added.stdout.contains("Saved: Combination T3+T4 added, 6-10 covers."), "\(added.stdout)\(added.stderr)")
        let unknown = try run(["add", "T3+T9", "--covers", "2-6"])
        #expect(unknown.status != 0 && unknown.stderr.contains("Combination T3+T9: there is no table \"T9\""), "\(unknown.stderr)")
        let covers = try run(["covers", "T3+T4", "5-10", "--json"])
        #expect(covers.status == 0 && (covers.object["saved"] as? [String]) == ["Combination T3+T4: 5-10 covers"], "\(covers.stdout)\(covers.stderr)")
        let day = r.clock.localDate(of: Date()).adding(days: 3)
        _ = try t.book.book(Fixtures.request(r, table: "T3+T4", date: day, time: Fixtures.time(20), party: 9, name: "Nora Vidal"), actor: t.host)
        let refused = try run(["remove", "T3+T4"])
        #expect(refused.status != 0 && refused.stderr.contains("Nora Vidal") && refused.stderr.contains("--even-with-bookings"), "\(refused.stderr)")
        let anyway = try run(["remove", "T3+T4", "--even-with-bookings", "--json"])
        #expect(anyway.status == 0 && (anyway.object["still_booked"] as? [[String: Any]])?.count == 1, "\(anyway.stdout)\(anyway.stderr)")
        #expect(try Self.combos(t, r).isEmpty)
        let exported = try CLITests.run(["floor", "export", "casa"], database: t.databaseURL)
        #expect(exported.status == 0 && !exported.stdout.contains("[[combinations]]"), "\(exported.stdout)")
    }
}
