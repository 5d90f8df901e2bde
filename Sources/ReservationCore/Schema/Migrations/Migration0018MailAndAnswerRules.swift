import ReservationDomain
// Migration 18: two more rules the database keeps against the programs' own role (issue 19).
//
// - A mail goes to the guest it is about. The outbox is the one place the daemon sends from, so a role that
//   could queue any address could send the venue's mail to anyone. Now a queued (or re-addressed) mail's
//   recipient must be the e-mail on the guest record of its booking or waitlist entry. The schema's owner
//   (and a superuser) is not held to it: they run migrations and repairs, and could drop the trigger anyway.
// - An idempotent answer, once stored, is final: its request, its status, its body and the booking it
//   points at cannot be rewritten, so a retry always gets the answer the first request got. (Deleting an
//   expired key stays allowed: the programs' clean-up job does that after 24 h.)
extension Migration {
    static let v18MailAndAnswerRules = Migration(version: 18, name: "mail and answer rules", sql: #"""
CREATE FUNCTION notifications_go_to_their_guest() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
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

CREATE TRIGGER notifications_go_to_their_guest BEFORE INSERT OR UPDATE OF recipient, reservation_id, waitlist_id, restaurant_id
    ON notifications FOR EACH ROW EXECUTE FUNCTION notifications_go_to_their_guest();

CREATE FUNCTION idempotent_answers_are_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.principal IS DISTINCT FROM OLD.principal OR NEW.key IS DISTINCT FROM OLD.key
       OR NEW.request_hash IS DISTINCT FROM OLD.request_hash
       OR (OLD.status <> 0 AND (NEW.status IS DISTINCT FROM OLD.status OR NEW.body IS DISTINCT FROM OLD.body))
       OR (OLD.reservation_id IS NOT NULL AND NEW.reservation_id IS DISTINCT FROM OLD.reservation_id) THEN
        RAISE EXCEPTION 'an idempotent answer, once stored, is final'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'idempotent_answers_are_final';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER idempotent_answers_are_final BEFORE UPDATE ON idempotency_keys
    FOR EACH ROW EXECUTE FUNCTION idempotent_answers_are_final();
"""#)
}
