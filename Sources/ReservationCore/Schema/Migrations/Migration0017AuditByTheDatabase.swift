import ReservationDomain
// Migration 17: the database writes the audit log (issue 19).
//
// Until now the programs wrote their own audit rows, so their role could also write any row it liked: a
// forged, backdated "admin did it", or a raw UPDATE that left no trace at all. Now:
// - A program declares who acts and why for its transaction (`reservaflow_declare`: actor, staff id, OS
//   account, action, an optional note), as transaction-local settings.
// - A trigger on every audited table (bookings, guests and their accounts, staff and their venues, the
//   waitlist, venues and their rules, tables, combinations, shift notes) writes one row per changed row,
//   as the schema's owner, with the server's clock, the row before and after, the declared actor and the
//   database role of the session. A change nobody declared is recorded as `sql_insert`/`sql_update`/
//   `sql_delete` by `sql:<role>`: a raw UPDATE leaves a trace. Password hashes are never copied into the
//   log (only that one changed).
// - A declaration holds from the statement that makes it: a transaction that does two things (a booking
//   that first expires a lapsed hold in its way) declares each before its writes, and each row carries the
//   action that changed it.
// - What is not a row change (a sign-in, a refused password, a mail queued again, a merge's or an import's
//   summary, the waitlist's new order) is an event: `reservaflow_audit_event`, also run as the owner, with
//   the server's clock, the declared actor, and only the actions listed there.
// - The programs' roles lose INSERT on the log: a row can be neither forged nor backdated.
// - A step back in the status machine (migration 16) needs `undo` declared for the transaction; the audit
//   row that says so is then written by the trigger.
extension Migration {
    static let v17AuditByTheDatabase = Migration(version: 17, name: "audit by the database", sql: #"""
ALTER TABLE audit_log ADD COLUMN db_role text;
ALTER TABLE audit_log ADD COLUMN event boolean NOT NULL DEFAULT false;
ALTER TABLE audit_log ALTER COLUMN at SET DEFAULT now();

-- Transaction-local, so a pooled connection carries nothing into its next transaction.
CREATE FUNCTION reservaflow_declare(p_staff_id bigint, p_actor text, p_os_account text, p_action text, p_note jsonb)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF p_actor IS NULL OR p_actor = '' OR p_action IS NULL OR p_action !~ '^[a-z_]{1,40}$' THEN
        RAISE EXCEPTION 'an audited change needs an actor and an action (lower-case words)' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM set_config('reservaflow.actor', p_actor, true);
    PERFORM set_config('reservaflow.staff_id', coalesce(p_staff_id::text, ''), true);
    PERFORM set_config('reservaflow.os_account', coalesce(p_os_account, ''), true);
    PERFORM set_config('reservaflow.action', p_action, true);
    PERFORM set_config('reservaflow.note', coalesce(p_note::text, ''), true);
END $$;

CREATE FUNCTION reservaflow_audit_row() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
DECLARE
    old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) - 'period' - 'book_version' END;
    new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) - 'period' - 'book_version' END;
    any_row jsonb;
    action_ text := nullif(current_setting('reservaflow.action', true), '');
    note_ text := nullif(current_setting('reservaflow.note', true), '');
    staff_ text := nullif(current_setting('reservaflow.staff_id', true), '');
BEGIN
    -- An upsert that changed nothing is no change, nor is the version counter, nor a sign-in's bookkeeping
    -- (attempts, lock, last sign-in: the sign-in is an event of its own).
    IF TG_OP = 'UPDATE' AND old_row - 'failed_logins' - 'locked_until' - 'last_login_at'
                          = new_row - 'failed_logins' - 'locked_until' - 'last_login_at' THEN
        RETURN NULL;
    END IF;
    IF coalesce(old_row, new_row) ? 'password_hash' THEN
        IF TG_OP = 'UPDATE' AND old_row->>'password_hash' IS DISTINCT FROM new_row->>'password_hash' THEN
            new_row := new_row || '{"password": "changed"}';
        END IF;
        old_row := old_row - 'password_hash';
        new_row := new_row - 'password_hash';
    END IF;
    any_row := coalesce(new_row, old_row);
    IF TG_ARGV[0] = 'reservation' AND note_ IS NOT NULL AND new_row IS NOT NULL THEN
        new_row := new_row || note_::jsonb;
    END IF;
    INSERT INTO audit_log (restaurant_id, staff_id, actor, action, entity, entity_id, before, after, at, os_account, db_role)
    VALUES (CASE WHEN TG_ARGV[0] = 'restaurant' THEN (any_row->>'id')::bigint ELSE (any_row->>'restaurant_id')::bigint END,
            CASE WHEN action_ IS NOT NULL THEN staff_::bigint END,
            coalesce(CASE WHEN action_ IS NOT NULL THEN current_setting('reservaflow.actor', true) END, 'sql:' || session_user),
            coalesce(action_, 'sql_' || lower(TG_OP)),
            TG_ARGV[0],
            (SELECT string_agg(any_row->>k, ':') FROM unnest(TG_ARGV[1:]) AS k),
            old_row, new_row, now(),
            CASE WHEN action_ IS NOT NULL THEN nullif(current_setting('reservaflow.os_account', true), '') END,
            session_user);
    RETURN NULL;
END $$;

DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES
            ('reservations', 'reservation', ARRAY['id']),
            ('customers', 'customer', ARRAY['id']),
            ('guest_accounts', 'guest_account', ARRAY['id']),
            ('staff', 'staff', ARRAY['id']),
            ('staff_restaurants', 'staff_venue', ARRAY['staff_id', 'restaurant_id']),
            ('waitlist', 'waitlist', ARRAY['id']),
            ('restaurants', 'restaurant', ARRAY['id']),
            ('turn_times', 'turn_time', ARRAY['up_to_party']),
            ('opening_hours', 'opening_hours', ARRAY['weekday', 'opens']),
            ('closures', 'closure', ARRAY['starts_on']),
            ('areas', 'area', ARRAY['id']),
            ('dining_tables', 'table', ARRAY['id']),
            ('table_combinations', 'combination', ARRAY['id']),
            ('table_combination_members', 'combination_member', ARRAY['combination_id', 'table_id']),
            ('shift_notes', 'shift_note', ARRAY['service_date'])) AS x(tbl, entity, keys)
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION reservaflow_audit_row(%s)',
                       t.tbl || '_audit', t.tbl,
                       (SELECT string_agg(quote_literal(a), ', ') FROM unnest(t.entity || t.keys) AS a));
    END LOOP;
END $$;

CREATE FUNCTION reservaflow_audit_event(p_restaurant_id bigint, p_entity text, p_entity_id text, p_before jsonb, p_after jsonb)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    action_ text := nullif(current_setting('reservaflow.action', true), '');
BEGIN
    IF action_ IS NULL OR action_ NOT IN ('login', 'login_failed', 'notification_retry', 'merge_guests', 'waitlist_move',
                                          'floor_import', 'seed_demo') THEN
        RAISE EXCEPTION 'no audit event %: declare one of the events first (reservaflow_declare)', coalesce(action_, '(none declared)')
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO audit_log (restaurant_id, staff_id, actor, action, entity, entity_id, before, after, at, os_account, db_role, event)
    VALUES (p_restaurant_id, nullif(current_setting('reservaflow.staff_id', true), '')::bigint,
            current_setting('reservaflow.actor', true), action_, p_entity, p_entity_id, p_before, p_after, now(),
            nullif(current_setting('reservaflow.os_account', true), ''), session_user, true);
END $$;

-- The machine's forward steps, in one place: the status trigger (migration 16) and the undo check below
-- both ask it. A step back in the machine is an undo only when the transaction declared one (the audit row
-- that records it, with who and when, is the trigger's).
CREATE FUNCTION reservation_status_step(p_from text, p_to text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT (p_from, p_to) IN (('pending', 'confirmed'), ('pending', 'cancelled'), ('pending', 'expired'),
                              ('confirmed', 'seated'), ('confirmed', 'cancelled'), ('confirmed', 'no_show'),
                              ('seated', 'completed'))
$$;

CREATE OR REPLACE FUNCTION reservations_status_machine() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = OLD.status OR reservation_status_step(OLD.status, NEW.status) THEN
        RETURN NEW;
    END IF;
    -- Undo: back to what it was before the last recorded change, when that change made it what it is.
    IF EXISTS (SELECT 1 FROM (SELECT action, before->>'status' AS was FROM audit_log
                              WHERE entity = 'reservation' AND entity_id = OLD.id::text ORDER BY id DESC LIMIT 1) last
               WHERE last.action = OLD.status AND last.was = NEW.status) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'A % reservation cannot become %', OLD.status, NEW.status
        USING ERRCODE = 'check_violation', CONSTRAINT = 'reservations_status_machine';
END $$;

CREATE OR REPLACE FUNCTION reservations_undo_recorded() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status <> OLD.status AND NOT reservation_status_step(OLD.status, NEW.status)
       AND current_setting('reservaflow.action', true) IS DISTINCT FROM 'undo' THEN
        RAISE EXCEPTION 'A % reservation went back to % with no undo declared', OLD.status, NEW.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'reservations_status_machine';
    END IF;
    RETURN NULL;
END $$;

REVOKE INSERT ON audit_log FROM reservaflow_runtime;
REVOKE ALL ON FUNCTION reservaflow_audit_row(), reservaflow_audit_event(bigint, text, text, jsonb, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION reservaflow_declare(bigint, text, text, text, jsonb), reservation_status_step(text, text),
                          reservaflow_audit_event(bigint, text, text, jsonb, jsonb) TO reservaflow_runtime;
"""#)
}
