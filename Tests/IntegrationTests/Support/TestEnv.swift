import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

/// One test's world: its own database (dropped when the test ends), a clock it controls, and a book
/// connected to both PostgreSQL and the shared Redis.
final class TestEnv {
    let database: String
    let databaseURL: String
    let clock: TestClock
    /// The book under test (PostgreSQL + Redis).
    let book: ReservationBook
    /// A raw connection for counting rows and poking at the schema, as the schema's owner.
    let sql: PGConnection

    let admin = Actor.commandLine(user: "test")
    let host = Actor(staffID: nil, name: "Ana", role: .host)

    init(now: Date = Fixtures.instant(Fixtures.wednesday, 12, 0)) throws {
        database = try TestStack.makeDatabase()
        databaseURL = TestStack.url(forDatabase: database)
        clock = TestClock(now)
        book = try ReservationBook(configuration: Configuration(databaseURL: databaseURL, redisURL: TestStack.settings.redisURL),
                                   now: { [clock] in clock.now })
        sql = try TestStack.owner(database)
    }

    deinit { TestStack.dropDatabase(database) }

    /// Redis as given, the shared one by default; nil means no Redis at all.
    func configuration(redisURL: String? = TestStack.settings.redisURL) -> Configuration {
        Configuration(databaseURL: databaseURL, redisURL: redisURL)
    }

    /// Another book on the same database and clock, with its own connections.
    func anotherBook(redisURL: String? = TestStack.settings.redisURL) throws -> ReservationBook {
        try ReservationBook(configuration: configuration(redisURL: redisURL), now: { [clock] in clock.now })
    }

    /// A book on the same database and clock as `role`: what the API or the daemon does, done with that
    /// program's privileges (migration 19).
    func book(as role: TestStack.ProgramRole) throws -> ReservationBook {
        try ReservationBook(configuration: Configuration(databaseURL: TestStack.url(databaseURL, as: role), redisURL: TestStack.settings.redisURL),
                            now: { [clock] in clock.now })
    }

    /// Imports `Fixtures.floor(...)` (or the given TOML) and returns the venue.
    @discardableResult
    func venue(_ toml: String = Fixtures.floor()) throws -> Restaurant {
        try book.importFloor(FloorFile.parse(toml), actor: admin)
    }

    func count(_ table: String, where condition: String = "true", _ params: [any PGParameter] = []) throws -> Int {
        precondition(["reservations", "reservation_tables", "customers", "audit_log", "notifications", "waitlist", "staff",
                              "account_links", "account_mails", "link_requests"].contains(table))
        return try #require(try sql.queryOne("SELECT count(*) AS n FROM \(table) WHERE \(condition)", params)).int("n")
    }

    /// Row counts of everything a booking writes, to show a refused request wrote nothing.
    func writeCounts() throws -> [String: Int] {
        var out: [String: Int] = [:]
        for t in ["reservations", "customers", "audit_log", "notifications", "waitlist"] { out[t] = try count(t) }
        return out
    }

    func tableID(_ restaurant: RestaurantID, _ label: String) throws -> TableID {
        try #require(book.tables(restaurantID: restaurant).first { $0.label == label }).id
    }
}
