import ReservationDomain
// Migration 14: the venue's guest list in name order from an index (issue 11).
//
// The REST API's staff list (`customers(restaurantID:limit:)`, ORDER BY name, id) sorted every guest of the
// venue for each page: 16 ms for the first 50 of 10,000 guests on the full benchmark data. Migration 1's
// `customers_name_search` (restaurant_id, lower(name)) served an old prefix search that guest search
// replaced (migrations 7 and 11) and no query orders by it, so it is replaced rather than joined: a new
// guest still writes the same number of index entries.
extension Migration {
    static let v14GuestListByName = Migration(version: 14, name: "guest list by name", sql: #"""
DROP INDEX customers_name_search;
CREATE INDEX customers_by_name ON customers (restaurant_id, name, id) WHERE NOT anonymous;
"""#)
}
