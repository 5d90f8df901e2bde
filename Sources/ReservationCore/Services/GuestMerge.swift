import Foundation
import ReservationDomain
import ReservationNative

extension ReservationBook {
    /// Likely duplicate guests at the venue (`GuestDuplicates`), each pair once, by name. The database finds
    /// candidates (same folded name, or same e-mail: two equality joins, so hash joins, never a pairwise
    /// scan); the domain's rule decides which are likely.
    public func guestDuplicates(restaurantID: RestaurantID, limit: Int = 500) throws(ReservationError) -> [GuestDuplicate] {
        let pairs = try read {
            try db.query("""
                SELECT a.id AS a, b.id AS b FROM customers a
                JOIN customers b ON b.restaurant_id = a.restaurant_id AND b.name_folded = a.name_folded AND b.id > a.id
                WHERE a.restaurant_id = $1 AND NOT a.anonymous AND NOT b.anonymous AND a.phone IS NOT NULL AND b.phone IS NOT NULL
                UNION
                SELECT a.id, b.id FROM customers a
                JOIN customers b ON b.restaurant_id = a.restaurant_id AND lower(b.email) = lower(a.email) AND b.id > a.id
                WHERE a.restaurant_id = $1 AND a.email IS NOT NULL AND NOT a.anonymous AND NOT b.anonymous
                LIMIT 5000
                """, [restaurantID]).map { (try $0.int64("a"), try $0.int64("b")) }
        }
        guard !pairs.isEmpty else { return [] }
        let ids = Set(pairs.flatMap { [$0.0, $0.1] }).sorted().map(String.init)
        let guests = try read {
            try db.query("SELECT \(Columns.customer) FROM customers c WHERE c.restaurant_id = $1 AND c.id = ANY($2::bigint[])",
                         [restaurantID, ids]).map { try $0.customer }
        }
        let byID = Dictionary(uniqueKeysWithValues: guests.map { ($0.id, $0) })
        let found = pairs.compactMap { a, b -> GuestDuplicate? in
            guard let ga = byID[a], let gb = byID[b], let why = GuestDuplicates.reason(ga, gb) else { return nil }
            return GuestDuplicate(guest: ga, other: gb, reason: why)
        }
        return Array(found.sorted { ($0.guest.name, $0.guest.id, $0.other.id) < ($1.guest.name, $1.guest.id, $1.other.id) }.prefix(limit))
    }

    /// The likely duplicates of one guest (the guest pane's "possible duplicate of …"), off the folded-name and
    /// e-mail indexes of migration 10.
    public func guestDuplicates(of customerID: CustomerID) throws(ReservationError) -> [GuestDuplicate] {
        let g = try customer(id: customerID)
        guard !g.anonymous else { return [] }
        let others = try read {
            try db.query("""
                SELECT \(Columns.customer) FROM customers c
                WHERE c.restaurant_id = $1 AND c.id <> $2 AND NOT c.anonymous
                  AND (c.name_folded = guest_fold($3) OR ($4::text IS NOT NULL AND lower(c.email) = lower($4::text)))
                ORDER BY c.visits DESC, c.id LIMIT 20
                """, [g.restaurantID, g.id, g.name, g.email]).map { try $0.customer }
        }
        return others.compactMap { o in GuestDuplicates.reason(g, o).map { GuestDuplicate(guest: g, other: o, reason: $0) } }
    }

    /// Merges guest `drop` into guest `keep`, in one transaction: `drop`'s reservations, waitlist entries and
    /// online-account link move to `keep`; `keep`'s fields stay, blanks filled from `drop` (allergies are
    /// joined when both have some: a merge never loses one); the visit counters follow the moved bookings
    /// (the trigger of migration 10), plus what `drop` had counted without a booking here (imported history);
    /// `drop` is deleted. Audited as `merge_guests` with both records before and what moved. A manager's act.
    public func mergeGuests(restaurantID: RestaurantID, keep: CustomerID, drop: CustomerID, actor: Actor) throws(ReservationError) -> GuestMerge {
        try require(actor, .mergeGuests, at: restaurantID)
        guard keep != drop else {
            throw .invalid(field: "guest", message: "Guest \(keep) cannot be merged into itself; give the guest to keep and the duplicate to drop.")
        }
        let merged: (GuestMerge?, ReservationError?) = try write { () throws -> (GuestMerge?, ReservationError?) in
            try declare(actor, restaurant: restaurantID, action: .mergeGuests)
            // Both rows locked, in id order: two merges of the same pair queue instead of deadlocking.
            let rows = try db.query("""
                SELECT \(Columns.customer), c.account_id AS c_account_id, (to_jsonb(c) - 'name_folded')::text AS c_json
                FROM customers c WHERE c.restaurant_id = $1 AND c.id IN ($2, $3) ORDER BY c.id FOR UPDATE
                """, [restaurantID, keep, drop])
            var byID: [CustomerID: (Customer, Int64?, String)] = [:]
            for row in rows { byID[try row.int64("c_id")] = (try row.customer, try row.optionalInt64("c_account_id"), try row.string("c_json")) }
            guard let k = byID[keep] else { return (nil, .notFound(.guest, id: String(keep), at: "this venue")) }
            guard let d = byID[drop] else { return (nil, .notFound(.guest, id: String(drop), at: "this venue")) }
            if k.0.anonymous || d.0.anonymous {
                return (nil, .invalid(field: "guest", message: "The walk-in placeholder is not a guest and cannot be merged."))
            }
            if k.1 != nil, d.1 != nil {
                return (nil, .invalid(field: "guest", message: "Both guests have an online account; a guest record can be linked to one. Merge is not possible."))
            }
            // What the kept guest will hold.
            var filled: [String] = []
            let phone = k.0.phone.isEmpty ? d.0.phone : k.0.phone
            if k.0.phone.isEmpty, !d.0.phone.isEmpty { filled.append("phone") }
            let email = k.0.email ?? d.0.email
            if k.0.email == nil, d.0.email != nil { filled.append("email") }
            let notes = k.0.notes.isEmpty ? d.0.notes : k.0.notes
            if k.0.notes.isEmpty, !d.0.notes.isEmpty { filled.append("notes") }
            var allergies = k.0.allergies
            if k.0.allergies.isEmpty, !d.0.allergies.isEmpty {
                allergies = d.0.allergies
                filled.append("allergies")
            } else if !d.0.allergies.isEmpty, GuestDuplicates.fold(d.0.allergies) != GuestDuplicates.fold(k.0.allergies) {
                allergies = k.0.allergies + "; " + d.0.allergies
                guard allergies.count <= 300 else {
                    return (nil, .invalid(field: "allergies", message: "Both guests have allergies recorded and together they are longer than 300 characters; shorten one guest's allergies, then merge."))
                }
                filled.append("allergies")
            }
            let tags = k.0.tags + d.0.tags.filter { t in !k.0.tags.contains { $0.lowercased() == t.lowercased() } }
            if tags.count > k.0.tags.count { filled.append("tags") }
            let accountMoved = k.1 == nil && d.1 != nil

            try db.query("SELECT set_config('reservaflow.merging_guests', 'on', true)")
            let moved = try db.query("UPDATE reservations SET customer_id = $3 WHERE restaurant_id = $1 AND customer_id = $2 RETURNING id",
                                     [restaurantID, drop, keep]).map { try $0.uuid("id") }
            let waits = try db.query("UPDATE waitlist SET customer_id = $3 WHERE restaurant_id = $1 AND customer_id = $2 RETURNING id",
                                     [restaurantID, drop, keep]).map { try $0.int64("id") }
            // What is left on the dropped guest's counters is history without a booking here (imported): kept too.
            let rest = try db.queryOne("""
                DELETE FROM customers WHERE restaurant_id = $1 AND id = $2
                RETURNING visits, cancellations, no_shows, extract(epoch FROM last_visit_at) AS last_visit_at
                """, [restaurantID, drop])
            guard let rest else { throw ReservationError.internalError("the dropped guest was not deleted") }
            let after = try db.queryOne("""
                UPDATE customers SET phone = $3, email = $4, notes = $5, allergies = $6, tags = $7::text[],
                       account_id = coalesce(account_id, $8::bigint),
                       visits = visits + $9, cancellations = cancellations + $10, no_shows = no_shows + $11,
                       last_visit_at = greatest(last_visit_at, to_timestamp($12::float8))
                WHERE restaurant_id = $1 AND id = $2
                RETURNING (to_jsonb(customers) - 'name_folded')::text AS json
                """, [restaurantID, keep, phone.isEmpty ? nil : phone, email, notes, allergies, tags, d.1,
                      try rest.int("visits"), try rest.int("cancellations"), try rest.int("no_shows"), try rest.optionalDate("last_visit_at")])
            guard let after else { throw ReservationError.internalError("the kept guest was not updated") }
            try auditEvent(actor, restaurant: restaurantID, action: .mergeGuests, entity: .customer, id: String(keep),
                      before: AuditNote.GuestsBeforeMerge(keep: try AuditNote.row(k.2), drop: try AuditNote.row(d.2)),
                      after: AuditNote.GuestsMerged(kept: keep, dropped: drop, reservations: moved.map(\.lowercasedString), waitlist: waits,
                                                    account_moved: accountMoved, filled: filled, guest: try AuditNote.row(try after.string("json"))))
            let guest = try db.queryOne("SELECT \(Columns.customer) FROM customers c WHERE c.restaurant_id = $1 AND c.id = $2", [restaurantID, keep])
            guard let guest else { throw ReservationError.internalError("the kept guest could not be read back") }
            return (GuestMerge(kept: keep, dropped: drop, reservations: moved.count, waitlist: waits.count, accountMoved: accountMoved,
                               filled: filled, guest: try guest.customer), nil)
        }
        if let error = merged.1 { throw error }
        guard let result = merged.0 else { throw .internalError("the merge gave no answer") }
        return result
    }
}
