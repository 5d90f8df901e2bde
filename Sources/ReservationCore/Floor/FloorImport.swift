import Foundation
import ReservationDomain

extension ReservationBook {
    /// Creates or updates a venue from a floor file, all in one transaction. Tables missing from the file
    /// are taken out of service, never deleted: past and future reservations still point at them.
    @discardableResult
    public func importFloor(_ file: FloorFile, actor: Actor, action: AuditAction = .floorImport) throws(ReservationError) -> Restaurant {
        guard let r = try importFloor(file, actor: actor, action: action, ifVersion: nil) else { throw .internalError("the floor import was skipped") }
        return r
    }

    /// `ifVersion`: imported only while the venue's `book_version` (its rules and floor, migration 2) is still
    /// that one, read under the venue's lock; nil (nothing written) when it moved on. `changeVenue` edits a
    /// file exported at that version, so a change committed in between is never overwritten by a stale file.
    func importFloor(_ file: FloorFile, actor: Actor, action: AuditAction, ifVersion: Int64?) throws(ReservationError) -> Restaurant? {
        try require(actor, .manageFloor)
        try file.validate()
        let v = file.restaurant, rules = v.rules
        let existing = try restaurantIfPresent(slug: v.slug)
        if let existing { try requireVenue(actor, existing.id) } else { try require(actor, .manageRestaurants) }
        let imported: RestaurantID? = try write { () throws -> RestaurantID? in
            try declare(actor, restaurant: existing?.id, action: action)
            // Bookings lock a table, then (through the book_version trigger) the venue row. Taking the
            // venue's tables first, in id order, keeps the same order and so never deadlocks with them.
            if let existing {
                try db.query("SELECT id FROM dining_tables WHERE restaurant_id = $1 ORDER BY id FOR NO KEY UPDATE", [existing.id])
                if let ifVersion {
                    let now = try db.queryOne("SELECT book_version FROM restaurants WHERE id = $1 FOR NO KEY UPDATE", [existing.id])?.int64("book_version")
                    guard now == ifVersion else { return nil }
                }
            }
            let id = try inserted("the venue", """
                INSERT INTO restaurants (slug, name, time_zone, phone, email, address, description, phone_country_code,
                    hold_minutes, advance_days, min_party, max_party, reminder_hours, accepts_walk_ins, pacing_covers)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::int, $10::int, $11::int, $12::int, $13::int, $14::boolean, $15::int)
                ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name, time_zone = EXCLUDED.time_zone, phone = EXCLUDED.phone,
                    email = EXCLUDED.email, address = EXCLUDED.address, description = EXCLUDED.description,
                    phone_country_code = EXCLUDED.phone_country_code, hold_minutes = EXCLUDED.hold_minutes,
                    advance_days = EXCLUDED.advance_days, min_party = EXCLUDED.min_party, max_party = EXCLUDED.max_party,
                    reminder_hours = EXCLUDED.reminder_hours, accepts_walk_ins = EXCLUDED.accepts_walk_ins,
                    pacing_covers = EXCLUDED.pacing_covers
                RETURNING id
                """, [v.slug, TextSanitizer.clean(v.name), v.time_zone, nonBlank(v.phone).map(TextSanitizer.clean),
                      nonBlank(v.email).flatMap { try? EmailAddress.validate($0).get() },
                      v.address.map(TextSanitizer.clean), v.description.map(TextSanitizer.clean), v.countryCode,
                      rules.holdMinutes, rules.advanceDays, rules.minParty, rules.maxParty, rules.reminderHours, rules.acceptsWalkIns,
                      rules.pacingCovers]).int64("id")
            // Hours, closures and turn times become the file's. Rows the file keeps as they are stay untouched,
            // so re-importing an exported file changes nothing (and the audit log records no change).
            let turns = file.turn_times ?? []
            try db.query("DELETE FROM turn_times WHERE restaurant_id = $1 AND NOT (up_to_party = ANY($2::int[]))",
                         [id, turns.map { String($0.up_to_party) }])
            for t in turns {
                try db.query("""
                    INSERT INTO turn_times (restaurant_id, up_to_party, minutes) VALUES ($1, $2, $3)
                    ON CONFLICT (restaurant_id, up_to_party) DO UPDATE SET minutes = EXCLUDED.minutes
                    WHERE turn_times.minutes IS DISTINCT FROM EXCLUDED.minutes
                    """, [id, t.up_to_party, t.minutes])
            }
            let hours = file.hours.flatMap { h in h.days.map { (day: FloorFile.weekdays[$0.lowercased()]!, h: h) } }
            try db.query("""
                DELETE FROM opening_hours WHERE restaurant_id = $1
                AND (weekday, opens) NOT IN (SELECT d, o::time FROM unnest($2::int[], $3::text[]) AS f(d, o))
                """, [id, hours.map { String($0.day) }, hours.map(\.h.opens)])
            for (day, h) in hours {
                try db.query("""
                    INSERT INTO opening_hours (restaurant_id, weekday, service, opens, closes) VALUES ($1, $2, $3, $4::time, $5::time)
                    ON CONFLICT (restaurant_id, weekday, opens) DO UPDATE SET service = EXCLUDED.service, closes = EXCLUDED.closes
                    WHERE (opening_hours.service, opening_hours.closes) IS DISTINCT FROM (EXCLUDED.service, EXCLUDED.closes)
                    """, [id, day, TextSanitizer.clean(h.service), h.opens, h.closes])
            }
            let closures = file.closures ?? []
            try db.query("DELETE FROM closures WHERE restaurant_id = $1 AND NOT (starts_on = ANY($2::date[]))", [id, closures.map(\.from)])
            for c in closures {
                try db.query("""
                    INSERT INTO closures (restaurant_id, starts_on, ends_on, reason) VALUES ($1, $2::date, $3::date, $4)
                    ON CONFLICT (restaurant_id, starts_on) DO UPDATE SET ends_on = EXCLUDED.ends_on, reason = EXCLUDED.reason
                    WHERE (closures.ends_on, closures.reason) IS DISTINCT FROM (EXCLUDED.ends_on, EXCLUDED.reason)
                    """, [id, c.from, c.to ?? c.from, TextSanitizer.clean(c.reason ?? "")])
            }
            var kept: [String] = []
            for (order, a) in file.areas.enumerated() {
                let areaID = try inserted("area \(TextSanitizer.excerpt(a.name))", """
                    INSERT INTO areas (restaurant_id, name, sort_order) VALUES ($1, $2, $3)
                    ON CONFLICT (restaurant_id, name) DO UPDATE SET sort_order = EXCLUDED.sort_order RETURNING id
                    """, [id, TextSanitizer.clean(a.name), order]).int64("id")
                for t in a.tables {
                    try db.query("""
                        INSERT INTO dining_tables (restaurant_id, area_id, label, min_covers, max_covers, x, y, width, height, shape, features, active)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text[], $12)
                        ON CONFLICT (restaurant_id, label) DO UPDATE SET area_id = EXCLUDED.area_id, min_covers = EXCLUDED.min_covers,
                            max_covers = EXCLUDED.max_covers, x = EXCLUDED.x, y = EXCLUDED.y, width = EXCLUDED.width,
                            height = EXCLUDED.height, shape = EXCLUDED.shape, features = EXCLUDED.features, active = EXCLUDED.active
                        """, [id, areaID, t.label, t.min ?? 1, t.max, t.x, t.y, t.w ?? FloorFile.defaultWidth, t.h ?? FloorFile.defaultHeight, t.shape ?? "rect",
                              (t.features ?? []).sorted(), t.active ?? true])
                    kept.append(t.label)
                }
            }
            try db.query("UPDATE dining_tables SET active = false WHERE restaurant_id = $1 AND NOT (label = ANY($2::text[]))", [id, kept])
            // Replaced by the file's, as hours are: bookings name their tables, not the combination. One the
            // file keeps as it is (the same tables in the same order, the same covers) is left alone.
            let combinations = file.resolvedCombinations
            let existing = try db.query(VenueSQL.combinations, [id]).map { try $0.tableCombination }
            let unchanged = existing.filter { e in combinations.contains { $0.labels == e.labels && $0.min == e.minCovers && $0.max == e.maxCovers } }
            try db.query("DELETE FROM table_combinations WHERE restaurant_id = $1 AND NOT (id = ANY($2::bigint[]))",
                         [id, unchanged.map { String($0.id) }])
            for c in combinations where !unchanged.contains(where: { $0.labels == c.labels && $0.minCovers == c.min && $0.maxCovers == c.max }) {
                let combo = try inserted("combination \(c.labels.joined(separator: "+"))", """
                    INSERT INTO table_combinations (restaurant_id, min_covers, max_covers) VALUES ($1, $2, $3) RETURNING id
                    """, [id, c.min, c.max]).int64("id")
                try db.query("""
                    INSERT INTO table_combination_members (restaurant_id, combination_id, table_id, position)
                    SELECT $1, $2, t.id, m.n - 1 FROM unnest($3::text[]) WITH ORDINALITY AS m(label, n)
                    JOIN dining_tables t ON t.restaurant_id = $1 AND t.label = m.label
                    """, [id, combo, c.labels])
            }
            // A whole file is an event of its own; a venue edit is the rows it changed, audited as such.
            if action == .floorImport {
                try auditEvent(actor, restaurant: id, action: .floorImport, entity: .restaurant, id: String(id),
                               after: AuditNote.FloorImported(tables: kept.count, areas: file.areas.count, combinations: combinations.count))
            }
            return id
        }
        guard let imported else { return nil }
        return try restaurant(id: imported)
    }
}

private func nonBlank(_ s: String?) -> String? {
    guard let s, !s.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
    return s
}
