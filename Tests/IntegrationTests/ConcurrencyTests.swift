import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Sixteen terminals booking overlapping times of one table at the same moment.
@Suite("Concurrent booking")
struct ConcurrencyTests {
    static let n = 16
    static let days = (0..<5).map { Fixtures.friday.adding(days: $0) }  // 15-19 May; the holiday is the 20th

    /// Thread i books T3 at 19:00, 19:15, 19:30 or 19:45 (all overlap), party 4, its own guest.
    static func attempt(_ r: Restaurant, _ day: LocalDate) -> @Sendable (Int, ReservationBook) throws -> BookingOutcome {
        { i, book in
            try book.book(Fixtures.request(r, table: "T3", date: day, time: Fixtures.time(19, (i % 4) * 15),
                                           name: "Guest \(i)", phone: Fixtures.phone(i)),
                          actor: Actor(staffID: nil, name: "host-\(i)", role: .host))
        }
    }

    @Test("with Redis: exactly one wins each round; the others are told taken or locked")
    func withRedis() throws {
        let t = try TestEnv()
        let r = try t.venue()
        for (round, day) in Self.days.enumerated() {
            let results = try #require(race(Self.n, configuration: t.configuration(), clock: t.clock, attempt: Self.attempt(r, day)),
                                       "round \(day) did not finish")
            let winners = results.compactMap { try? $0.get() }
            try #require(winners.count == 1, "round \(day): \(winners.count) winners")
            let winner = winners[0]
            #expect(winner.degraded == false)
            for case .failure(let error) in results {
                switch error as? ReservationError {
                case .tableTaken(let table, _, _, let guest)?:
                    #expect(table == "T3")
                    #expect(guest == winner.entry.customer.name)
                case .locked(let table, _, _, _)?:
                    #expect(table == "T3")
                default:
                    Issue.record("round \(day): unexpected \(error)")
                }
            }
            #expect(try t.count("reservations") == round + 1)
        }
        #expect(try t.count("reservations") == Self.days.count)
        // Losers' new guest records were rolled back with their bookings: every guest has a reservation.
        #expect(try t.count("customers", where: "id NOT IN (SELECT customer_id FROM reservations)") == 0)
    }

    @Test("with Redis unreachable: still exactly one, the rest taken, the winner marked degraded, nothing hangs")
    func withoutRedis() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let closedPort = "redis://127.0.0.1:1/0"
        for day in Self.days {
            let results = try #require(race(Self.n, configuration: t.configuration(redisURL: closedPort), clock: t.clock,
                                            attempt: Self.attempt(r, day)), "round \(day) did not finish")
            let winners = results.compactMap { try? $0.get() }
            try #require(winners.count == 1, "round \(day): \(winners.count) winners")
            #expect(winners[0].degraded == true)
            for case .failure(let error) in results {
                guard case .tableTaken(let table, _, _, let guest)? = error as? ReservationError else {
                    Issue.record("round \(day): unexpected \(error)")
                    continue
                }
                #expect(table == "T3")
                #expect(guest == winners[0].entry.customer.name)
            }
        }
        #expect(try t.count("reservations") == Self.days.count)
    }

    @Test("without a table named, sixteen parties of two spread over the free tables and the rest are told no")
    func bestFitRace() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let host = t.host
        let results = try #require(race(Self.n, configuration: t.configuration(), clock: t.clock) { i, book in
            try book.book(Fixtures.request(r, table: nil, party: 2, name: "Guest \(i)", phone: Fixtures.phone(i)), actor: host)
        })
        let labels = results.compactMap { try? $0.get().entry.tableLabel }.sorted()
        // T1, T2, P1 and T3 take two; T4 takes three or more. Losers may give up early on a lease (locked).
        #expect(Set(labels).count == labels.count)
        #expect(Set(labels).isSubset(of: ["T1", "T2", "P1", "T3"]))
        #expect(!labels.isEmpty)
        for case .failure(let error) in results {
            switch error as? ReservationError {
            case .noTableFree?, .locked?, .tableTaken?: break
            default: Issue.record("unexpected \(error)")
            }
        }
        #expect(try t.count("reservations") == labels.count)
        // Whatever the winners took, the rest is still on offer: nothing was lost or double-counted.
        let free = try t.book.availability(restaurantID: r.id, date: Fixtures.friday, party: 2).slot(at: Fixtures.time(19))?.tables.map(\.label)
        #expect(Set(free ?? []) == Set(["T1", "T2", "P1", "T3"]).subtracting(labels))
    }
}
