import ReservationDomain
// Migration 2: a per-venue version of everything availability depends on, bumped in the same transaction
// as the change. The Redis availability cache is keyed by it, so a write made while Redis was unreachable,
// or by a process that never talks to Redis, still invalidates every terminal's cached answers.
extension Migration {
    static let v2BookVersion = Migration(version: 2, name: "book_version", sql: #"""
ALTER TABLE restaurants ADD COLUMN book_version bigint NOT NULL DEFAULT 0;

-- The venue row is locked for the rest of the writing transaction; writers already queue per table
-- (FOR NO KEY UPDATE) before touching reservations, so this adds no deadlock, only a short wait.
CREATE FUNCTION bump_book_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE restaurants SET book_version = book_version + 1
     WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.restaurant_id ELSE NEW.restaurant_id END;
    RETURN NULL;
END $$;

CREATE TRIGGER reservations_book_version AFTER INSERT OR UPDATE OR DELETE ON reservations
    FOR EACH ROW EXECUTE FUNCTION bump_book_version();
CREATE TRIGGER dining_tables_book_version AFTER INSERT OR UPDATE OR DELETE ON dining_tables
    FOR EACH ROW EXECUTE FUNCTION bump_book_version();
CREATE TRIGGER opening_hours_book_version AFTER INSERT OR UPDATE OR DELETE ON opening_hours
    FOR EACH ROW EXECUTE FUNCTION bump_book_version();
CREATE TRIGGER closures_book_version AFTER INSERT OR UPDATE OR DELETE ON closures
    FOR EACH ROW EXECUTE FUNCTION bump_book_version();
CREATE TRIGGER turn_times_book_version AFTER INSERT OR UPDATE OR DELETE ON turn_times
    FOR EACH ROW EXECUTE FUNCTION bump_book_version();

-- The venue's own rules (party limits, advance days ...) count too.
CREATE FUNCTION restaurant_rules_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (to_jsonb(NEW) - 'book_version') IS DISTINCT FROM (to_jsonb(OLD) - 'book_version') THEN
        NEW.book_version := OLD.book_version + 1;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER restaurants_book_version BEFORE UPDATE ON restaurants
    FOR EACH ROW EXECUTE FUNCTION restaurant_rules_changed();
"""#)
}
