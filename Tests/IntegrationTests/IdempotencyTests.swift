import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Idempotency-Key records in the core, as the API's role (the daemon's prunes them), with the test's clock: what a retry gets in each state, and a
/// booking whose answer was lost between its COMMIT and the stored answer.
@Suite("Idempotency keys")
struct IdempotencyTests {
    @Test func aRetryAfterACrashFindsTheBookingInsteadOfMakingASecond() throws {
        let t = try TestEnv()
        let api = try t.book(as: .api)
        let r = try t.venue()
        let claim = IdempotencyClaim(principal: "guest:1", key: "k-1", requestHash: "h1")
        #expect(try api.beginIdempotent(claim) == .fresh)
        // While the first runs, a retry is told to wait; another request under the key is refused.
        #expect(try api.beginIdempotent(claim) == .inProgress)
        #expect(try api.beginIdempotent(IdempotencyClaim(principal: "guest:1", key: "k-1", requestHash: "other")) == .mismatch)
        var req = Fixtures.request(r, holdMinutes: 15)
        req.idempotency = claim
        let made = try api.book(req, actor: t.host).entry
        // The process dies here: finishIdempotent never runs. The retry finds the reservation.
        #expect(try api.beginIdempotent(claim) == .replay(status: 201, body: nil, reservation: made.id))
        #expect(try t.count("reservations") == 1)
        // Another caller's same key is theirs.
        #expect(try api.beginIdempotent(IdempotencyClaim(principal: "guest:2", key: "k-1", requestHash: "h1")) == .fresh)
    }

    @Test func answersAreReplayedAndTryAgainAnswersAreNotKept() throws {
        let t = try TestEnv()
        let api = try t.book(as: .api)
        let claim = IdempotencyClaim(principal: "staff:3", key: "k-2", requestHash: "h")
        #expect(try api.beginIdempotent(claim) == .fresh)
        try api.finishIdempotent(claim, status: 409, body: "{\"error\":\"taken\"}")
        #expect(try api.beginIdempotent(claim) == .replay(status: 409, body: "{\"error\":\"taken\"}", reservation: nil))
        let busy = IdempotencyClaim(principal: "staff:3", key: "k-3", requestHash: "h")
        #expect(try api.beginIdempotent(busy) == .fresh)
        try api.finishIdempotent(busy, status: 503, body: "{}")
        #expect(try api.beginIdempotent(busy) == .fresh)
    }

    @Test func aClaimAbandonedForAMinuteIsTakenOverAndRecordsExpireAfterADay() throws {
        let t = try TestEnv()
        let api = try t.book(as: .api)
        let claim = IdempotencyClaim(principal: "addr:127.0.0.1", key: "k-4", requestHash: "h")
        #expect(try api.beginIdempotent(claim) == .fresh)
        t.clock.advance(seconds: 30)
        #expect(try api.beginIdempotent(claim) == .inProgress)
        t.clock.advance(seconds: 31)
        #expect(try api.beginIdempotent(claim) == .fresh)
        try api.finishIdempotent(claim, status: 201, body: "{}")
        t.clock.advance(minutes: 23 * 60)
        try t.book(as: .daemon).pruneOnlineState()
        #expect(try api.beginIdempotent(claim) == .replay(status: 201, body: "{}", reservation: nil))
        t.clock.advance(minutes: 2 * 60)
        try t.book(as: .daemon).pruneOnlineState()
        #expect(try api.beginIdempotent(claim) == .fresh)
    }
}
