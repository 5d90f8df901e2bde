import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain
import ReservationNative

/// Issue 21: a venue's rules changed only by re-importing a whole floor file, and there was no way to get
/// the file back out. `floor export` writes what `floor import` takes unchanged, and importing it again
/// changes nothing.
@Suite("Floor export")
struct FloorExportTests {
    /// Everything a floor file can say: pacing, several services, a closure over days and one of a day,
    /// an accented name with quotes, features, a table out of service, an empty area, a combination.
    static let rich = Fixtures.floor(extraTables: """
        [[areas.tables]]
        label = "P2"
        min = 2
        max = 4
        x = 6
        y = 5
        features = ["window", "outdoor"]
        active = false
        """)
        .replacingOccurrences(of: "name = \"Casa Test\"", with: """
            name = "Casa \\"Lucía\\" \\\\ Niño"
            pacing_covers = 30
            email = "reservas@casa.example"
            """)
        + """

        [[closures]]
        from = "2027-08-01"
        to = "2027-08-15"
        reason = "Vacaciones de agosto"

        [[areas]]
        name = "Reservado"
        tables = []

        [[combinations]]
        tables = ["T2", "T1"]
        max = 4
        """

    @Test("export, import into another database, export again: the same file; the venue the same")
    func roundTrip() throws {
        let t = try TestEnv()
        let r = try t.venue(Self.rich)
        let text = try t.book.floorFile(slug: r.slug, actor: t.admin).toml()
        #expect(text.contains("name = \"Casa \\\"Lucía\\\" \\\\ Niño\""), "names as typed, escaped only where TOML needs it")
        #expect(text.contains("active = false") && text.contains("pacing_covers = 30") && text.contains("reason = \"Vacaciones de agosto\""))
        let parsed = try FloorFile.parse(text)
        #expect(try parsed.validate().isEmpty)

        let other = try TestEnv()
        let copy = try other.book.importFloor(parsed, actor: other.admin)
        #expect(try other.book.floorFile(slug: copy.slug, actor: other.admin).toml() == text)
        #expect(copy.name == r.name && copy.rules == r.rules && copy.email == r.email)
        let tables = { (env: TestEnv, id: RestaurantID) throws in
            try env.book.tables(restaurantID: id).map { "\($0.label) \($0.minCovers)-\($0.maxCovers) \($0.x),\($0.y) \($0.active) \($0.features.map(\.rawValue).sorted())" }
        }
        #expect(try tables(other, copy.id) == tables(t, r.id))
        #expect(try other.book.combinations(restaurantID: copy.id).map(\.labels) == [["T2", "T1"]])
    }

    @Test("importing the exported file again changes no row: the audit log gains only the import's own event")
    func reimportIsANoOp() throws {
        let t = try TestEnv()
        let r = try t.venue(Self.rich)
        let file = try FloorFile.parse(try t.book.floorFile(slug: r.slug, actor: t.admin).toml())
        let before = try t.count("audit_log")
        try t.book.importFloor(file, actor: t.admin)
        let added = try t.sql.query("SELECT action, entity FROM audit_log ORDER BY id OFFSET $1", [before]).map { "\(try $0.string("action")) \(try $0.string("entity"))" }
        #expect(added == ["floor_import restaurant"])
    }

    @Test("a host may not export; a manager only their own venues")
    func permissions() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let other = try t.venue(Fixtures.floor(slug: "otra"))
        #expect(throws: ReservationError.forbidden(role: .host, action: "change the floor plan")) { try t.book.floorFile(slug: r.slug, actor: t.host) }
        let manager = Actor(staffID: nil, name: "Mia", role: .manager, venues: [r.id])
        #expect(try t.book.floorFile(slug: r.slug, actor: manager).restaurant.slug == "casa")
        #expect(throws: ReservationError.self) { try t.book.floorFile(slug: other.slug, actor: manager) }
    }

    @Test("the command line writes the file to stdout; importing it says the same venue")
    func commandLine() throws {
        let t = try TestEnv()
        _ = try t.venue(Self.rich)
        let out = try CLITests.run(["floor", "export", "casa"], database: t.databaseURL)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout == (try t.book.floorFile(slug: "casa", actor: t.admin).toml()))
        let missing = try CLITests.run(["floor", "export", "nowhere"], database: t.databaseURL)
        #expect(missing.status == 2 && missing.stdout.isEmpty)
    }
}
