import ReservationDomain
// Migration 3: least privilege, and no venue-wide lock held for the life of a transaction.
//
// Roles (docs/security.md): this migration runs as the schema's owner. Every program (TUI, CLI, daemon, API)
// connects as a member of `reservaflow_runtime`, which may read and write the book but only append to the
// audit log, and owns nothing: it cannot disable, drop or replace the audit log's triggers.
//
// Availability versions: migration 2 bumped `restaurants.book_version` from a row trigger, so every booking
// held its venue's row locked until it committed; one stalled client froze every write at the venue. Now a
// reservation bumps a per-venue, per-day counter from a trigger deferred to COMMIT, so the lock lasts for the
// commit alone, and bookings on other days never meet at all. Rule changes (tables, hours, closures, turn
// times) still bump the venue's version, also at commit.
extension Migration {
    static let v3RolesAndDayVersions = Migration(version: 3, name: "roles_and_day_versions", sql: #"""
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reservaflow_runtime') THEN
        RAISE EXCEPTION 'the role reservaflow_runtime does not exist'
            USING HINT = 'Create it as a superuser first: CREATE ROLE reservaflow_runtime NOLOGIN (see docs/security.md).';
    END IF;
END $$;

-- The operating-system account behind each audited change (the real uid, not $USER).
ALTER TABLE audit_log ADD COLUMN os_account text;

CREATE TABLE book_versions (
    restaurant_id bigint NOT NULL REFERENCES restaurants(id) ON DELETE CASCADE,
    day           date NOT NULL,
    version       bigint NOT NULL DEFAULT 1,
    PRIMARY KEY (restaurant_id, day)
);

-- The UTC days a reservation touches (its start and its end), in a fixed order so two commits never take
-- these rows in opposite orders.
CREATE FUNCTION bump_day_versions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    d date;
BEGIN
    FOR d IN
        SELECT DISTINCT x FROM unnest(ARRAY[
            CASE WHEN TG_OP <> 'INSERT' THEN (OLD.starts_at AT TIME ZONE 'UTC')::date END,
            CASE WHEN TG_OP <> 'INSERT' THEN (OLD.ends_at AT TIME ZONE 'UTC')::date END,
            CASE WHEN TG_OP <> 'DELETE' THEN (NEW.starts_at AT TIME ZONE 'UTC')::date END,
            CASE WHEN TG_OP <> 'DELETE' THEN (NEW.ends_at AT TIME ZONE 'UTC')::date END]) AS x
        WHERE x IS NOT NULL ORDER BY x
    LOOP
        INSERT INTO book_versions (restaurant_id, day) VALUES (coalesce(NEW.restaurant_id, OLD.restaurant_id), d)
        ON CONFLICT (restaurant_id, day) DO UPDATE SET version = book_versions.version + 1;
    END LOOP;
    RETURN NULL;
END $$;

DROP TRIGGER reservations_book_version ON reservations;
CREATE CONSTRAINT TRIGGER reservations_day_version AFTER INSERT OR UPDATE OR DELETE ON reservations
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_day_versions();

DROP TRIGGER dining_tables_book_version ON dining_tables;
DROP TRIGGER opening_hours_book_version ON opening_hours;
DROP TRIGGER closures_book_version ON closures;
DROP TRIGGER turn_times_book_version ON turn_times;
CREATE CONSTRAINT TRIGGER dining_tables_book_version AFTER INSERT OR UPDATE OR DELETE ON dining_tables
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_book_version();
CREATE CONSTRAINT TRIGGER opening_hours_book_version AFTER INSERT OR UPDATE OR DELETE ON opening_hours
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_book_version();
CREATE CONSTRAINT TRIGGER closures_book_version AFTER INSERT OR UPDATE OR DELETE ON closures
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_book_version();
CREATE CONSTRAINT TRIGGER turn_times_book_version AFTER INSERT OR UPDATE OR DELETE ON turn_times
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_book_version();

-- Privileges: nothing by default, then exactly what the programs need.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO reservaflow_runtime;
GRANT SELECT, INSERT, UPDATE, DELETE ON restaurants, turn_times, opening_hours, closures, areas, dining_tables,
    customers, staff, staff_restaurants, reservations, waitlist, notifications, heartbeats, book_versions
    TO reservaflow_runtime;
GRANT SELECT, INSERT ON audit_log TO reservaflow_runtime;
GRANT SELECT ON schema_migrations TO reservaflow_runtime;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO reservaflow_runtime;
"""#)
}
