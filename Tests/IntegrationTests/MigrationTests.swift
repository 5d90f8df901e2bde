import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

@Suite("Migrations")
struct MigrationTests {
    @Test("an empty database migrates to the latest version, and a second run applies nothing")
    func migrateFromEmptyAndAgain() throws {
        let name = try TestStack.makeEmptyDatabase()
        defer { TestStack.dropDatabase(name) }
        let url = TestStack.url(forDatabase: name)
        let db = try TestStack.owner(name)

        #expect(try Migrator.currentVersion(db) == 0)
        #expect(throws: ReservationError.schemaMissing) { try ReservationBook(configuration: Configuration(databaseURL: url, redisURL: nil)) }

        let first = try Migrator.migrate(db)
        #expect(first == Migrator.all.map(\.version).sorted())
        #expect(try Migrator.currentVersion(db) == Migrator.latestVersion)

        let second = try Migrator.migrate(db)
        #expect(second == [])
        #expect(try db.queryOne("SELECT count(*) AS n FROM schema_migrations")?.int("n") == Migrator.all.count)

        // The schema is usable: a book opens on it.
        _ = try ReservationBook(configuration: Configuration(databaseURL: url, redisURL: nil))
    }

    @Test("a migration merged below one already applied is applied by migrate, and the book refuses until it is")
    func appliesAMissingMigrationBelowTheLatest() throws {
        let name = try TestStack.makeEmptyDatabase()
        defer { TestStack.dropDatabase(name) }
        let url = TestStack.url(forDatabase: name)
        let db = try TestStack.owner(name)
        // As a database that got 15 on a branch before 14 landed (14 is an index no later migration needs;
        // 6, used here before, made the table 15 alters).
        try db.execScript("CREATE TABLE schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())")
        for m in Migrator.all.sorted(by: { $0.version < $1.version }) where m.version != 14 {
            try db.transaction {
                try db.execScript(m.sql)
                try db.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [m.version, m.name])
            }
        }
        #expect(throws: ReservationError.self) { try ReservationBook(configuration: Configuration(databaseURL: url, redisURL: nil)) }
        #expect(try Migrator.migrate(db) == [14])
        _ = try ReservationBook(configuration: Configuration(databaseURL: url, redisURL: nil))
    }

    @Test("a database newer than the code is refused by the book and by the migrator")
    func refusesNewerSchema() throws {
        let env = try TestEnv()
        let newer = Migrator.latestVersion + 1
        try env.sql.query("INSERT INTO schema_migrations (version, name) VALUES ($1, 'from the future')", [newer])

        #expect(throws: ReservationError.schemaTooNew(database: newer, code: Migrator.latestVersion)) {
            try ReservationBook(configuration: env.configuration())
        }
        #expect(throws: ReservationError.schemaTooNew(database: newer, code: Migrator.latestVersion)) {
            try Migrator.migrate(TestStack.owner(env.database))
        }
        // Nothing was applied or removed.
        #expect(try env.sql.queryOne("SELECT max(version) AS v FROM schema_migrations")?.int("v") == newer)
    }
}
