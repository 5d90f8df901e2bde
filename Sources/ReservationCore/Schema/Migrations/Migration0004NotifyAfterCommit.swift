import ReservationDomain
import ReservationNative
// Migration 4: change notifications may be sent right after COMMIT instead of at it.
//
// PostgreSQL serialises the commits of transactions that sent a NOTIFY: each takes a cluster-wide lock
// before its commit record and holds it until the commit is durable (async.c, PreCommit_Notify). With the
// change-feed trigger notifying inside every booking, bookings committed one WAL flush at a time, whatever
// the number of clients: `make bench` measured the booking's write set at ~190 transactions/s flat from 1 to
// 32 clients on the private stack, and ~550/s at 8 and 32 clients once notified after commit.
//
// The trigger still notifies at commit by default, so every writer (psql by hand, another tool) keeps the
// feed exact. A transaction that sets `reservaflow.notify_after_commit` (ReservationCore's own, see
// `PGConnection.notifiesAfterCommit`) has the payloads noted in the session instead, and sends them with
// `reservaflow_flush_changes()` in its own tiny transaction right after COMMIT, pipelined in the same round
// trip. That transaction writes no WAL, so its commit waits for no flush. A noted payload is undone with the
// transaction that noted it (a rolled-back session setting reverts). What is given up: a server crash in
// the instant between the COMMIT and the flush loses those notifications; terminals reconnect after a crash
// and reload anyway.
extension Migration {
    static let v4NotifyAfterCommit = Migration(version: 4, name: "notify_after_commit", sql: #"""
CREATE OR REPLACE FUNCTION notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    rec record;
    payload text;
BEGIN
    IF TG_OP = 'DELETE' THEN rec := OLD; ELSE rec := NEW; END IF;
    payload := json_build_object('restaurant_id', rec.restaurant_id, 'entity', TG_TABLE_NAME, 'id', rec.id::text,
                                 'op', lower(TG_OP))::text;
    IF current_setting('reservaflow.notify_after_commit', true) = 'on' THEN
        -- Session-level (false): it outlives the COMMIT for the flush, and reverts if this transaction aborts.
        PERFORM set_config('reservaflow.pending_changes',
                           coalesce(current_setting('reservaflow.pending_changes', true), '') || payload || chr(10), false);
    ELSE
        PERFORM pg_notify('reservaflow_changes', payload);
    END IF;
    RETURN NULL;
END $$;

-- Sends (and forgets) the payloads noted by this session's committed transactions; returns how many.
CREATE FUNCTION reservaflow_flush_changes() RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    pending text := current_setting('reservaflow.pending_changes', true);
    payload text;
    sent int := 0;
BEGIN
    IF pending IS NULL OR pending = '' THEN RETURN 0; END IF;
    PERFORM set_config('reservaflow.pending_changes', '', false);
    FOR payload IN SELECT p FROM regexp_split_to_table(pending, chr(10)) p WHERE p <> '' LOOP
        PERFORM pg_notify('reservaflow_changes', payload);
        sent := sent + 1;
    END LOOP;
    RETURN sent;
END $$;
GRANT EXECUTE ON FUNCTION reservaflow_flush_changes() TO reservaflow_runtime;
"""#)
}
