import ReservationDomain
// Migration 5: the daemon's jobs (docs/daemon.md).
//
// The outbox gets the explicit states of a job queue (river/Oban): scheduled, running, retryable, completed,
// discarded, cancelled; attempts against a maximum; an error history; a lease a crashed instance's rows
// lapse from. Mails are rendered when sent, from the reservation as it is then (a reminder after a time
// change shows the new time), in the venue's language. Every daemon instance keeps its own heartbeat row.
extension Migration {
    static let v5Jobs = Migration(version: 5, name: "jobs", sql: #"""
ALTER TABLE restaurants ADD COLUMN language text NOT NULL DEFAULT 'es' CHECK (language IN ('es', 'en'));
ALTER TABLE customers ADD COLUMN email_reminders boolean NOT NULL DEFAULT true;

ALTER TABLE notifications DROP CONSTRAINT notifications_status_check;
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
UPDATE notifications SET status = CASE status
    WHEN 'pending' THEN 'scheduled' WHEN 'sending' THEN 'retryable' WHEN 'sent' THEN 'completed'
    WHEN 'failed' THEN 'discarded' ELSE status END;
ALTER TABLE notifications
    ALTER COLUMN status SET DEFAULT 'scheduled',
    ADD CONSTRAINT notifications_status_check
        CHECK (status IN ('scheduled', 'running', 'retryable', 'completed', 'discarded', 'cancelled')),
    ADD CONSTRAINT notifications_kind_check
        CHECK (kind IN ('confirmation', 'hold', 'reminder', 'cancellation', 'modification', 'table_ready')),
    ALTER COLUMN subject DROP NOT NULL,
    ALTER COLUMN body DROP NOT NULL,
    ADD COLUMN waitlist_id bigint,
    ADD COLUMN max_attempts int NOT NULL DEFAULT 8 CHECK (max_attempts BETWEEN 1 AND 100),
    ADD COLUMN errors jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN attempted_at timestamptz,
    ADD COLUMN finalized_at timestamptz,
    ADD CONSTRAINT notifications_running_has_lease CHECK (status <> 'running' OR (lease_until IS NOT NULL AND locked_by IS NOT NULL));
DROP INDEX notifications_due;
CREATE INDEX notifications_due ON notifications (scheduled_for) WHERE status IN ('scheduled', 'retryable');
CREATE INDEX notifications_running ON notifications (lease_until) WHERE status = 'running';
CREATE INDEX notifications_by_status ON notifications (status, scheduled_for);

-- One place for how a change notice leaves: at COMMIT, or noted for right after it when the writer asks
-- (migration 4's reservaflow.notify_after_commit). The book's trigger and the outbox's both use it.
CREATE FUNCTION send_change_notice(payload text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('reservaflow.notify_after_commit', true) = 'on' THEN
        -- Session-level (false): it outlives the COMMIT for the flush, and reverts if this transaction aborts.
        PERFORM set_config('reservaflow.pending_changes',
                           coalesce(current_setting('reservaflow.pending_changes', true), '') || payload || chr(10), false);
    ELSE
        PERFORM pg_notify('reservaflow_changes', payload);
    END IF;
END $$;

CREATE OR REPLACE FUNCTION notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    rec record;
BEGIN
    IF TG_OP = 'DELETE' THEN rec := OLD; ELSE rec := NEW; END IF;
    PERFORM send_change_notice(json_build_object('restaurant_id', rec.restaurant_id, 'entity', TG_TABLE_NAME,
                                                 'id', rec.id::text, 'op', lower(TG_OP))::text);
    RETURN NULL;
END $$;

-- Wakes the mailers early: a job became due-able (new, re-armed, retried). They also sleep until the next
-- due instant, so a missed notice only costs the sweep interval. Sent like the book's notices, so a
-- booking's mails do not put its commit back in the queue of notifying transactions.
CREATE FUNCTION notify_job() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IN ('scheduled', 'retryable') THEN
        PERFORM send_change_notice(json_build_object('restaurant_id', NEW.restaurant_id, 'entity', 'notifications',
                                                     'id', NEW.id::text, 'op', lower(TG_OP))::text);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER notifications_job AFTER INSERT OR UPDATE OF status, scheduled_for ON notifications
    FOR EACH ROW EXECUTE FUNCTION notify_job();

-- One row per running daemon instance (migration 1's single shared row could not say how many run).
DROP TABLE heartbeats;
CREATE TABLE daemon_instances (
    instance   text PRIMARY KEY CHECK (length(instance) BETWEEN 1 AND 100),
    hostname   text NOT NULL,
    pid        int NOT NULL,
    version    text NOT NULL,
    started_at timestamptz NOT NULL,
    beat_at    timestamptz NOT NULL,
    stopped_at timestamptz
);

GRANT SELECT, INSERT, UPDATE, DELETE ON daemon_instances TO reservaflow_runtime;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO reservaflow_runtime;
"""#)
}
