import ReservationDomain
// Migration 23: allergen flags on a guest (issue 21). Besides the free text ("allergies"), a host marks any of
// the fourteen allergens an EU restaurant must declare (Regulation 1169/2011, Annex II; `Allergen`). They are
// tags `allergen:<name>`, so a merge, an erasure, the audit log and the change feed carry them as they carry
// tags; the database refuses a flag it does not know, from any program's role, raw SQL included.
extension Migration {
    static let v23AllergenFlags = Migration(version: 23, name: "allergen flags", sql: #"""
CREATE FUNCTION reservaflow_allergen_flags_known(tags text[]) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(bool_and(lower(substr(t, 10)) = ANY (ARRAY['gluten', 'crustaceans', 'eggs', 'fish', 'peanuts', 'soy', 'milk',
                                                               'nuts', 'celery', 'mustard', 'sesame', 'sulphites', 'lupin', 'molluscs'])), true)
    FROM unnest(tags) AS t WHERE lower(t) LIKE 'allergen:%'
$$;
ALTER TABLE customers ADD CONSTRAINT customers_allergen_flags_known CHECK (reservaflow_allergen_flags_known(tags));
"""#)
}
