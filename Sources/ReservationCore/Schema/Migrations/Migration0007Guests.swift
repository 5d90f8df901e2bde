import ReservationDomain
// Migration 7: guests found the way hosts type them, and anonymous walk-ins that are not guests (issue 8).
//
// Number 6 is the REST API's migration, from another branch. `migrate` applies every version not yet
// recorded, in order, so a database that took 7 before 6 was merged still gets 6.
//
// - One placeholder row per venue stands for every walk-in who gave no name: a reservation needs a guest
//   (the foreign key, the counters and every reader rely on it), but an anonymous party is not a guest
//   record: it is never found by search, and there is one per venue, not one per seating. (Rows named
//   "Walk-in" made per seating before this migration are left as they are: their history is theirs.)
// - `guest_fold(text)`: lower case without accents, immutable so a stored column can use it; search goes
//   through `name_folded` ("alvaro" finds "Álvaro"), with a trigram index for the "contains" searches.
//   unaccent's own function is only STABLE (its dictionary could change), hence the wrapper naming the
//   dictionary and schema explicitly, so the index never depends on a session's search_path.
extension Migration {
    static let v7Guests = Migration(version: 7, name: "guests", sql: #"""
ALTER TABLE customers ADD COLUMN anonymous boolean NOT NULL DEFAULT false;
ALTER TABLE customers ADD CONSTRAINT customers_anonymous_has_no_contact
    CHECK (NOT anonymous OR (phone IS NULL AND email IS NULL));
CREATE UNIQUE INDEX customers_one_anonymous ON customers (restaurant_id) WHERE anonymous;

CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
CREATE FUNCTION guest_fold(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;
-- Stored, not computed per query: a search that has to look at every guest of a venue (a phone
-- fragment, or a common name) would otherwise call unaccent once per row (measured: 222 ms instead of
-- 70 ms for a phone fragment among 100,000 guests).
ALTER TABLE customers ADD COLUMN name_folded text GENERATED ALWAYS AS (guest_fold(name)) STORED;
CREATE INDEX customers_name_folded ON customers USING gin (name_folded public.gin_trgm_ops) WHERE NOT anonymous;
"""#)
}
