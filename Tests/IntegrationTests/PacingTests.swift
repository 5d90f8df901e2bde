import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

/// Pacing (issue 8): at most `pacing_covers` covers start in any 15-minute slot; the core refuses past it
/// (naming the slot, its count, the limit and the nearest slots that fit), a manager may override (audited),
/// walk-ins count but are never refused, and two terminals cannot both squeeze past the limit.
@Suite("Pacing", .serialized)
struct PacingTests {
    /// The test floor with at most 8 covers starting per slot (parties up to 6).
    static func pacedFloor(limit: Int = 8) -> String {
        Fixtures.floor().replacingOccurrences(of: "max_party = 12", with: "max_party = 6\npacing_covers = \(limit)")
    }

    /// 6 covers at 19:00 (T3 ×4, T1 ×2).
    func sixAtSeven(_ t: TestEnv, _ r: Restaurant) throws {
        _ = try t.book.book(Fixtures.request(r, table: "T3", party: 4, name: "Ana Ruiz", phone: Fixtures.phone(1)), actor: t.host)
        _ = try t.book.book(Fixtures.request(r, table: "T1", party: 2, name: "Bea Sanz", phone: Fixtures.phone(2)), actor: t.host)
    }

    @Test("the floor file's pacing_covers is stored and read back as the venue's rule")
    func limitStored() throws {
        let t = try TestEnv()
        let r = try t.venue(Self.pacedFloor())
        #expect(r.rules.pacingCovers == 8)
        #expect(try t.book.restaurant(id: r.id).rules.pacingCovers == 8)
        let plain = try t.venue(Fixtures.floor(slug: "plain"))
        #expect(plain.rules.pacingCovers == nil)
    }

    @Test("the floor file refuses a pacing limit out of range or below the largest party, naming the line; a typo gets the key")
    func floorFileValidation() throws {
        func refusal(_ toml: String) -> String? {
            do {
                try FloorFile.parse(toml).validate()
                return nil
            } catch {
                return error.description
            }
        }
        let zero = refusal(Self.pacedFloor(limit: 0))
        #expect(zero?.contains("restaurant.pacing_covers: 0 is out of range") == true, "\(String(describing: zero))")
        #expect(zero?.contains("line ") == true)
        let small = refusal(Self.pacedFloor(limit: 4))
        #expect(small?.contains("4 is below max_party (6)") == true, "\(String(describing: small))")
        let typo = refusal(Self.pacedFloor().replacingOccurrences(of: "pacing_covers", with: "pacing_cover"))
        #expect(typo?.contains("did you mean pacing_covers?") == true, "\(String(describing: typo))")
        #expect(refusal(Self.pacedFloor()) == nil)
    }

    @Test("a party past the slot's limit is refused with the slot, count, limit and nearest slots; nothing written")
    func refusedWithTheMessage() throws {
        let t = try TestEnv()
        let r = try t.venue(Self.pacedFloor())
        try sixAtSeven(t, r)
        try t.expectNothingWritten {
            let error = reservationError {
                _ = try t.book.book(Fixtures.request(r, table: "P1", time: Fixtures.time(19, 10), party: 4, name: "Carla Gil", phone: Fixtures.phone(3)),
                                    actor: t.host)
            }
            #expect(error == .overPacing(slot: "19:00", covers: 6, limit: 8, party: 4, alternatives: ["19:15", "19:30"]))
            #expect(error?.description.hasPrefix("19:00 has 6 of 8 covers; a party of 4 fits at 19:15 or 19:30.") == true)
            #expect(error?.exitCode == 3)
        }
        // Up to the limit exactly is fine (another slot-mate, 6 + 2 = 8), and the next slot is its own.
        _ = try t.book.book(Fixtures.request(r, table: "T2", time: Fixtures.time(19, 14), party: 2, name: "Dani Paz", phone: Fixtures.phone(4)), actor: t.host)
        _ = try t.book.book(Fixtures.request(r, table: "P1", time: Fixtures.time(19, 15), party: 4, name: "Carla Gil", phone: Fixtures.phone(3)), actor: t.host)
        let day = try t.book.pacing(restaurantID: r.id, date: Fixtures.friday)
        #expect(day.covers(at: Fixtures.instant(Fixtures.friday, 19)) == 8)
        #expect(day.covers(at: Fixtures.instant(Fixtures.friday, 19, 15)) == 4)
    }

    @Test("cancelled bookings and lapsed holds give their covers back")
    func onlyLiveCount() throws {
        let t = try TestEnv()
        let r = try t.venue(Self.pacedFloor())
        try sixAtSeven(t, r)
        let hold = try t.book.book(Fixtures.request(r, table: "T2", party: 2, name: "Eva Mora", phone: Fixtures.phone(5), holdMinutes: 10), actor: t.host)
        #expect(try t.book.pacing(restaurantID: r.id, date: Fixtures.friday).covers(at: Fixtures.instant(Fixtures.friday, 19)) == 8)
        t.clock.advance(minutes: 11)  // the hold lapsed (the daemon has not expired it yet)
        #expect(hold.entry.reservation.status == .pending)
        #expect(try t.book.pacing(restaurantID: r.id, date: Fixtures.friday).covers(at: Fixtures.instant(Fixtures.friday, 19)) == 6)
        let entry = try t.book.book(Fixtures.request(r, table: "P1", party: 2, name: "Fede Luna", phone: Fixtures.phone(6)), actor: t.host).entry
        _ = try t.book.apply(.cancel, to: entry.id, actor: t.host)
        // T2 still has the lapsed hold on it: the booking expires it in its way.
        _ = try t.book.book(Fixtures.request(r, table: "T2", party: 2, name: "Gema Rey", phone: Fixtures.phone(7)), actor: t.host)
        #expect(try t.book.pacing(restaurantID: r.id, date: Fixtures.friday).covers(at: Fixtures.instant(Fixtures.friday, 19)) == 8)
    }

    @Test("a manager's override books past the limit and the audit row notes it; a host may not override")
    func overrideAudited() throws {
        let t = try TestEnv()
        let r = try t.venue(Self.pacedFloor())
        try sixAtSeven(t, r)
        var request = Fixtures.request(r, table: "P1", party: 4, name: "Carla Gil", phone: Fixtures.phone(3))
        request.overPacing = true
        try t.expectNothingWritten {
            #expect(throws: ReservationError.forbidden(role: .host, action: "book past the pacing limit")) {
                try t.book.book(request, actor: t.host)
            }
        }
        let manager = Actor(staffID: nil, name: "Marta", role: .manager)
        let entry = try t.book.book(request, actor: manager).entry
        let note = try #require(try t.sql.queryOne("""
            SELECT actor, after->'over_pacing'->>'covers_before' AS before, after->'over_pacing'->>'limit' AS lim,
                   after->'over_pacing'->>'slot' AS slot
            FROM audit_log WHERE action = 'book' AND entity_id = $1
            """, [entry.id.lowercasedString]))
        #expect(try note.string("actor") == "Marta")
        #expect(try note.string("before") == "6")
        #expect(try note.string("lim") == "8")
        #expect(try note.string("slot") == "19:00")
        // An ordinary booking's audit row has no such note.
        #expect(try t.count("audit_log", where: "action = 'book' AND after ? 'over_pacing'") == 1)
    }

    @Test("walk-ins are never refused by pacing, but their covers count")
    func walkInsCount() throws {
        let t = try TestEnv()
        let r = try t.venue(Self.pacedFloor())
        try sixAtSeven(t, r)
        t.clock.set(Fixtures.friday, 19, 5)
        guard case .seated(let e) = try t.book.walkIn(restaurantID: r.id, party: 4, actor: t.host) else {
            Issue.record("the walk-in was not seated")
            return
        }
        #expect(e.reservation.partySize == 4)
        #expect(try t.book.pacing(restaurantID: r.id, date: Fixtures.friday).covers(at: Fixtures.instant(Fixtures.friday, 19)) == 10)
        let error = reservationError {
            _ = try t.book.book(Fixtures.request(r, table: "T2", time: Fixtures.time(19, 10), party: 1, name: "Hugo Vela", phone: Fixtures.phone(8)), actor: t.host)
        }
        guard case .overPacing(let slot, let covers, _, _, _)? = error else {
            Issue.record("expected a pacing refusal, got \(String(describing: error))")
            return
        }
        #expect(slot == "19:00")
        #expect(covers == 10)
    }

    @Test("online bookings go through the same rule")
    func onlineBound() throws {
        let t = try TestEnv()
        let r = try t.venue(Self.pacedFloor())
        try sixAtSeven(t, r)
        var request = Fixtures.request(r, table: nil, party: 4, name: "Irene Sol", phone: Fixtures.phone(9), holdMinutes: 15)
        request.source = .online
        let error = reservationError { _ = try t.book.book(request, actor: t.admin) }
        #expect(error?.pacingFacts == "19:00 has 6 of 8 covers; a party of 4 fits at 19:15 or 19:30.")
    }

    @Test("two terminals booking the last covers of a slot at once: one passes, the other is refused")
    func raceAtTheLimit() throws {
        let t = try TestEnv()
        let r = try t.venue(Self.pacedFloor())
        try sixAtSeven(t, r)
        for round in 0..<3 {
            if round > 0 {
                // Back to 6 at 19:00 for the next round.
                try t.sql.query("UPDATE reservations SET status = 'cancelled' WHERE party_size = 2 AND table_id IN (SELECT id FROM dining_tables WHERE label IN ('T2', 'P1'))")
            }
            let tables = ["T2", "P1"]
            let results = try #require(race(2, configuration: t.configuration(), clock: t.clock) { i, book in
                try book.book(Fixtures.request(r, table: tables[i], party: 2, name: "Racer \(i)", phone: Fixtures.phone(20 + i)),
                              actor: Actor(staffID: nil, name: "host-\(i)", role: .host))
            })
            let passed = results.filter { if case .success = $0 { true } else { false } }.count
            let refused = results.filter {
                if case .failure(let e as ReservationError) = $0, case .overPacing = e { true } else { false }
            }.count
            #expect(passed == 1 && refused == 1, "round \(round): \(results)")
            #expect(try t.book.pacing(restaurantID: r.id, date: Fixtures.friday).covers(at: Fixtures.instant(Fixtures.friday, 19)) == 8)
        }
    }
}

extension PacingTests {
    @Test("changing a booking to a full slot, or to a larger party there, is refused the same way; within the limit it goes")
    func changesRespectPacing() throws {
        let t = try TestEnv()
        let r = try t.venue(Self.pacedFloor())
        try sixAtSeven(t, r)
        let later = try t.book.book(Fixtures.request(r, table: "P1", time: Fixtures.time(19, 30), party: 4, name: "Carla Gil", phone: Fixtures.phone(3)),
                                   actor: t.host).entry
        try t.expectNothingWritten {
            let error = reservationError { _ = try t.book.change(later.id, ReservationChange(time: Fixtures.time(19)), actor: t.host) }
            #expect(error?.pacingFacts == "19:00 has 6 of 8 covers; a party of 4 fits at 19:15 or 19:30.", "\(String(describing: error))")
        }
        // Its own covers are not counted against it: growing to 6 in its own slot (4 + 2 would be 10 if they were).
        _ = try t.book.change(later.id, ReservationChange(tableLabel: "T4", partySize: 6), actor: t.host)
        // Another table in the same slot with the same party adds no covers: not checked, not refused.
        let two = try #require(try t.book.daySheet(restaurantID: r.id, date: Fixtures.friday).entries.first { $0.tableLabel == "T1" })
        _ = try t.book.change(two.id, ReservationChange(tableLabel: "T2", partySize: 2, notes: "window"), actor: t.host)
        let error = reservationError {
            _ = try t.book.change(later.id, ReservationChange(time: Fixtures.time(19, 5)), actor: t.host)
        }
        #expect(error?.pacingFacts?.hasPrefix("19:00 has 6 of 8 covers; a party of 6") == true, "\(String(describing: error))")
    }
}
