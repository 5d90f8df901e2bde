import Foundation
import ReservationDomain

public enum IdempotencyStart: Hashable, Sendable {
    /// First time: run the request, then `finishIdempotent`.
    case fresh
    /// Answered before: give the same answer again. A booking whose answer was lost in a crash is found by
    /// its reservation (`body` nil, `reservation` set): answer as for that booking.
    case replay(status: Int, body: String?, reservation: UUID?)
    /// The same key with a different request (422).
    case mismatch
    /// The first request with this key is still running (409; retry in a moment).
    case inProgress
}

/// Idempotency-Key records (migration 6), kept 24 h.
extension ReservationBook {
    /// A claim older than this with no answer belongs to a request that died; a retry may take it over.
    static let abandonedClaimSeconds = 60.0

    public func beginIdempotent(_ claim: IdempotencyClaim) throws(ReservationError) -> IdempotencyStart {
        let at = now()
        return try write { () throws -> IdempotencyStart in
            if try db.queryOne("""
                INSERT INTO idempotency_keys (principal, key, request_hash, created_at) VALUES ($1, $2, $3, to_timestamp($4::float8))
                ON CONFLICT DO NOTHING RETURNING 1 AS one
                """, [claim.principal, claim.key, claim.requestHash, at]) != nil {
                return .fresh
            }
            guard let row = try db.queryOne("""
                SELECT request_hash, status, body, reservation_id, extract(epoch FROM created_at) AS created_at
                FROM idempotency_keys WHERE principal = $1 AND key = $2 FOR UPDATE
                """, [claim.principal, claim.key])
            else { return .inProgress }  // deleted between the two statements: the caller retries
            guard try row.string("request_hash") == claim.requestHash else { return .mismatch }
            let status = try row.int("status")
            let reservation = try row.optionalUUID("reservation_id")
            if status != 0 { return .replay(status: status, body: try row.optionalString("body"), reservation: reservation) }
            if let reservation { return .replay(status: 201, body: nil, reservation: reservation) }
            if at.timeIntervalSince(try row.date("created_at")) > Self.abandonedClaimSeconds {
                try db.query("UPDATE idempotency_keys SET created_at = to_timestamp($3::float8) WHERE principal = $1 AND key = $2",
                             [claim.principal, claim.key, at])
                return .fresh
            }
            return .inProgress
        }
    }

    /// Stores the answer a retry will get. An answer that says "try again" (busy, unreachable) is not
    /// kept: the claim is dropped so the retry runs for real.
    public func finishIdempotent(_ claim: IdempotencyClaim, status: Int, body: String) throws(ReservationError) {
        try write {
            if status == 503 || status == 429 || status == 423 {
                try db.query("DELETE FROM idempotency_keys WHERE principal = $1 AND key = $2 AND reservation_id IS NULL",
                             [claim.principal, claim.key])
            } else {
                try db.query("UPDATE idempotency_keys SET status = $3, body = $4 WHERE principal = $1 AND key = $2",
                             [claim.principal, claim.key, status, body])
            }
        }
    }

    /// Inside a booking's transaction: the claim points at the reservation it made.
    func settleIdempotency(_ claim: IdempotencyClaim, reservation id: UUID) throws {
        try db.query("UPDATE idempotency_keys SET reservation_id = $3 WHERE principal = $1 AND key = $2",
                     [claim.principal, claim.key, id])
    }
}
