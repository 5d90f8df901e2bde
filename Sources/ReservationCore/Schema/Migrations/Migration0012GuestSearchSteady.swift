import ReservationDomain
// Migration 12: guest search stays fast between vacuums (issue 11).
//
// A GIN index normally queues new entries in a "pending list" that every search reads whole until vacuum
// (or a full list) merges it. Measured on the full benchmark data (1,004,000 guests): after 20,000 new
// guests, "garc" took 4.7-8.2 ms at every venue, even at venues with no new guest, against 1.1-1.5 ms with
// the list merged. With `fastupdate = off` a new guest's entries go straight into the index, and a search
// never pays for other venues' new guests. A new guest costs more: one durable insert a transaction
// (pgbench, one client, same data) averaged 0.89 ms (p99 1.5 ms, max 9 ms) against 0.57-0.61 ms with the
// pending list. A small list (gin_pending_list_limit 128 kB) kept the average at 0.51 ms but merged itself
// inside some unlucky guest's booking (p99.9 14.6 ms, max 51 ms), and every search still reads it.
// Guests are added far less often than hosts search for them, and 0.3 ms is nothing beside the call
// that brings a new one.
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
