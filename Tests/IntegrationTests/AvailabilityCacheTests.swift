import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// The Redis-cached availability must always equal the computation from PostgreSQL alone.
@Suite("Cached availability")
struct AvailabilityCacheTests {
    @Test("cached availability equals a fresh computation after every kind of change")
    func cachedEqualsFresh() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let fresh = try t.anotherBook(redisURL: nil)
        let redis = try TestStack.redisConnection()
        let days = [Fixtures.wednesday, Fixtures.friday]

        func check(_ step: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            for date in days {
                for party in [1, 2, 4, 6] {
                    let first = try t.book.availability(restaurantID: r.id, date: date, party: party)
                    let second = try t.book.availability(restaurantID: r.id, date: date, party: party)
                    let truth = try fresh.availability(restaurantID: r.id, date: date, party: party)
                    // Compare readable summaries first (a failure shows the slots that differ), then everything.
                    #expect(summary(first) == summary(truth), "\(step): \(date) party \(party) (first read)", sourceLocation: sourceLocation)
                    #expect(summary(second) == summary(truth), "\(step): \(date) party \(party) (second read)", sourceLocation: sourceLocation)
                    #expect(first == truth && second == truth, "\(step): \(date) party \(party)", sourceLocation: sourceLocation)
                }
            }
        }
        /// Proves the comparison above really went through Redis.
        func expectCached(_ date: LocalDate, party: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let version = try t.book.availabilityVersion(restaurantID: r.id, date: date)
            let key = AvailabilityCache.entryKey(t.database, r.id, version: version, date: date, party: party)
            #expect(try redis.command(["EXISTS", key]).integer == 1, "no cache entry \(key)", sourceLocation: sourceLocation)
        }

        try check("empty")
        try expectCached(Fixtures.friday, party: 2)

        let a = try t.book.book(Fixtures.request(r, table: nil, party: 2), actor: t.host).entry
        try check("after a booking")
        try expectCached(Fixtures.friday, party: 2)
        #expect(try t.book.availability(restaurantID: r.id, date: Fixtures.friday, party: 2).slot(at: Fixtures.time(19))?.tables.map(\.label)
            == ["T2", "P1", "T3"])

        let b = try t.book.book(Fixtures.request(r, table: "T4", time: Fixtures.time(20), party: 5, name: "B", phone: Fixtures.phone(1)), actor: t.host).entry
        try check("after a second booking")
        _ = try t.book.apply(.cancel, to: a.id, actor: t.host)
        try check("after a cancellation")
        _ = try t.book.change(b.id, ReservationChange(time: Fixtures.time(21)), actor: t.host)
        try check("after a change of time")
        _ = try t.book.change(b.id, ReservationChange(partySize: 3, notes: "moved"), actor: t.host)
        try check("after a change of size")

        // A hold lapses with no write at all: the cache must notice by itself.
        _ = try t.book.book(Fixtures.request(r, table: "T1", time: Fixtures.time(13), party: 2, name: "H", phone: Fixtures.phone(2), holdMinutes: 15), actor: t.host)
        try check("with a live hold")
        t.clock.advance(minutes: 15)
        try check("after the hold lapsed")

        // Slots slip into the past with no write either: at 13:00:00 the 13:00 slot is still offered, a moment later not.
        t.clock.set(Fixtures.wednesday, 12, 59)
        try check("a minute before lunch")
        t.clock.set(Fixtures.wednesday, 13, 0)
        try check("at 13:00 sharp")
        t.clock.advance(seconds: 0.5)
        try check("half a second into the 13:00 slot")
        t.clock.advance(minutes: 20)
        try check("20 minutes into lunch")

        // A floor change (T2 out of service).
        var toml = Fixtures.floor()
        toml = toml.replacingOccurrences(of: "label = \"T2\"\nmin = 1\nmax = 2\nx = 6", with: "label = \"T2\"\nmin = 1\nmax = 2\nactive = false\nx = 6")
        #expect(toml.contains("active = false"))
        try t.venue(toml)
        try check("after a floor import")
        #expect(try t.book.availability(restaurantID: r.id, date: Fixtures.friday, party: 2).slots.allSatisfy { !$0.tables.map(\.label).contains("T2") })

        // Another terminal's write invalidates this terminal's cache too.
        let other = try t.anotherBook()
        _ = try other.book(Fixtures.request(r, table: "T3", time: Fixtures.time(22), party: 2, name: "C", phone: Fixtures.phone(3)), actor: t.host)
        try check("after a write from another terminal")

        // A terminal that cannot reach Redis still invalidates everyone's cache: the version lives in PostgreSQL.
        let cut = try t.anotherBook(redisURL: "redis://127.0.0.1:1")
        _ = try cut.book(Fixtures.request(r, table: "T1", time: Fixtures.time(22), party: 2, name: "D", phone: Fixtures.phone(4)), actor: t.host)
        try check("after a write made while Redis was unreachable")
        // So does a change made in SQL by hand (an operator's fix), which no ReservationBook saw.
        try t.sql.query("UPDATE reservations SET status = 'cancelled' WHERE restaurant_id = $1 AND status = 'confirmed'", [r.id])
        try check("after a change in SQL")
    }
}

/// "13:00 lunch T1,T2" per slot.
private func summary(_ r: AvailabilityResult) -> [String] {
    ["turn \(r.turnMinutes)"] + r.slots.map { "\($0.time) \($0.service) " + $0.tables.map(\.label).joined(separator: ",") }
}
