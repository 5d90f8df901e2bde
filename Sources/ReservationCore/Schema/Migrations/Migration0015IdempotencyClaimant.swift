import ReservationDomain
// Migration 15: an Idempotency-Key claim names the database session that holds it (issue 18).
//
// A request that lost its connection while committing a booking answers "outcome unknown" and the client
// retries with the same key. Until now a claim with no answer was "in progress" for 60 s, so that retry
// waited a minute. Once the claiming session is gone its transaction is over, committed (the claim then
// names its reservation) or not at all, so a retry can take the claim over at once. A session is its
// backend's pid and start time: a pid reused after a restart or on another server does not match.
extension Migration {
    static let v15IdempotencyClaimant = Migration(version: 15, name: "idempotency claimant", sql: #"""
ALTER TABLE idempotency_keys ADD COLUMN claimed_by text;

-- The session running this statement, as claims record it.
CREATE FUNCTION reservaflow_session() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT pg_backend_pid()::text || '@' || extract(epoch FROM backend_start)::text
    FROM pg_stat_activity WHERE pid = pg_backend_pid()
$$;

-- Whether that session still exists on this server (a claim from before a failover is over: false).
CREATE FUNCTION reservaflow_session_alive(session text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM pg_stat_activity
                   WHERE pid = split_part(session, '@', 1)::int
                     AND extract(epoch FROM backend_start)::text = split_part(session, '@', 2))
$$;

GRANT EXECUTE ON FUNCTION reservaflow_session(), reservaflow_session_alive(text) TO reservaflow_runtime;
"""#)
}
