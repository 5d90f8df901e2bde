import Foundation
import Testing
@testable import ReservationCore

/// `reservaflow migrate --wait N`: compose's one-shot migration may start before its database listens (not
/// every compose tool waits for the database's health check), so it keeps trying for N seconds.
@Suite("CLI: migrate --wait")
struct MigrateWaitTests {
    @Test("nothing listening: it tries for the seconds given, then says it waited, exit 5")
    func waitsThenGivesUp() throws {
        let nobody = "postgresql://reservaflow_owner:x@127.0.0.1:\(LoopbackPort.free())/reservaflow?connect_timeout=2"
        let started = Date()
        let run = try CLITests.run(["migrate", "--wait", "2"], database: nobody, extraEnvironment: ["MIGRATION_DATABASE_URL": nobody])
        let took = Date().timeIntervalSince(started)
        #expect(run.status == 5, "\(run.stderr)")
        #expect(run.stderr.contains("waited 2 s"), "\(run.stderr)")
        #expect(took >= 1.9, "it gave up after \(took) s")
        let atOnce = try CLITests.run(["migrate"], database: nobody, extraEnvironment: ["MIGRATION_DATABASE_URL": nobody])
        #expect(atOnce.status == 5)
        #expect(!atOnce.stderr.contains("waited"))
    }

    @Test("a database that answers: --wait changes nothing")
    func answersAtOnce() throws {
        let name = try TestStack.makeEmptyDatabase()
        defer { TestStack.dropDatabase(name) }
        let owner = ["MIGRATION_DATABASE_URL": TestStack.ownerURL(forDatabase: name)]
        let run = try CLITests.run(["migrate", "--wait", "30", "--json"], database: TestStack.url(forDatabase: name), extraEnvironment: owner)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.object["applied"] as? [Int] == Migrator.all.map(\.version))
    }
}
