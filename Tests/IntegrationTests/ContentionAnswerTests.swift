import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

/// Under contention the answer says why: "taken / nothing free" (exit 3) when the slot is simply full,
/// "locked" (exit 4) only when another terminal's lease is what stands between the request and a free table.
@Suite("Contention answers", .serialized)
struct ContentionAnswerTests {
    @Test("a booked table is taken (3), even while another terminal still holds a lease on it")
    func bookedAndLeasedIsTaken() throws {
        let t = try TestEnv()
        let r = try t.venue()
        _ = try t.book.book(Fixtures.request(r, table: "T3", time: Fixtures.time(19), name: "Carmen Vidal"), actor: t.host)
        // The winner's terminal between its commit and its lease release (or a form left open on the table).
        let lease = try #require(try t.anotherBook().acquireLease(
            restaurantID: r.id, tableID: t.tableID(r.id, "T3"), start: Fixtures.instant(Fixtures.friday, 19),
            end: Fixtures.instant(Fixtures.friday, 21), holder: "Marta"))
        defer { t.book.releaseLease(restaurantID: r.id, token: lease.token) }
        try t.expectNothingWritten {
            #expect(throws: ReservationError.tableTaken(table: "T3", from: "19:00", to: "21:00", guest: "Carmen Vidal")) {
                try t.book.book(Fixtures.request(r, table: "T3", time: Fixtures.time(19, 30), name: "Pedro", phone: "611 000 111"), actor: t.host)
            }
        }
    }

    @Test("moving a booking onto a table that is booked and leased: taken (3); leased and free: locked (4)")
    func moveOntoBookedAndLeased() throws {
        let t = try TestEnv()
        let r = try t.venue()
        _ = try t.book.book(Fixtures.request(r, table: "T3", time: Fixtures.time(19), name: "Carmen Vidal"), actor: t.host)
        let mine = try t.book.book(Fixtures.request(r, table: "P1", time: Fixtures.time(19), name: "Pedro", phone: "611 000 111"), actor: t.host).entry
        let other = try t.anotherBook()
        var tokens: [String] = []
        for label in ["T3", "T4"] {
            tokens.append(try #require(try other.acquireLease(restaurantID: r.id, tableID: t.tableID(r.id, label),
                                                              start: Fixtures.instant(Fixtures.friday, 19),
                                                              end: Fixtures.instant(Fixtures.friday, 21), holder: "Marta")).token)
        }
        defer { for token in tokens { t.book.releaseLease(restaurantID: r.id, token: token) } }
        #expect(throws: ReservationError.tableTaken(table: "T3", from: "19:00", to: "21:00", guest: "Carmen Vidal")) {
            try t.book.change(mine.id, ReservationChange(tableLabel: "T3"), actor: t.host)
        }
        #expect(throws: ReservationError.locked(table: "T4", by: "Marta", from: "19:00", to: "21:00")) {
            try t.book.change(mine.id, ReservationChange(tableLabel: "T4"), actor: t.host)
        }
    }

    @Test("every fitting table leased by others and free in the book: locked (4), naming who")
    func allLeasedIsLocked() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let other = try t.anotherBook()
        var tokens: [String] = []
        for label in ["T1", "T2", "P1", "T3"] {
            tokens.append(try #require(try other.acquireLease(restaurantID: r.id, tableID: t.tableID(r.id, label),
                                                              start: Fixtures.instant(Fixtures.friday, 19),
                                                              end: Fixtures.instant(Fixtures.friday, 21), holder: "Marta")).token)
        }
        defer { for token in tokens { t.book.releaseLease(restaurantID: r.id, token: token) } }
        let error = reservationError { _ = try t.book.book(Fixtures.request(r, table: nil, party: 2, name: "Pedro", phone: "611 000 111"), actor: t.host) }
        guard case .locked(_, let by, _, _)? = error else {
            Issue.record("expected locked, got \(String(describing: error))")
            return
        }
        #expect(by == "Marta")
        #expect(error?.exitCode == 4)
    }

    /// T1 is taken by a booking that commits while this one waits for it; every other table that fits is
    /// leased by another terminal. The slot is full: "no table free" (3), not "locked" (4).
    @Test("one candidate taken under our feet and the rest leased: unavailable (3), not locked")
    func takenAndLeasedIsUnavailable() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let other = try t.anotherBook()
        var tokens: [String] = []
        for label in ["T2", "P1", "T3"] {
            tokens.append(try #require(try other.acquireLease(restaurantID: r.id, tableID: t.tableID(r.id, label),
                                                              start: Fixtures.instant(Fixtures.friday, 19),
                                                              end: Fixtures.instant(Fixtures.friday, 21), holder: "Marta")).token)
        }
        defer { for token in tokens { t.book.releaseLease(restaurantID: r.id, token: token) } }
        // Another writer's open transaction: T1's row locked and a booking on it inserted, not yet committed,
        // so this booking still sees T1 free, picks it first, and waits for that transaction.
        let t1 = try t.tableID(r.id, "T1")
        try t.sql.query("BEGIN")
        try t.sql.query("SELECT 1 AS one FROM dining_tables WHERE restaurant_id = $1 AND id = $2 FOR NO KEY UPDATE", [r.id, t1])
        let customer = try #require(try t.sql.queryOne("INSERT INTO customers (restaurant_id, name) VALUES ($1, 'Early Bird') RETURNING id", [r.id])).int64("id")
        try t.sql.query("""
            INSERT INTO reservations (restaurant_id, table_id, customer_id, party_size, starts_at, ends_at, status, source, created_by)
            VALUES ($1, $2, $3, 2, to_timestamp($4::float8), to_timestamp($5::float8), 'confirmed', 'phone', 'other terminal')
            """, [r.id, t1, customer, Fixtures.instant(Fixtures.friday, 19), Fixtures.instant(Fixtures.friday, 20, 30)])

        let outcome = Outcome()
        let finished = DispatchSemaphore(value: 0)
        let configuration = t.configuration(), clock = t.clock, host = t.host
        Thread {
            defer { finished.signal() }
            do {
                let book = try ReservationBook(configuration: configuration, now: { clock.now })
                _ = try book.book(Fixtures.request(r, table: nil, party: 2, name: "Pedro", phone: "611 000 111"), actor: host)
                outcome.set(nil)
            } catch {
                outcome.set(error)
            }
        }.start()
        // Commit once the booking is waiting for T1's row lock (or after 10 s, whatever it is doing).
        let watcher = try PGConnection(url: t.databaseURL)
        for _ in 0..<200 {
            let waiting = try watcher.queryOne("""
                SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
                """)?.int("n") ?? 0
            if waiting > 0 { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        try t.sql.query("COMMIT")
        #expect(finished.wait(timeout: .now() + 60) == .success)
        let error = outcome.get() as? ReservationError
        guard case .noTableFree(let party, _, _)? = error else {
            Issue.record("expected noTableFree, got \(String(describing: outcome.get()))")
            return
        }
        #expect(party == 2)
        #expect(error?.exitCode == 3)
        #expect(try t.count("reservations") == 1)
    }
}

/// The booking thread's error, read after it finished.
private final class Outcome: @unchecked Sendable {
    private let lock = NSLock()
    private var error: (any Error)?
    func set(_ e: (any Error)?) { lock.withLock { error = e } }
    func get() -> (any Error)? { lock.withLock { error } }
}
