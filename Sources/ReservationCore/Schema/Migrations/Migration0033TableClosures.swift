import ReservationDomain
// Migration 33: a table out of service for a range of days (issue 21): new chairs from the 24th to the 26th,
// a terrace table shut for the winter. Beside "out of service now" (`dining_tables.active`), which lasts
// until a host puts the table back.
// - The days are the venue's (`starts_on`..`ends_on`, inclusive); the instants they cover are set here from
//   the venue's time zone, never by a program, so availability, the cache and the checks below all read one
//   range.
// - Availability reads a closed range as the table's occupancy (`occupancyStatement`), so it is offered to
//   nobody: not online, not to the podium's form, not to a walk-in or the waitlist's quote.
// - The database refuses a live booking on it from any role, raw SQL included (SQLSTATE RF409): a booking,
//   a move onto it, a change that reaches into the range, an undo that makes a booking live again there.
//   Bookings that were already there when the manager closed it anyway stay, and can still be cancelled,
//   seated, finished or moved away.
// - Two ranges of one table may not overlap; each change bumps the venue's version (the Redis cache) and is
//   announced on the change feed (entity `table_closures`, the table's id) and audited (`table_closure`).
extension Migration {
    static let v33TableClosures = Migration(version: 33, name: "table closures", sql: #"""
CREATE TABLE table_closures (
    restaurant_id bigint NOT NULL,
    table_id      bigint NOT NULL,
    starts_on     date NOT NULL,
    ends_on       date NOT NULL,
    reason        text NOT NULL DEFAULT '' CHECK (length(reason) <= 200),
    starts_at     timestamptz NOT NULL,
    ends_at       timestamptz NOT NULL,
    PRIMARY KEY (restaurant_id, table_id, starts_on),
    FOREIGN KEY (restaurant_id, table_id) REFERENCES dining_tables (restaurant_id, id) ON DELETE CASCADE,
    CHECK (starts_on <= ends_on AND ends_on - starts_on < 366),
    CONSTRAINT table_closures_no_overlap EXCLUDE USING gist
        (restaurant_id WITH =, table_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
);

CREATE FUNCTION table_closures_instants() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    zone text := (SELECT time_zone FROM restaurants WHERE id = NEW.restaurant_id);
BEGIN
    NEW.starts_at := NEW.starts_on::timestamp AT TIME ZONE zone;
    NEW.ends_at := (NEW.ends_on + 1)::timestamp AT TIME ZONE zone;
    RETURN NEW;
END $$;
CREATE TRIGGER table_closures_instants BEFORE INSERT OR UPDATE ON table_closures
    FOR EACH ROW EXECUTE FUNCTION table_closures_instants();

CREATE CONSTRAINT TRIGGER table_closures_book_version AFTER INSERT OR UPDATE OR DELETE ON table_closures
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_book_version();
CREATE TRIGGER table_closures_audit AFTER INSERT OR UPDATE OR DELETE ON table_closures
    FOR EACH ROW EXECUTE FUNCTION reservaflow_audit_row('table_closure', 'table_id', 'starts_on');

CREATE FUNCTION table_closures_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    rec record;
BEGIN
    IF TG_OP = 'DELETE' THEN rec := OLD; ELSE rec := NEW; END IF;
    PERFORM send_change_notice(json_build_object('restaurant_id', rec.restaurant_id, 'entity', TG_TABLE_NAME,
                                                 'id', rec.table_id::text, 'op', lower(TG_OP))::text);
    RETURN NULL;
END $$;
CREATE TRIGGER table_closures_changed AFTER INSERT OR UPDATE OR DELETE ON table_closures
    FOR EACH ROW EXECUTE FUNCTION table_closures_changed();

-- A live booking may not hold a table in a range it is out of service. Checked when a booking becomes live
-- there: inserted, made live again, moved to other tables, or stretched past its old range.
CREATE FUNCTION reservations_table_open() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    shut record;
BEGIN
    SELECT t.label, c.starts_on, c.ends_on, c.reason INTO shut
    FROM table_closures c JOIN dining_tables t ON t.restaurant_id = c.restaurant_id AND t.id = c.table_id
    WHERE c.restaurant_id = NEW.restaurant_id AND c.table_id = ANY (NEW.table_id || NEW.joined_table_ids)
      AND c.starts_at < NEW.ends_at AND NEW.starts_at < c.ends_at
    ORDER BY c.starts_on LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'RF409', MESSAGE = format('Table %s is out of service %s%s.', shut.label,
            CASE WHEN shut.starts_on = shut.ends_on THEN 'on ' || to_char(shut.starts_on, 'YYYY-MM-DD')
                 ELSE 'from ' || to_char(shut.starts_on, 'YYYY-MM-DD') || ' to ' || to_char(shut.ends_on, 'YYYY-MM-DD') END,
            CASE WHEN shut.reason = '' THEN '' ELSE ' (' || shut.reason || ')' END);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER reservations_table_open_insert BEFORE INSERT ON reservations
    FOR EACH ROW WHEN (NEW.status IN ('pending', 'confirmed', 'seated'))
    EXECUTE FUNCTION reservations_table_open();
CREATE TRIGGER reservations_table_open_update BEFORE UPDATE ON reservations
    FOR EACH ROW WHEN (NEW.status IN ('pending', 'confirmed', 'seated') AND (
        OLD.status NOT IN ('pending', 'confirmed', 'seated')
        OR OLD.table_id <> NEW.table_id OR OLD.joined_table_ids IS DISTINCT FROM NEW.joined_table_ids
        OR NEW.starts_at < OLD.starts_at OR NEW.ends_at > OLD.ends_at))
    EXECUTE FUNCTION reservations_table_open();

GRANT SELECT, INSERT, UPDATE, DELETE ON table_closures TO reservaflow_runtime;
GRANT SELECT ON table_closures TO reservaflow_online, reservaflow_jobs;
"""#)
}
