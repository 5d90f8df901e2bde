import ReservationDomain
// Migration 8: table combinations (issue 8): a party of 9+ at tables a venue lets be joined.
//
// - `table_combinations` and their members: which tables may be joined, from the floor file.
// - `reservations.joined_table_ids`: the tables a booking holds beside `table_id` (its primary table, so
//   every reader of `table_id` keeps working).
// - `reservation_tables`: one row per live reservation and table it holds, with the same exclusion fence
//   as `reservations_no_overlap`, on each table. It is kept by a trigger on `reservations` (status, times
//   or tables changed), so no write path can book T2 over a combination T1+T2, raw SQL included. The
//   trigger runs as the schema's owner: the runtime role may only read the claims, never write one aside.
extension Migration {
    static let v8TableCombinations = Migration(version: 8, name: "table_combinations", sql: #"""
CREATE TABLE table_combinations (
    id            bigserial,
    restaurant_id bigint NOT NULL REFERENCES restaurants(id) ON DELETE CASCADE,
    min_covers    int NOT NULL CHECK (min_covers >= 1),
    max_covers    int NOT NULL CHECK (max_covers BETWEEN 1 AND 400),
    PRIMARY KEY (restaurant_id, id),
    UNIQUE (id),
    CHECK (min_covers <= max_covers)
);

CREATE TABLE table_combination_members (
    restaurant_id  bigint NOT NULL,
    combination_id bigint NOT NULL,
    table_id       bigint NOT NULL,
    position       int NOT NULL CHECK (position BETWEEN 0 AND 7),
    PRIMARY KEY (restaurant_id, combination_id, table_id),
    UNIQUE (restaurant_id, combination_id, position),
    FOREIGN KEY (restaurant_id, combination_id) REFERENCES table_combinations(restaurant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (restaurant_id, table_id) REFERENCES dining_tables(restaurant_id, id)
);

-- Availability depends on the combinations: a change bumps the venue's version at commit (as tables do).
CREATE CONSTRAINT TRIGGER table_combinations_book_version AFTER INSERT OR UPDATE OR DELETE ON table_combinations
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_book_version();
CREATE CONSTRAINT TRIGGER table_combination_members_book_version AFTER INSERT OR UPDATE OR DELETE ON table_combination_members
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_book_version();

ALTER TABLE reservations ADD COLUMN joined_table_ids bigint[] NOT NULL DEFAULT '{}';
ALTER TABLE reservations ADD CONSTRAINT reservations_joined_tables_sane
    CHECK (cardinality(joined_table_ids) <= 7 AND array_position(joined_table_ids, NULL) IS NULL
           AND NOT (table_id = ANY (joined_table_ids)));

CREATE TABLE reservation_tables (
    restaurant_id  bigint NOT NULL,
    reservation_id uuid NOT NULL,
    table_id       bigint NOT NULL,
    period         tstzrange NOT NULL,
    PRIMARY KEY (restaurant_id, reservation_id, table_id),
    FOREIGN KEY (restaurant_id, reservation_id) REFERENCES reservations(restaurant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (restaurant_id, table_id) REFERENCES dining_tables(restaurant_id, id),
    -- The fence on every table a booking holds, joined or not.
    CONSTRAINT reservation_tables_no_overlap EXCLUDE USING gist (
        restaurant_id WITH =, table_id WITH =, period WITH &&
    )
);

CREATE FUNCTION reservation_claims() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        DELETE FROM reservation_tables WHERE restaurant_id = OLD.restaurant_id AND reservation_id = OLD.id;
    END IF;
    IF NEW.status IN ('pending', 'confirmed', 'seated') THEN
        INSERT INTO reservation_tables (restaurant_id, reservation_id, table_id, period)
        SELECT NEW.restaurant_id, NEW.id, t, NEW.period FROM unnest(NEW.table_id || NEW.joined_table_ids) AS t;
    END IF;
    RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION reservation_claims() FROM PUBLIC;
CREATE TRIGGER reservations_claims AFTER INSERT OR UPDATE OF status, starts_at, ends_at, table_id, joined_table_ids
    ON reservations FOR EACH ROW EXECUTE FUNCTION reservation_claims();

INSERT INTO reservation_tables (restaurant_id, reservation_id, table_id, period)
SELECT restaurant_id, id, table_id, period FROM reservations WHERE status IN ('pending', 'confirmed', 'seated');

GRANT SELECT, INSERT, UPDATE, DELETE ON table_combinations, table_combination_members TO reservaflow_runtime;
-- Read only: the claims are the trigger's to write.
GRANT SELECT ON reservation_tables TO reservaflow_runtime;
GRANT USAGE ON SEQUENCE table_combinations_id_seq TO reservaflow_runtime;
"""#)
}
