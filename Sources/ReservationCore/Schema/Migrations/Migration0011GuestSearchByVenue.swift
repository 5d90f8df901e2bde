import ReservationDomain
// Migration 11: guest search that stays fast with a million guests (issue 11; 8 is another branch's).
//
// The full-size benchmark (100 venues, 1,004,319 guests) found "garc" in 20 ms at p50 and 59 ms at p99,
// over the 5 ms aim. Two causes, measured with EXPLAIN ANALYZE on that data:
// - migration 7's trigram index covers every venue's names, so "garc" first matched 33,000 guests of all
//   venues and then dropped all but the 333 of the venue asked about; and a phone fragment had no index
//   at all, so the OR with it made PostgreSQL read every guest of the venue instead.
// - in the prepared (generic) plan `guest_fold($2)` was evaluated once per row (unaccent for each of
//   10,000 guests): the query now folds the fragment once, in a sub-select (`Customers.swift`).
// `btree_gin` lets one GIN index lead with `restaurant_id`, so a search reads only the asking venue's
// entries. Re-measured on the full data: a name fragment 5.1/7.6 ms p50/p99 (was 20/59). A phone fragment
// got slower, 7.2/10.0 ms (was 4.8/9.0): each condition reads the venue's whole posting list (10,000
// entries, about 5 ms). The generated data makes that worse, since every venue shares the same phone
// numbers. docs/benchmarks.md has the figures and what to try next. btree_gin is a PostgreSQL contrib
// extension marked trusted, like pg_trgm and unaccent, so the schema's owner may create it without a
// superuser.
extension Migration {
    static let v11GuestSearchByVenue = Migration(version: 11, name: "guest search by venue", sql: #"""
CREATE EXTENSION IF NOT EXISTS btree_gin SCHEMA public;
CREATE INDEX customers_name_trgm_venue ON customers USING gin (restaurant_id, name_folded public.gin_trgm_ops) WHERE NOT anonymous;
CREATE INDEX customers_phone_trgm_venue ON customers USING gin (restaurant_id, phone public.gin_trgm_ops) WHERE NOT anonymous;
DROP INDEX customers_name_folded;
"""#)
}
