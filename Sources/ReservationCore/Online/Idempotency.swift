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
    /// (Sooner when the claiming session is gone: see migration 15.)
    static let abandonedClaimSeconds = 60.0

    public func beginIdempotent(_ claim: IdempotencyClaim) throws(ReservationError) -> IdempotencyStart {
        let at = now()
        return try write { () throws -> IdempotencyStart in
            if try db.queryOne("""
                INSERT INTO idempotency_keys (principal, key, request_hash, created_at, claimed_by)
                VALUES ($1, $2, $3, to_timestamp($4::float8), reservaflow_session())
                ON CONFLICT DO NOTHING RETURNING 1 AS one
                """, [claim.principal, claim.key, claim.requestHash, at]) != nil {
                return .fresh
            }
            guard let row = try db.queryOne("""
                SELECT request_hash, status, body, reservation_id, extract(epoch FROM created_at) AS created_at,
                       claimed_by IS NOT NULL AND NOT reservaflow_session_alive(claimed_by) AS claimant_gone
                FROM idempotency_keys WHERE principal = $1 AND key = $2 FOR UPDATE
                """, [claim.principal, claim.key])
            else { return .inProgress }  // deleted between the two statements: the caller retries
            guard try row.string("request_hash") == claim.requestHash else { return .mismatch }
            let status = try row.int("status")
            let reservation = try row.optionalUUID("reservation_id")
            if status != 0 { return .replay(status: status, body: try row.optionalString("body"), reservation: reservation) }
            if let reservation { return .replay(status: 201, body: nil, reservation: reservation) }
            // The claiming session is gone (its connection broke, its server crashed or was failed over): its
            // transaction is over and made no booking, or `reservation_id` would say so. Taken over at once.
            if try row.bool("claimant_gone") || at.timeIntervalSince(try row.date("created_at")) > Self.abandonedClaimSeconds {
                try db.query("""
                    UPDATE idempotency_keys SET created_at = to_timestamp($3::float8), claimed_by = reservaflow_session()
                    WHERE principal = $1 AND key = $2
                    """, [claim.principal, claim.key, at])
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

    /// Inside a booking's transaction: the claim points at the reservation it made. Only one booking ever
    /// settles a claim: a request that took over a claim whose first request turned out to be alive after
    /// all loses here, and its booking rolls back.
    func settleIdempotency(_ claim: IdempotencyClaim, reservation id: UUID) throws {
        guard try db.queryOne("""
            UPDATE idempotency_keys SET reservation_id = $3 WHERE principal = $1 AND key = $2 AND reservation_id IS NULL
            RETURNING 1 AS one
            """, [claim.principal, claim.key, id]) != nil else {
            throw ReservationError.busy(detail: "another request with this Idempotency-Key made its booking first; repeat the request to get its answer")
        }
    }
}
