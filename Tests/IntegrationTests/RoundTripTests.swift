import Foundation
import Glibc
import Testing
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

/// What the booking path's round-trip savings must not change (issue 11): pipelines behave like the
/// statements sent one by one, change notices still reach every screen, and a venue changed elsewhere is
/// never booked against as it was.
@Suite("Fewer round trips, same rules")
struct RoundTripTests {
    @Test("a pipeline runs its statements in order; one failing skips the rest, and the connection goes on")
    func pipelines() throws {
        let t = try TestEnv()
        let db = try PGConnection(url: TestStack.url(forDatabase: t.database))
        let ok = try db.pipeline([.init("SELECT 1 AS v"), .init("SELECT $1::int + 1 AS v", [41]), .init("SELECT 'x' AS v")])
        #expect(try ok.map { try $0.get().first?.string("v") } == ["1", "42", "x"])

        let failed = try db.pipeline(db.beginStatements + [.init("SELECT 1 / $1::int AS v", [0]), .init("SELECT 2 AS v")] + db.commitStatements)
        let errors = failed.compactMap { if case .failure(let e) = $0 { e } else { nil } }
        #expect(errors.first?.sqlState == "22012")  // division by zero
        #expect(errors.count == 3)  // the statement, and the two skipped after it
        db.rollbackIfOpen()
        #expect(try db.queryOne("SELECT 3 AS v")?.string("v") == "3")
        // The same text again is the same prepared statement, before and in a pipeline.
        #expect(try db.pipeline([.init("SELECT $1::int + 1 AS v", [1])]).first?.get().first?.string("v") == "2")
        #expect(try db.queryOne("SELECT $1::int + 1 AS v", [2])?.string("v") == "3")
    }

    @Test("change notices: sent right after COMMIT, none for a rolled-back transaction, and writes by hand notify at commit")
    func notifiedAfterCommit() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let entry = try t.book.book(Fixtures.request(r), actor: t.host).entry
        let id = entry.id.uuidString.lowercased()
        let feed = try ChangeFeed(configuration: t.configuration())
        let writer = try PGConnection(url: TestStack.url(forDatabase: t.database))
        writer.notifiesAfterCommit = true

        // Rolled back: the trigger noted the change, the rollback forgets it.
        #expect(throws: PGError.self) {
            try writer.transaction {
                try writer.query("UPDATE reservations SET notes = 'rolled back' WHERE id = $1", [entry.id])
                try writer.query("SELECT 1 / 0 AS v")
            }
        }
        // Committed: noted in the transaction, sent after it, once.
        try writer.transaction { try writer.query("UPDATE reservations SET notes = 'kept' WHERE id = $1", [entry.id]) }
        let events = try waitForEvents(feed, count: 1)
        #expect(events == [ChangeEvent(restaurantID: r.id, entity: .reservations, id: id, op: .update)])
        try writer.transaction { _ = try writer.query("SELECT 1 AS v") }
        #expect(try waitForEvents(feed, count: 1, timeoutMillis: 300).isEmpty)

        // A write by hand (a connection that does not defer) still notifies at its commit.
        try t.sql.query("UPDATE reservations SET notes = 'by hand' WHERE id = $1", [entry.id])
        #expect(try waitForEvents(feed, count: 1) == [ChangeEvent(restaurantID: r.id, entity: .reservations, id: id, op: .update)])
    }

    @Test("a venue changed at another terminal is read again: a held copy never books against old rules, nor refuses on them")
    func venueChangedElsewhere() throws {
        let t = try TestEnv()
        let r = try t.venue()
        _ = try t.book.book(Fixtures.request(r, table: "T1", party: 2, name: "Warm", phone: Fixtures.phone(1)), actor: t.host)

        // Stricter elsewhere: the held venue would take a party of 4; the booking reads the version in its
        // transaction, sees the change, reads the venue again and refuses.
        try t.sql.query("UPDATE restaurants SET max_party = 2 WHERE id = $1", [r.id])
        try t.expectNothingWritten {
            #expect(expectInvalid("party") { _ = try t.book.book(Fixtures.request(r, table: "T3", party: 4), actor: t.host) } != nil)
        }
        // More lenient elsewhere: the held venue (max 2) would refuse; the refusal is decided again on a fresh read.
        try t.sql.query("UPDATE restaurants SET max_party = 12 WHERE id = $1", [r.id])
        let out = try t.book.book(Fixtures.request(r, table: "T3", party: 4), actor: t.host)
        #expect(out.entry.reservation.partySize == 4)

        // A table taken out of service elsewhere is not booked from the held floor.
        try t.sql.query("UPDATE dining_tables SET active = false WHERE restaurant_id = $1 AND label = 'P1'", [r.id])
        #expect(expectInvalid("table") {
            _ = try t.book.book(Fixtures.request(r, table: "P1", party: 2, name: "Out", phone: Fixtures.phone(2)), actor: t.host)
        }?.contains("out of service") == true)
    }

    /// Reads the feed until `count` events came or the time is up.
    func waitForEvents(_ feed: ChangeFeed, count: Int, timeoutMillis: Int = 2000) throws -> [ChangeEvent] {
        var events: [ChangeEvent] = []
        let deadline = Date().addingTimeInterval(Double(timeoutMillis) / 1000)
        while events.count < count {
            let left = Int32(max(0, deadline.timeIntervalSinceNow * 1000))
            guard left > 0 else { break }
            var pfd = pollfd(fd: feed.socket, events: Int16(POLLIN), revents: 0)
            _ = poll(&pfd, 1, left)
            events += try feed.drain()
        }
        return events
    }
}
