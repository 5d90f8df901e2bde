import ReservationDomain
// Migration 10: pacing, and merging two guest records (issue 8). (8 and 9 are other branches' migrations;
// `migrate` applies every version not yet recorded, in order, whichever lands first.)
//
// - `restaurants.pacing_covers`: the most covers that may start in one 15-minute slot (the floor file's
//   `pacing_covers`), NULL for no limit. On the venue's own row, so the book_version trigger of migration 2
//   already makes every book read the new limit.
// - The visit counters' trigger learns that a reservation may change guest, but only inside a guest merge
//   (`ReservationBook.mergeGuests` sets `reservaflow.merging_guests` for its transaction alone): the old
//   guest loses what the booking counted for them and the new one gains it, so the counters stay a function
//   of status. Any other write that changes a booking's guest is still refused, as before. The trigger now
//   also fires on `UPDATE OF customer_id` (before, only a status change reached it).
// - Indexes for "possible duplicate of …": the folded name by equality (the trigram index of migration 7 is
//   for "contains") and the lower-cased e-mail, so one guest's likely duplicates are two index probes
//   (a BitmapOr, measured among 50,000 guests: 0.08 ms), not a scan of the venue's guests.
extension Migration {
    static let v10PacingAndMerge = Migration(version: 10, name: "pacing and guest merge", sql: #"""
ALTER TABLE restaurants ADD COLUMN pacing_covers int CHECK (pacing_covers BETWEEN 1 AND 1000);
CREATE INDEX customers_email_folded ON customers (restaurant_id, lower(email));
CREATE INDEX customers_name_folded_eq ON customers (restaurant_id, name_folded) WHERE NOT anonymous;

CREATE OR REPLACE FUNCTION customer_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    dv int := 0; dc int := 0; dn int := 0;
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.customer_id <> NEW.customer_id THEN
        IF coalesce(current_setting('reservaflow.merging_guests', true), '') <> 'on' THEN
            RAISE EXCEPTION 'a reservation cannot change guest; cancel it and book again';
        END IF;
        -- A merge: the old guest loses the old status's counts, the new guest gains the new status's.
        UPDATE customers c SET visits = c.visits - (OLD.status IN ('seated', 'completed'))::int,
               cancellations = c.cancellations - (OLD.status = 'cancelled')::int,
               no_shows = c.no_shows - (OLD.status = 'no_show')::int
         WHERE c.restaurant_id = OLD.restaurant_id AND c.id = OLD.customer_id;
        dv := (NEW.status IN ('seated', 'completed'))::int;
        dc := (NEW.status = 'cancelled')::int;
        dn := (NEW.status = 'no_show')::int;
    ELSE
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            dv := dv - (OLD.status IN ('seated', 'completed'))::int;
            dc := dc - (OLD.status = 'cancelled')::int;
            dn := dn - (OLD.status = 'no_show')::int;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            dv := dv + (NEW.status IN ('seated', 'completed'))::int;
            dc := dc + (NEW.status = 'cancelled')::int;
            dn := dn + (NEW.status = 'no_show')::int;
        END IF;
    END IF;
    IF dv <> 0 OR dc <> 0 OR dn <> 0 THEN
        UPDATE customers c SET visits = c.visits + dv, cancellations = c.cancellations + dc, no_shows = c.no_shows + dn,
               last_visit_at = CASE WHEN dv > 0 THEN greatest(c.last_visit_at, coalesce(NEW.seated_at, NEW.starts_at)) ELSE c.last_visit_at END
         WHERE c.restaurant_id = coalesce(NEW.restaurant_id, OLD.restaurant_id)
           AND c.id = coalesce(NEW.customer_id, OLD.customer_id);
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER reservations_customer_counts ON reservations;
CREATE TRIGGER reservations_customer_counts AFTER INSERT OR UPDATE OF status, customer_id OR DELETE ON reservations
    FOR EACH ROW EXECUTE FUNCTION customer_counts();
"""#)
}
