import Foundation
import ReservationDomain
import ReservationNative

/// What a booking holds: one table, or the tables of a combination (`TableCombination`). The first table
/// is the booking's `table_id`; the others go to `joined_table_ids`, and migration 8's trigger claims each
/// in `reservation_tables` under the no-overlap fence.
struct Seat {
    /// The primary table first.
    let tables: [DiningTable]
    /// "T4" or "T1+T2": the name every message uses.
    let label: String

    init(_ table: DiningTable) {
        tables = [table]
        label = table.label
    }

    init(_ combination: TableCombination, members: [DiningTable]) {
        tables = members
        label = combination.label
    }

    var primary: DiningTable { tables[0] }
    var joinedIDs: [TableID] { tables.dropFirst().map(\.id) }
    /// The order every write locks tables in (by id), so two bookings sharing a table never deadlock.
    var lockOrder: [DiningTable] { tables.sorted { $0.id < $1.id } }
    var isCombination: Bool { tables.count > 1 }
}

extension ReservationBook {
    /// The seat a host named: a table ("T4") or a combination ("T1+T2", members in any order), checked
    /// to be in service and to take the party.
    func seat(named text: String, in venue: VenueSnapshot, party: Int) throws(ReservationError) -> Seat {
        if let t = venue.byLabel[text.lowercased()] {
            try checkTableFits(t, party: party)
            return Seat(t)
        }
        guard text.contains("+"), let c = venue.combination(named: text) else {
            let hint = text.contains("+") ? " Combinations here: \(venue.combinations.map(\.label).joined(separator: ", "))." : ""
            throw .invalid(field: "table", message: "There is no table \"\(TextSanitizer.clean(text))\" here.\(venue.combinations.isEmpty ? "" : hint)")
        }
        let members = venue.members(c)
        if let out = members.first(where: { !$0.active }) {
            throw .invalid(field: "table", message: "\(c.label) cannot be joined: table \(out.label) is out of service.")
        }
        guard c.fits(party: party) else {
            throw .invalid(field: "table", message: "Tables \(c.label) joined seat \(c.minCovers)-\(c.maxCovers); a party of \(party) does not fit.")
        }
        return Seat(c, members: members)
    }

    /// The seat a stored booking holds (a move or undo that keeps its tables).
    func seat(of res: Reservation, in venue: VenueSnapshot) throws(ReservationError) -> Seat {
        let tables = res.tableIDs.compactMap { venue.byID[$0] }
        guard tables.count == res.tableIDs.count, let first = tables.first else {
            throw .internalError("the booking's tables are not on the floor")
        }
        guard tables.count > 1 else { return Seat(first) }
        let c = venue.combinations.first { Set($0.tableIDs) == Set(res.tableIDs) }
        return Seat(TableCombination(id: c?.id ?? 0, tableIDs: res.tableIDs, labels: tables.map(\.label),
                                     minCovers: c?.minCovers ?? 1, maxCovers: c?.maxCovers ?? tables.map(\.maxCovers).reduce(0, +)),
                    members: tables)
    }

    /// Free seats for `party` in `start..<end`, best fit first: single tables, and only when none is free,
    /// the combinations (fewest seats wasted).
    func freeSeats(_ venue: VenueSnapshot, party: Int, start: Date, end: Date) throws(ReservationError) -> [Seat] {
        let occ = try occupancy(restaurantID: venue.restaurant.id, from: start, to: end)
        let busy = Set(occ.filter { $0.overlaps(start, end) }.map(\.tableID))
        let singles = venue.bestFit(party: party).filter { !busy.contains($0.id) }  // AvailabilityEngine.freeTables, sorted once
        if !singles.isEmpty { return singles.map(Seat.init) }
        return venue.bestFitCombinations(party: party).filter { !$0.tableIDs.contains(where: busy.contains) }
            .map { Seat($0, members: venue.members($0)) }
    }

    /// Names the live reservation in the way of any table of `seat`, for "Table T1+T2 is taken 19:30-21:00
    /// by Garcia" (`reservation_tables` holds every table a booking holds).
    func conflict(_ r: Restaurant, seat: Seat, start: Date, end: Date, excluding: UUID?) throws(ReservationError) -> ReservationError {
        for table in seat.tables {
            let inTheWay = try read {
                try db.queryOne("""
                    SELECT c.name, extract(epoch FROM x.starts_at) AS s, extract(epoch FROM x.ends_at) AS e
                    FROM reservation_tables rt
                    JOIN reservations x ON x.restaurant_id = rt.restaurant_id AND x.id = rt.reservation_id
                    JOIN customers c ON c.restaurant_id = x.restaurant_id AND c.id = x.customer_id
                    WHERE rt.restaurant_id = $1 AND rt.table_id = $2
                      AND rt.period && tstzrange(to_timestamp($3::float8), to_timestamp($4::float8), '[)')
                      AND ($5::uuid IS NULL OR x.id <> $5::uuid)
                    ORDER BY x.starts_at LIMIT 1
                    """, [r.id, table.id, start, end, excluding]).map { (guest: try $0.string("name"), start: try $0.date("s"), end: try $0.date("e")) }
            }
            if let inTheWay {
                return .tableTaken(table: seat.label, from: r.clock.hhmm(inTheWay.start), to: r.clock.hhmm(inTheWay.end), guest: inTheWay.guest)
            }
        }
        for table in seat.tables {
            // No planned range in the way: a party still seated past its turn is (`SeatedOverrun`).
            let st = seatedInTheWayStatement(restaurantID: r.id, tableID: table.id, start: start, end: end, excluding: excluding)
            if let seated = try read({ try db.queryOne(st.sql, st.params).map { try stillSeated(seat.label, $0) } }) { return seated }
        }
        return .tableTaken(table: seat.label, from: r.clock.hhmm(start), to: r.clock.hhmm(end), guest: "another booking")
    }
}
