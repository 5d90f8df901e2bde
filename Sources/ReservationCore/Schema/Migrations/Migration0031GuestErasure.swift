import ReservationDomain
// Migration 31: a guest's personal data erased on request (issue 24), by one rule that the guest's own
// request (DELETE /api/auth/me/) and a staff-requested erasure at the manager's desk both call.
//
// `reservaflow_erase_guest(account, venue, record, at)`, run as the owner, takes either a guest account (every
// venue's record of it, then the account itself) or one venue's guest record. It refuses while any of
// those records still has a live booking ending after `at` (the caller's clock): the caller cancels them
// first, through the status machine, so the usual cancellation mails are queued before the address goes.
// Then every record keeps its counters (visits, cancellations, no-shows) and its bookings, for the venue's
// counts, and loses its name, phone, e-mail, notes, allergies, tags and consent; the bookings lose their
// notes, the waitlist entries their name, phone and notes, sent mails their address and text; the account
// is deleted (its tokens, links and account mails with it) and so are its stored idempotent answers,
// which hold its registration's answer.
// - The audit rows the erasure's own writes produce say which row and "erased", not what was erased
//   (`reservaflow_audit_row` below, for the declared action `guest_erase`).
// - A cancellation mail queued just before the erasure still goes out (its address is on the mail's row);
//   the mailer then writes it without the name, and once a mail is final a trigger forgets its address
//   and text if its guest was erased meanwhile.
// - Rows written to the audit log before the erasure keep what they recorded: the log is append-only for
//   every role (migration 1), the owner's functions included.
extension Migration {
    static let v31GuestErasure = Migration(version: 31, name: "guest erasure", sql: #"""
ALTER TABLE customers ADD COLUMN erased_at timestamptz;
ALTER TABLE customers ADD CONSTRAINT customers_erased_has_nothing
    CHECK (erased_at IS NULL OR (phone IS NULL AND email IS NULL AND account_id IS NULL AND notes = '' AND allergies = ''));

CREATE OR REPLACE FUNCTION reservaflow_audit_row() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
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
    -- An erasure is recorded as which row and that it was erased, never with what it erased.
    IF action_ = 'guest_erase' THEN
        old_row := NULL;
        new_row := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE '{"erased": true}'::jsonb END;
    END IF;
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

CREATE FUNCTION reservaflow_erase_guest(p_account bigint, p_restaurant bigint, p_customer bigint, p_at timestamptz)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    records bigint[];
BEGIN
    IF coalesce(current_setting('reservaflow.action', true), '') <> 'guest_erase' THEN
        RAISE EXCEPTION 'an erasure must be declared (guest_erase)' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (p_account IS NULL) = (p_customer IS NULL) OR (p_customer IS NOT NULL AND p_restaurant IS NULL) THEN
        RAISE EXCEPTION 'erase either an account or one venue guest record' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_account IS NOT NULL AND NOT EXISTS (SELECT 1 FROM guest_accounts WHERE id = p_account) THEN
        RAISE EXCEPTION 'no guest account %', p_account USING ERRCODE = 'no_data_found';
    END IF;
    SELECT coalesce(array_agg(id ORDER BY id), '{}') INTO records FROM customers
     WHERE NOT anonymous AND ((p_account IS NOT NULL AND account_id = p_account)
                              OR (p_customer IS NOT NULL AND restaurant_id = p_restaurant AND id = p_customer));
    IF p_customer IS NOT NULL AND cardinality(records) = 0 THEN
        RAISE EXCEPTION 'no guest record % at venue %', p_customer, p_restaurant USING ERRCODE = 'no_data_found';
    END IF;
    IF EXISTS (SELECT 1 FROM reservations WHERE customer_id = ANY(records)
               AND status IN ('pending', 'confirmed', 'seated') AND ends_at > p_at) THEN
        RAISE EXCEPTION 'the guest still has live bookings: cancel them (with their mails) before erasing'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'erase_after_cancelling';
    END IF;
    UPDATE customers SET name = 'Erased guest', phone = NULL, email = NULL, notes = '', allergies = '', tags = '{}',
           marketing_consent = false, email_reminders = false, account_id = NULL, erased_at = now()
     WHERE id = ANY(records);
    UPDATE reservations SET notes = '' WHERE customer_id = ANY(records) AND notes <> '';
    UPDATE waitlist SET name = 'Erased guest', phone = NULL, notes = '' WHERE customer_id = ANY(records);
    UPDATE notifications SET recipient = 'erased', subject = NULL, body = NULL
     WHERE status IN ('completed', 'discarded', 'cancelled')
       AND (reservation_id IN (SELECT id FROM reservations WHERE customer_id = ANY(records))
            OR waitlist_id IN (SELECT id FROM waitlist WHERE customer_id = ANY(records)));
    IF p_account IS NOT NULL THEN
        DELETE FROM idempotency_keys WHERE principal = 'guest:' || p_account;
        DELETE FROM link_requests WHERE account_id = p_account;
        DELETE FROM guest_accounts WHERE id = p_account;
    END IF;
    RETURN cardinality(records);
END $$;
REVOKE ALL ON FUNCTION reservaflow_erase_guest(bigint, bigint, bigint, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION reservaflow_erase_guest(bigint, bigint, bigint, timestamptz) TO reservaflow_online, reservaflow_runtime;

-- 'erased' is no address (the mailer refuses to send to it): a row may always be made to forget one.
CREATE OR REPLACE FUNCTION notifications_go_to_their_guest() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.recipient = 'erased' OR pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
        RETURN NEW;
    END IF;
    IF NEW.reservation_id IS NOT NULL AND EXISTS (
            SELECT 1 FROM reservations x JOIN customers c ON c.restaurant_id = x.restaurant_id AND c.id = x.customer_id
            WHERE x.id = NEW.reservation_id AND x.restaurant_id = NEW.restaurant_id AND lower(c.email) = lower(NEW.recipient)) THEN
        RETURN NEW;
    END IF;
    IF NEW.reservation_id IS NULL AND NEW.waitlist_id IS NOT NULL AND EXISTS (
            SELECT 1 FROM waitlist w JOIN customers c ON c.restaurant_id = w.restaurant_id AND c.id = w.customer_id
            WHERE w.id = NEW.waitlist_id AND w.restaurant_id = NEW.restaurant_id AND lower(c.email) = lower(NEW.recipient)) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'a mail goes only to the e-mail address on the guest record of its booking or waitlist entry'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'notifications_go_to_their_guest';
END $$;

-- A mail that became final after its guest was erased forgets the address and the text.
CREATE FUNCTION notifications_forget_erased() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IN ('completed', 'discarded', 'cancelled') AND NEW.recipient <> 'erased' AND NEW.reservation_id IS NOT NULL
       AND EXISTS (SELECT 1 FROM reservations x JOIN customers c ON c.restaurant_id = x.restaurant_id AND c.id = x.customer_id
                   WHERE x.id = NEW.reservation_id AND c.erased_at IS NOT NULL) THEN
        NEW.recipient := 'erased';
        NEW.subject := NULL;
        NEW.body := NULL;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER notifications_forget_erased BEFORE UPDATE OF status ON notifications
    FOR EACH ROW EXECUTE FUNCTION notifications_forget_erased();
"""#)
}
