import Foundation
import ReservationDomain

extension ReservationBook {
    /// The venue as a floor file: what `floor import` would need to make it as it is now (issue 21). Every
    /// rule is written out, defaults included, so the file says what the venue does; tables out of service
    /// are kept with `active = false` (a re-import would otherwise leave them out, which takes them out of
    /// service anyway, but loses where they stand).
    public func floorFile(slug: String, actor: Actor) throws(ReservationError) -> FloorFile {
        try require(actor, .manageFloor)
        let r = try restaurant(slug: slug)
        try requireVenue(actor, r.id)
        let rows = try read { () throws -> (turns: [FloorFile.Turn], hours: [ExportedHours], closures: [FloorFile.ClosureDays]) in
            let turns = try db.query(VenueSQL.turnTimes, [r.id]).map { FloorFile.Turn(up_to_party: try $0.int("up_to_party"), minutes: try $0.int("minutes")) }
            let hours = try db.query("""
                SELECT weekday, service, to_char(opens, 'HH24:MI') AS opens, to_char(closes, 'HH24:MI') AS closes
                FROM opening_hours WHERE restaurant_id = $1 ORDER BY opens, service, weekday
                """, [r.id]).map { ExportedHours(weekday: try $0.int("weekday"), service: try $0.string("service"),
                                                 opens: try $0.string("opens"), closes: try $0.string("closes")) }
            let closures = try db.query("""
                SELECT starts_on::text AS f, ends_on::text AS t, reason FROM closures WHERE restaurant_id = $1 ORDER BY starts_on
                """, [r.id]).map { row throws in
                let from = try row.string("f"), to = try row.string("t"), reason = try row.string("reason")
                return FloorFile.ClosureDays(from: from, to: to == from ? nil : to, reason: reason.isEmpty ? nil : reason)
            }
            return (turns, hours, closures)
        }
        let tables = try tables(restaurantID: r.id)
        let areas = try areas(restaurantID: r.id).map { area in
            FloorFile.AreaSpec(name: area.name, tables: tables.filter { $0.areaID == area.id }.map(FloorFile.Table.init))
        }
        let combinations = try combinations(restaurantID: r.id).map {
            FloorFile.Combination(tables: $0.labels, min: $0.minCovers, max: $0.maxCovers)
        }
        return FloorFile(restaurant: FloorFile.Venue(r), turn_times: rows.turns.isEmpty ? nil : rows.turns,
                         hours: ExportedHours.grouped(rows.hours), closures: rows.closures.isEmpty ? nil : rows.closures,
                         areas: areas, combinations: combinations.isEmpty ? nil : combinations)
    }
}

/// One row of opening hours; the file lists each service once with its days.
struct ExportedHours {
    var weekday: Int
    var service: String
    var opens: String
    var closes: String

    /// Services with the same name and times become one entry, its days in week order.
    static func grouped(_ rows: [ExportedHours]) -> [FloorFile.Hours] {
        var order: [String] = []
        var groups: [String: FloorFile.Hours] = [:]
        let names = Dictionary(uniqueKeysWithValues: FloorFile.weekdays.map { ($0.value, $0.key) })
        for row in rows {
            let key = "\(row.opens)|\(row.closes)|\(row.service)"
            if groups[key] == nil {
                order.append(key)
                groups[key] = FloorFile.Hours(days: [], service: row.service, opens: row.opens, closes: row.closes)
            }
            groups[key]?.days.append(names[row.weekday] ?? "mon")
        }
        return order.compactMap { groups[$0] }
    }
}

extension FloorFile.Venue {
    init(_ r: Restaurant) {
        self.init(slug: r.slug, name: r.name, time_zone: r.timeZone, phone: r.phone, email: r.email, address: r.address,
                  description: r.description, phone_country_code: r.phoneCountryCode, hold_minutes: r.rules.holdMinutes,
                  advance_days: r.rules.advanceDays, min_party: r.rules.minParty, max_party: r.rules.maxParty,
                  reminder_hours: r.rules.reminderHours, accepts_walk_ins: r.rules.acceptsWalkIns, pacing_covers: r.rules.pacingCovers)
    }
}

extension FloorFile.Table {
    init(_ t: DiningTable) {
        self.init(label: t.label, min: t.minCovers, max: t.maxCovers, x: t.x, y: t.y, w: t.width, h: t.height, shape: t.shape.rawValue,
                  features: t.features.map(\.rawValue).sorted(), active: t.active ? nil : false)
    }
}
