import Foundation
import Glibc
import ReservationCore
import ReservationDomain
import ReservationNative

/// A client that stops in the middle of its transaction: it does what a booking does up to the insert
/// (locks the table row `FOR NO KEY UPDATE`, adds a guest, inserts a reservation, which also runs the
/// venue's triggers) and then holds the transaction open. The fault injector stops it with SIGSTOP (a
/// laptop lid closed, a terminal suspended), later resumes it and tells it to finish.
public enum Staller {
    public struct Outcome: Sendable {
        /// What happened to the transaction when the client came back.
        public var message: String
    }

    /// Opens the transaction, touches `ready`, waits until `release` exists (or `maxSeconds` pass), then
    /// rolls back and reports whether the server had already ended the session.
    public static func run(databaseURL: String, slug: String, table: String, ready: String, release: String,
                           maxSeconds: Double = 300) throws -> Outcome {
        let db = try PGConnection(url: databaseURL)
        try db.query("BEGIN")
        guard let venue = try db.queryOne("SELECT id FROM restaurants WHERE slug = $1", [slug])?.int64("id") else {
            throw ReservationError.notFound(.venue, id: slug)
        }
        guard let tableID = try db.queryOne("""
            SELECT id FROM dining_tables WHERE restaurant_id = $1 AND label = $2 FOR NO KEY UPDATE
            """, [venue, table])?.int64("id") else {
            throw ReservationError.notFound(.table, id: table)
        }
        guard let guest = try db.queryOne("INSERT INTO customers (restaurant_id, name) VALUES ($1, 'Stalled client') RETURNING id", [venue])?.int64("id") else {
            throw ReservationError.internalError("the stalled client's guest was not written")
        }
        // Hours after the load's slots, so the insert never waits on them nor collides with them.
        try db.query("""
            INSERT INTO reservations (restaurant_id, table_id, customer_id, party_size, starts_at, ends_at, status, source, notes, created_by)
            VALUES ($1, $2, $3, 2, now() + interval '10 hours', now() + interval '11 hours 30 minutes', 'confirmed', 'phone',
                    'fault-stall', 'faults:stalled-client')
            """, [venue, tableID, guest])
        _ = FileManager.default.createFile(atPath: ready, contents: Data("\(getpid())\n".utf8))
        let deadline = Date().addingTimeInterval(maxSeconds)
        while !FileManager.default.fileExists(atPath: release) && Date() < deadline {
            usleep(20_000)
        }
        do {
            try db.query("ROLLBACK")
            return Outcome(message: "the stalled transaction was still open when the client came back; it rolled back")
        } catch {
            return Outcome(message: "the server had already ended the stalled session (\(error.message))")
        }
    }
}
