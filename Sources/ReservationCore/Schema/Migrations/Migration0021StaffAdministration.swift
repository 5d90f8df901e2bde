import ReservationDomain
// Migration 21: the manager's desk (issue 21): staff accounts disabled, renamed, given another role or other
// venues, and the audit log read by venue and time.
//
// - A disabled account may not sign in (the core checks `active`), and a session it already had may not
//   write either: `reservaflow_declare` refuses a declaration by a staff account that exists and is not
//   active (SQLSTATE RF401), whatever program holds the connection. Its API tokens are revoked by the
//   trigger that sees it disabled, so enabling it again does not bring old tokens back.
// - A change to an account (active, role, name, venues) is announced on the change feed (entity `staff`,
//   venue 0, the account's id), so a terminal signed in as that account ends its session at once.
// - `audit_log_by_venue_time` serves `reservaflow audit` (newest first, keyset-paged on (at, id)) and a
//   staff member's or an action's rows within a venue, at any size of the log; `audit_log_by_time` an
//   administrator's listing across venues.
extension Migration {
    static let v21StaffAdministration = Migration(version: 21, name: "staff administration", sql: #"""
-- As the owner: the daemon's role may not read staff at all (migration 19), and it declares too.
CREATE FUNCTION reservaflow_staff_disabled(p_staff_id bigint) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp AS $$
    SELECT EXISTS (SELECT FROM staff WHERE id = p_staff_id AND NOT active)
$$;

CREATE OR REPLACE FUNCTION reservaflow_declare(p_staff_id bigint, p_actor text, p_os_account text, p_action text, p_note jsonb)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF p_actor IS NULL OR p_actor = '' OR p_action IS NULL OR p_action !~ '^[a-z_]{1,40}$' THEN
        RAISE EXCEPTION 'an audited change needs an actor and an action (lower-case words)' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_staff_id IS NOT NULL AND reservaflow_staff_disabled(p_staff_id) THEN
        RAISE EXCEPTION 'staff account % is disabled', p_staff_id USING ERRCODE = 'RF401';
    END IF;
    PERFORM set_config('reservaflow.actor', p_actor, true);
    PERFORM set_config('reservaflow.staff_id', coalesce(p_staff_id::text, ''), true);
    PERFORM set_config('reservaflow.os_account', coalesce(p_os_account, ''), true);
    PERFORM set_config('reservaflow.action', p_action, true);
    PERFORM set_config('reservaflow.note', coalesce(p_note::text, ''), true);
END $$;

-- Run as the owner: the staff tools' role has no right on API tokens (migration 19).
CREATE FUNCTION staff_account_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
DECLARE
    member bigint;
BEGIN
    IF TG_TABLE_NAME = 'staff' THEN
        IF (OLD.active, OLD.role, OLD.display_name) IS NOT DISTINCT FROM (NEW.active, NEW.role, NEW.display_name) THEN
            RETURN NULL;
        END IF;
        IF OLD.active AND NOT NEW.active THEN
            UPDATE api_tokens SET revoked_at = now() WHERE staff_id = NEW.id AND revoked_at IS NULL;
        END IF;
        member := NEW.id;
    ELSIF TG_OP = 'DELETE' THEN
        member := OLD.staff_id;
    ELSE
        member := NEW.staff_id;
    END IF;
    PERFORM pg_notify('reservaflow_changes',
                      json_build_object('restaurant_id', 0, 'entity', 'staff', 'id', member::text, 'op', lower(TG_OP))::text);
    RETURN NULL;
END $$;
CREATE TRIGGER staff_account_changed AFTER UPDATE ON staff FOR EACH ROW EXECUTE FUNCTION staff_account_changed();
CREATE TRIGGER staff_venues_changed AFTER INSERT OR DELETE ON staff_restaurants FOR EACH ROW EXECUTE FUNCTION staff_account_changed();

CREATE INDEX audit_log_by_venue_time ON audit_log (restaurant_id, at DESC, id DESC);
CREATE INDEX audit_log_by_time ON audit_log (at DESC, id DESC);
"""#)
}
