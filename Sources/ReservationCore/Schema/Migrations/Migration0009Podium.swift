import ReservationDomain
// Migration 9: the podium's waitlist order and "table ready" time, arrival states, and shift notes (issue 8).
//
// Numbers 8 and 10 are other branches' (`migrate` applies every version not yet recorded, in order).
//
// - `waitlist.position`: the host's order of the list (arrival order until someone moves an entry). Its own
//   sequence gives a new entry the last place without reading the list; existing rows keep their id's order.
//   Moving swaps two positions in one transaction (`ReservationBook.moveWaitlistEntry`).
// - `waitlist.notified_at`: when the party was last told their table is ready ("told 3 min ago"), so the
//   podium knows how long a called party has not come back.
// - `reservations.arrival`: part of the party here, or all of it, before it is seated. A column of its own,
//   not statuses: the status machine, the exclusion constraint (live = pending, confirmed, seated), the
//   counters' trigger and undo stay as they are, and seating a party that is partly here is the same `seat`.
// - `shift_notes`: one text per venue and service day for the header ("VIP table 4 at 21:00, short of one
//   waiter"). `id` only so the change feed's trigger (which sends `id`) tells the other terminals.
extension Migration {
    static let v9Podium = Migration(version: 9, name: "podium", sql: #"""
ALTER TABLE waitlist ADD COLUMN position bigint;
UPDATE waitlist SET position = id;
CREATE SEQUENCE waitlist_position_seq OWNED BY waitlist.position;
SELECT setval('waitlist_position_seq', greatest(coalesce((SELECT max(id) FROM waitlist), 0), 1));
ALTER TABLE waitlist ALTER COLUMN position SET DEFAULT nextval('waitlist_position_seq');
ALTER TABLE waitlist ALTER COLUMN position SET NOT NULL;
ALTER TABLE waitlist ADD COLUMN notified_at timestamptz;
UPDATE waitlist SET notified_at = updated_at WHERE status = 'notified';
ALTER TABLE waitlist ADD CONSTRAINT waitlist_notified_has_time CHECK (status <> 'notified' OR notified_at IS NOT NULL);
CREATE INDEX waitlist_active_order ON waitlist (restaurant_id, position) WHERE status IN ('waiting', 'notified');

ALTER TABLE reservations ADD COLUMN arrival text NOT NULL DEFAULT 'none'
    CHECK (arrival IN ('none', 'partial', 'arrived'));

CREATE TABLE shift_notes (
    id            bigserial UNIQUE,
    restaurant_id bigint NOT NULL REFERENCES restaurants(id) ON DELETE CASCADE,
    service_date  date NOT NULL,
    body          text NOT NULL CHECK (length(body) BETWEEN 1 AND 300),
    updated_by    text NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (restaurant_id, service_date)
);
CREATE TRIGGER shift_notes_changed AFTER INSERT OR UPDATE OR DELETE ON shift_notes
    FOR EACH ROW EXECUTE FUNCTION notify_change();
GRANT SELECT, INSERT, UPDATE, DELETE ON shift_notes TO reservaflow_runtime;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO reservaflow_runtime;
"""#)
}
