import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

@Suite("Redis booking leases")
struct LeaseTests {
    /// Ana's terminal holds T1 19:00-21:00 on Friday.
    func anaHoldsT1(_ t: TestEnv, _ r: Restaurant, book: ReservationBook) throws -> LeaseInfo {
        let t1 = try t.tableID(r.id, "T1")
        return try #require(try book.acquireLease(restaurantID: r.id, tableID: t1, start: Fixtures.instant(Fixtures.friday, 19),
                                                  end: Fixtures.instant(Fixtures.friday, 21), holder: "Ana"))
    }

    @Test("a lease blocks overlapping bookings of its table only; release lets the booking through")
    func leaseBlocksOverlap() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let anasTerminal = try t.anotherBook()
        let lease = try anaHoldsT1(t, r, book: anasTerminal)
        #expect(lease.holder == "Ana")
        let listed = t.book.leases(restaurantID: r.id)
        #expect(listed.count == 1 && listed.allSatisfy { $0.belongs(to: lease.token) && $0.tableID == lease.tableID })

        let bea = Actor(staffID: nil, name: "Bea", role: .host)
        let overlapping = Fixtures.request(r, table: "T1", time: Fixtures.time(19, 30), party: 2)
        try t.expectNothingWritten {
            #expect(throws: ReservationError.locked(table: "T1", by: "Ana", from: "19:00", to: "21:00")) {
                try t.book.book(overlapping, actor: bea)
            }
            // Another terminal trying to take the same lease is told who has it.
            #expect(throws: ReservationError.locked(table: "T1", by: "Ana", from: "19:00", to: "21:00")) {
                try t.book.acquireLease(restaurantID: r.id, tableID: lease.tableID, start: Fixtures.instant(Fixtures.friday, 20),
                                        end: Fixtures.instant(Fixtures.friday, 22), holder: "Bea")
            }
        }
        // Disjoint: the same table from 21:00 (touching), and another table at the same time.
        #expect(try t.book.book(Fixtures.request(r, table: "T1", time: Fixtures.time(21), party: 2, name: "Late", phone: Fixtures.phone(1)), actor: bea)
            .entry.tableLabel == "T1")
        #expect(try t.book.book(Fixtures.request(r, table: "T2", time: Fixtures.time(19, 30), party: 2, name: "Next", phone: Fixtures.phone(2)), actor: bea)
            .entry.tableLabel == "T2")
        // A booking without a table skips the leased one.
        #expect(try t.book.book(Fixtures.request(r, table: nil, time: Fixtures.time(19), party: 2, name: "Pair", phone: Fixtures.phone(3)), actor: bea)
            .entry.tableLabel == "P1")

        anasTerminal.releaseLease(restaurantID: r.id, token: lease.token)
        #expect(t.book.leases(restaurantID: r.id).isEmpty)
        let booked = try t.book.book(overlapping, actor: bea)
        #expect(booked.entry.tableLabel == "T1")
        #expect(booked.degraded == false)
        // The booking's own lease is gone once it is done.
        #expect(t.book.leases(restaurantID: r.id).isEmpty)
    }

    @Test("the holder books under its own lease; renew extends it; a lapsed or released one cannot be renewed")
    func ownLeaseAndRenew() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let lease = try anaHoldsT1(t, r, book: t.book)
        #expect(t.book.renewLease(restaurantID: r.id, token: lease.token))
        let renewed = try #require(t.book.leases(restaurantID: r.id).first)
        #expect(renewed.expiresAt >= lease.expiresAt)
        #expect(t.book.renewLease(restaurantID: r.id, token: "not-a-token") == false)

        var req = Fixtures.request(r, table: "T1", time: Fixtures.time(19, 30), party: 2)
        req.leaseToken = lease.token
        #expect(try t.book.book(req, actor: t.host).entry.tableLabel == "T1")
        // Booking consumed (released) the lease.
        #expect(t.book.renewLease(restaurantID: r.id, token: lease.token) == false)
    }

    @Test("a lease lapses by itself after its TTL")
    func leaseExpiry() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let redis = try TestStack.redisConnection()
        let t1 = try t.tableID(r.id, "T1")
        let acquired = try RedisLeases.acquire(redis, space: t.database, restaurant: r.id, table: t1,
                                                start: Fixtures.instant(Fixtures.friday, 19), end: Fixtures.instant(Fixtures.friday, 21),
                                                holder: "Carla", ttlMillis: 300)
        guard case .acquired = acquired else { Issue.record("expected to acquire, got \(acquired)"); return }
        let req = Fixtures.request(r, table: "T1", time: Fixtures.time(19, 30), party: 2)
        #expect(throws: ReservationError.locked(table: "T1", by: "Carla", from: "19:00", to: "21:00")) { try t.book.book(req, actor: t.host) }
        // Nothing releases it: only its 300 ms TTL can empty the list (and a lease that never lapses times out).
        try eventually("the lease to lapse", within: 10) { t.book.leases(restaurantID: r.id).isEmpty }
        #expect(try t.book.book(req, actor: t.host).entry.tableLabel == "T1")
    }

    @Test("a holder name with separators and percent signs survives the round trip")
    func oddHolderNames() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let t1 = try t.tableID(r.id, "T1")
        let name = "Ana|19:00|%s %n 🍷"
        let lease = try #require(try t.book.acquireLease(restaurantID: r.id, tableID: t1, start: Fixtures.instant(Fixtures.friday, 19),
                                                         end: Fixtures.instant(Fixtures.friday, 21), holder: name))
        #expect(lease.holder == name)
        #expect(lease.start == Fixtures.instant(Fixtures.friday, 19))
        #expect(lease.end == Fixtures.instant(Fixtures.friday, 21))
        #expect(t.book.leases(restaurantID: r.id).first?.holder == name)
    }
}
