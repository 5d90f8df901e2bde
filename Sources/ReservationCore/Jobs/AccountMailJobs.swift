import Foundation
import ReservationDomain
import ReservationNative

/// The account outbox (migration 30), worked by the same mailers as the venues' outbox and by the same
/// rules: claimed with SKIP LOCKED under a lease, a lapsed lease claimed again (at least once, same
/// Message-ID), each outcome recorded as it happens.
extension ReservationBook {
    public func claimAccountMails(instance: String, limit: Int, lease: TimeInterval) throws(ReservationError) -> [AccountMailJob] {
        let at = now()
        return try read {
            try db.query("""
                WITH next AS (
                    SELECT id FROM account_mails
                    WHERE (status IN ('scheduled', 'retryable') AND scheduled_for <= to_timestamp($1::float8))
                       OR (status = 'running' AND lease_until < to_timestamp($1::float8))
                    ORDER BY scheduled_for, id LIMIT $2 FOR UPDATE SKIP LOCKED)
                UPDATE account_mails m SET status = 'running', attempts = m.attempts + 1,
                    locked_by = $3, lease_until = to_timestamp($1::float8) + make_interval(secs => $4::float8)
                FROM next WHERE m.id = next.id
                RETURNING m.id, m.kind, m.account_id, m.link_id, m.recipient, m.first_name, m.language, m.message_id, m.attempts,
                          (SELECT extract(epoch FROM l.expires_at) FROM account_links l WHERE l.id = m.link_id) AS link_expires
                """, [at, limit, instance, String(lease)]).map { row in
                    AccountMailJob(id: try row.int64("id"), kind: try row.string("kind", as: AccountMailKind.self),
                                   accountID: try row.int64("account_id"), linkID: try row.optionalInt64("link_id"),
                                   recipient: try row.string("recipient"), firstName: try row.string("first_name"),
                                   language: try row.string("language"), messageID: try row.string("message_id"),
                                   attempt: try row.int("attempts"), linkExpiresAt: try row.optionalDate("link_expires"))
                }
        }
    }

    public func completeAccountMail(_ id: Int64, instance: String) throws(ReservationError) {
        try write {
            try db.query("""
                UPDATE account_mails SET status = 'completed', sent_at = to_timestamp($3::float8), lease_until = NULL, locked_by = NULL, last_error = NULL
                WHERE id = $1 AND status = 'running' AND locked_by = $2
                """, [id, instance, now()])
        }
    }

    /// A send failed: retried with backoff when it may pass, discarded when it cannot or attempts are used up.
    public func failAccountMail(_ id: Int64, instance: String, error: String, permanent: Bool, retryAfter: TimeInterval) throws(ReservationError) {
        try write {
            try db.query("""
                UPDATE account_mails SET
                    status = CASE WHEN $4 OR attempts >= max_attempts THEN 'discarded' ELSE 'retryable' END,
                    scheduled_for = to_timestamp($3::float8) + make_interval(secs => $5::float8),
                    last_error = $6, lease_until = NULL, locked_by = NULL
                WHERE id = $1 AND status = 'running' AND locked_by = $2
                """, [id, instance, now(), permanent, String(retryAfter), String(error.prefix(500))])
        }
    }

    /// When the next account mail is due, or a lease lapses (nil: none waiting).
    public func nextAccountMailDue() throws(ReservationError) -> Date? {
        try read {
            try db.queryOne("""
                SELECT extract(epoch FROM least(
                    (SELECT min(scheduled_for) FROM account_mails WHERE status IN ('scheduled', 'retryable')),
                    (SELECT min(lease_until) FROM account_mails WHERE status = 'running'))) AS d
                """)?.optionalDate("d")
        }
    }
}
