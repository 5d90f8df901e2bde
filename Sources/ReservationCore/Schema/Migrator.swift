import Foundation
import Logging
import ReservationDomain
import ReservationNative

public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let sql: String
}

/// Ordered migrations, each in its own transaction. Refuses a database newer than this code.
public enum Migrator {
    public static let all: [Migration] = [.v1Schema, .v2BookVersion, .v3RolesAndDayVersions, .v4NotifyAfterCommit, .v5Jobs,
                                          .v6OnlineGuests, .v7Guests, .v8TableCombinations, .v9Podium, .v10PacingAndMerge,
                                          .v11GuestSearchByVenue, .v12GuestSearchSteady, .v13BookingsAtMostADay,
                                          .v14GuestListByName, .v15IdempotencyClaimant, .v16StatusMachine,
                                          .v17AuditByTheDatabase, .v18MailAndAnswerRules, .v19RolePerProgram,
                                          .v20WithdrawSeating, .v21StaffAdministration, .v22GuestProfileFeed, .v23AllergenFlags, .v30AccountLinks, .v31GuestErasure, .v32Reports, .v33TableClosures, .v34AuditByAction,
                                          .v40RegistrationTellsNoOne, .v41GuestLanguage]
    public static var latestVersion: Int { all.map(\.version).max() ?? 0 }

    /// Applies what is missing; returns the versions applied.
    @discardableResult
    public static func migrate(_ db: PGConnection, logger: Logger = Logger(label: "reservaflow.migrate")) throws -> [Int] {
        try db.execScript("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
            """)
        // One migrator at a time: a second `migrate` waits instead of failing half-way.
        try db.query("SELECT pg_advisory_lock(7243001)")
        defer {
            // Not thrown: the lock is the session's, so a connection too broken to unlock frees it by ending.
            do { try db.query("SELECT pg_advisory_unlock(7243001)") } catch {
                logger.warning("the migration lock was not released; it goes with the connection: \(error)")
            }
        }
        let current = try currentVersion(db)
        if current > latestVersion { throw ReservationError.schemaTooNew(database: current, code: latestVersion) }
        // Every version not yet recorded, in order: a migration merged below one already applied (two
        // branches landing in either order) is applied too, not skipped for ever.
        let present = Set(try db.query("SELECT version FROM schema_migrations").map { try $0.int("version") })
        var applied: [Int] = []
        for m in all.sorted(by: { $0.version < $1.version }) where !present.contains(m.version) {
            try db.transaction {
                try db.execScript(m.sql)
                try db.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [m.version, m.name])
            }
            applied.append(m.version)
        }
        return applied
    }

    public static func currentVersion(_ db: PGConnection) throws -> Int {
        let exists = try db.queryOne("SELECT to_regclass('schema_migrations') IS NOT NULL AS present")?.bool("present") ?? false
        guard exists else { return 0 }
        return try db.queryOne("SELECT coalesce(max(version), 0) AS v FROM schema_migrations")?.int("v") ?? 0
    }

    /// Called on every open: the program must not run against a schema it does not know.
    public static func verify(_ db: PGConnection) throws(ReservationError) {
        // Every program runs this at start: the highest version and how many of this code's are recorded, in
        // the one query after the table's existence check.
        var version = 0, recorded = 0
        do {
            let exists = try db.queryOne("SELECT to_regclass('schema_migrations') IS NOT NULL AS present")?.bool("present") ?? false
            if exists, let row = try db.queryOne("""
                SELECT coalesce(max(version), 0) AS v, count(*) FILTER (WHERE version <= $1) AS n FROM schema_migrations
                """, [latestVersion]) {
                version = try row.int("v")
                recorded = try row.int("n")
            }
        } catch let error as RowDecodingError {
            throw ReservationBook.unreadable(error)
        } catch {
            throw .databaseUnavailable(detail: "\(error)")
        }
        if version == 0 { throw .schemaMissing }
        if version > latestVersion { throw .schemaTooNew(database: version, code: latestVersion) }
        if version < latestVersion {
            throw .invalid(field: "database", message: "The schema is at version \(version); run `reservaflow migrate` to bring it to \(latestVersion).")
        }
        if recorded < all.count {
            throw .invalid(field: "database", message: "The schema lacks \(all.count - recorded) migration(s) below version \(version); run `reservaflow migrate`.")
        }
    }
}
