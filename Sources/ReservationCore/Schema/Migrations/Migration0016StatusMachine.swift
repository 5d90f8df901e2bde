import ReservationDomain
// Migration 16: the database keeps the status machine, and no booking is deleted by the programs (issue 19).
//
// The core refuses a status change the machine does not allow (`StatusMachine`), but the programs' role
// could still write `cancelled -> seated` or `expired -> confirmed` with a plain UPDATE, and DELETE a
// confirmed booking with no trace. Now a trigger refuses any change of status the machine does not allow,
// whoever sends it, as the exclusion constraint refuses overlaps. The one way back is undo, as the core does
// it: to the status the booking had before its last recorded change, when that change is what made it its
// current status, and with the undo on the record in the same transaction (checked at COMMIT). The undo
// window itself stays the core's rule (its clock is the one tests control).
// Bookings are never deleted by the programs: cancel them. Deleting a whole venue (the demo's reset) is an
// owner's job, like a migration.
extension Migration {
    static let v16StatusMachine = Migration(version: 16, name: "status machine", sql: #"""
CREATE FUNCTION reservations_status_machine() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = OLD.status THEN
        RETURN NEW;
    END IF;
    IF (OLD.status, NEW.status) IN (('pending', 'confirmed'), ('pending', 'cancelled'), ('pending', 'expired'),
                                    ('confirmed', 'seated'), ('confirmed', 'cancelled'), ('confirmed', 'no_show'),
                                    ('seated', 'completed')) THEN
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

CREATE TRIGGER reservations_status_machine BEFORE UPDATE OF status ON reservations
    FOR EACH ROW EXECUTE FUNCTION reservations_status_machine();

-- A step back is an undo only with its audit row: by COMMIT the same transaction must have recorded an
-- 'undo' of this booking from that status to this one (the core writes it right after the change). A raw
-- UPDATE that steps back without one is refused; with one, it is on the record.
CREATE FUNCTION reservations_undo_recorded() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = OLD.status OR (OLD.status, NEW.status) IN (
            ('pending', 'confirmed'), ('pending', 'cancelled'), ('pending', 'expired'), ('confirmed', 'seated'),
            ('confirmed', 'cancelled'), ('confirmed', 'no_show'), ('seated', 'completed')) THEN
        RETURN NULL;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM audit_log
                   WHERE entity = 'reservation' AND entity_id = OLD.id::text AND action = 'undo'
                     AND before->>'status' = OLD.status AND after->>'status' = NEW.status
                     AND xmin::text::bigint = txid_current() % 4294967296) THEN
        RAISE EXCEPTION 'A % reservation went back to % with no undo on the record', OLD.status, NEW.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'reservations_status_machine';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER reservations_undo_recorded AFTER UPDATE OF status ON reservations
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION reservations_undo_recorded();

REVOKE DELETE ON reservations FROM reservaflow_runtime;
"""#)
}
