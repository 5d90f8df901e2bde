import ReservationDomain
// Migration 12: guest search stays fast between vacuums (issue 11).
//
// A GIN index normally queues new entries in a "pending list" that every search reads whole until vacuum
// (or a full list) merges it. Measured on the full benchmark data (1,004,000 guests): after 20,000 new
// guests, "garc" took 4.7-8.2 ms at every venue, even at venues with no new guest, against 1.1-1.5 ms with
// the list merged. With `fastupdate = off` a new guest's entries go straight into the index: a guest insert
// costs about 0.12 ms more (20,000 inserts: 0.9 s before, 3.3 s after), and a search never pays for other
// venues' new guests. Guests are added far less often than hosts search for them.
//
// This also corrects migration 11's account of its slower phone search: the 7 ms there was measured on a
// freshly loaded table, pending list and all, before autovacuum had run; on the same data vacuumed, phone
// search takes 0.4/1.0 ms (p50/p99) and name search 1.2/3.3 ms (docs/benchmarks.md).
extension Migration {
    static let v12GuestSearchSteady = Migration(version: 12, name: "guest search indexes without a pending list", sql: #"""
SELECT gin_clean_pending_list('customers_name_trgm_venue'), gin_clean_pending_list('customers_phone_trgm_venue');
ALTER INDEX customers_name_trgm_venue SET (fastupdate = off);
ALTER INDEX customers_phone_trgm_venue SET (fastupdate = off);
"""#)
}
