import Foundation
import ReservationDomain
import ReservationNative

/// A venue's rules, hours and floor as this book last read them, with the `restaurants.book_version` they
/// were read at. Every change to them bumps that version (migrations 2 and 3: the venue's own row, its turn
/// times, hours, closures and tables; areas only order tables, which nothing here depends on; and the combinations, migration 8).
///
/// Booking and availability used to read all of it (five queries) on every call. Now:
/// - availability reads the version with its first query anyway, and uses a snapshot only at that version;
/// - a booking validates against the snapshot it holds, then reads the version inside its transaction, in
///   the same round trip that locks the table: a different version rolls back and books again on a fresh
///   read. A refusal decided on a held snapshot (closed, outside hours, no such table, nothing free) is
///   decided again on a fresh read before it is given.
/// So a snapshot never decides anything at a version other than its own, and costs no round trip.
struct VenueSnapshot {
    let version: Int64
    let restaurant: Restaurant
    let schedule: Schedule
    /// In `tables(restaurantID:)` order.
    let tables: [DiningTable]
    /// By lower-cased label.
    let byLabel: [String: DiningTable]
    let byID: [TableID: DiningTable]
    /// The tables the venue lets be joined (`TableCombination`).
    let combinations: [TableCombination]
    /// Read from the database by the call using it (not held from an earlier one).
    var fresh: Bool
    /// Best-fit orders by party size, made on first use (the tables cannot change at this version).
    let fits = BestFitOrders()

    var clock: ZonedClock { schedule.clock }

    /// `AvailabilityEngine.bestFit(tables, party:)`, sorted once per party for this snapshot.
    func bestFit(party: Int) -> [DiningTable] {
        if let known = fits.byParty[party] { return known }
        let order = AvailabilityEngine.bestFit(tables, party: party)
        fits.byParty[party] = order
        return order
    }

    /// `AvailabilityEngine.bestFit(combinations, ...)`, sorted once per party for this snapshot.
    func bestFitCombinations(party: Int) -> [TableCombination] {
        if let known = fits.combinationsByParty[party] { return known }
        let order = AvailabilityEngine.bestFit(combinations, tables: tables, party: party)
        fits.combinationsByParty[party] = order
        return order
    }

    /// The combination `text` names ("T1+T2", any order, any case).
    func combination(named text: String) -> TableCombination? {
        combinations.first { $0.isNamed(text) }
    }

    /// Book entries for reservations at this venue, labelled from its tables, in the day sheet's order
    /// (start, then table label); nil when one names a table this snapshot does not have.
    func labelled(_ rows: [(Reservation, Customer)]) -> [BookEntry]? {
        var out: [BookEntry] = []
        out.reserveCapacity(rows.count)
        for (r, c) in rows {
            guard let table = byID[r.tableID] else { return nil }
            var joined: [String] = []
            for id in r.joinedTableIDs {
                guard let t = byID[id] else { return nil }
                joined.append(t.label)
            }
            out.append(BookEntry(reservation: r, customer: c, tableLabel: table.label, joinedLabels: joined))
        }
        return out.sorted { ($0.reservation.startsAt, $0.tableLabel) < ($1.reservation.startsAt, $1.tableLabel) }
    }

    /// A combination's member tables, in its order.
    func members(_ c: TableCombination) -> [DiningTable] { c.tableIDs.compactMap { byID[$0] } }
}

/// Owned by one snapshot, which belongs to one book (one thread): no locking needed.
final class BestFitOrders {
    var byParty: [Int: [DiningTable]] = [:]
    var combinationsByParty: [Int: [TableCombination]] = [:]
}

extension ReservationBook {
    /// The venue at `version` (nil: whatever this book holds, read if it holds nothing), read again when
    /// this book holds another version or `reload` is set. One round trip when read (pipelined).
    func venue(_ id: RestaurantID, version: Int64? = nil, reload: Bool = false) throws(ReservationError) -> VenueSnapshot {
        if !reload, var held = venueSnapshots[id], version == nil || held.version == version {
            held.fresh = false
            return held
        }
        return try venueSnapshot(id, from: try pipelined(VenueSnapshot.statements(id))[...])
    }

    /// A snapshot from the rows of `VenueSnapshot.statements` (in their order, first of the slice first),
    /// held from now on. Callers that read more in the same round trip (the day sheet) pass their share.
    func venueSnapshot(_ id: RestaurantID, from rows: ArraySlice<[PGRow]>) throws(ReservationError) -> VenueSnapshot {
        let rows = Array(rows)
        guard rows.count == VenueSnapshot.statements(id).count, let head = rows[0].first else { throw .notFound(.venue, id: String(id)) }
        let snapshot = try read {
            let restaurant = try VenueSQL.withTurnTimes(try head.restaurant, rows[1])
            let tables = try rows[4].map { try $0.diningTable }
            return VenueSnapshot(
                version: try head.int64("book_version"), restaurant: restaurant,
                schedule: try VenueSQL.schedule(restaurant, hours: rows[2], closures: rows[3], tableClosures: rows[6]), tables: tables,
                byLabel: Dictionary(tables.map { ($0.label.lowercased(), $0) }, uniquingKeysWith: { a, _ in a }),
                byID: Dictionary(uniqueKeysWithValues: tables.map { ($0.id, $0) }),
                combinations: try rows[5].map { try $0.tableCombination }, fresh: true)
        }
        venueSnapshots[id] = snapshot
        return snapshot
    }

    /// Sends `statements` in one round trip (`PGConnection.pipeline`) and returns each one's rows; the
    /// first that failed is thrown.
    func pipelined(_ statements: [PGConnection.Statement]) throws(ReservationError) -> [[PGRow]] {
        let results: [Result<[PGRow], PGError>]
        do { results = try db.pipeline(statements) } catch { throw typed(error) }
        return try results.map { (r: Result<[PGRow], PGError>) throws(ReservationError) -> [PGRow] in
            switch r {
            case .success(let rows): return rows
            case .failure(let e): throw typed(e)
            }
        }
    }
}

extension VenueSnapshot {
    /// What a snapshot is read from. The version comes first, in its own statement: a change committed
    /// while the rest is read leaves the snapshot labelled older than its contents, so it is only ever read
    /// again too early.
    static func statements(_ id: RestaurantID) -> [PGConnection.Statement] {
        [
            .init("SELECT book_version, \(Columns.restaurant) FROM restaurants r WHERE r.id = $1", [id]),
            .init(VenueSQL.turnTimes, [id]), .init(VenueSQL.hours, [id]), .init(VenueSQL.closures, [id]), .init(VenueSQL.tables, [id]),
            .init(VenueSQL.combinations, [id]), .init(VenueSQL.tableClosures, [id]),
        ]
    }
}
