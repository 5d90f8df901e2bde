import Foundation
import ReservationDomain
import ReservationNative

extension ReservationBook {
    /// The audit log, newest first, a page at a time: `after` is the last row of the page before. Each row
    /// is read into words (a booking's change as its history says it, any other row column by column).
    /// A manager reads their venues' rows, one venue at a time; an administrator any, or all at once.
    /// Served by `audit_log_by_venue_time` (or `audit_log_by_time` across venues): a page costs the same at
    /// any depth of a log of millions of rows. (The epoch column must not be called `at`: ORDER BY would
    /// sort by that expression, every row of the venue, instead of walking the index.)
    public func auditLog(_ filter: AuditFilter, after: AuditCursor? = nil, limit: Int = 500, actor: Actor) throws(ReservationError) -> [AuditRecord] {
        try require(actor, .readAudit)
        if let r = filter.restaurantID { try requireVenue(actor, r) } else if actor.venues != nil {
            throw .forbidden(role: actor.role, action: "read the audit log of every venue at once; name one of yours")
        }
        var conditions: [String] = []
        var params: [any PGParameter] = []
        func add(_ condition: (Int) -> String, _ values: any PGParameter...) {
            conditions.append(condition(params.count + 1))
            params.append(contentsOf: values)
        }
        if let r = filter.restaurantID { add({ "restaurant_id = $\($0)" }, r) }
        if let from = filter.from { add({ "at >= to_timestamp($\($0)::float8)" }, from) }
        if let to = filter.to { add({ "at < to_timestamp($\($0)::float8)" }, to) }
        if let s = filter.staffID { add({ "staff_id = $\($0)" }, s) }
        if let a = filter.actor { add({ "actor = $\($0)" }, a) }
        if let a = filter.action { add({ "action = $\($0)" }, a.rawValue) }
        if let after { add({ "(at, id) < ($\($0)::timestamptz, $\($0 + 1)::bigint)" }, after.at, after.id) }
        params.append(max(1, min(limit, 5_000)))
        let sql = """
            SELECT id, at::text AS at_text, extract(epoch FROM at) AS at_epoch, restaurant_id, actor, action, entity, entity_id,
                   \(Self.changedColumns), event, os_account, db_role
            FROM audit_log \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY at DESC, id DESC LIMIT $\(params.count)
            """
        let rows = try read { try db.query(sql, params) }
        var venues = AuditVenues(book: self)
        var out: [AuditRecord] = []
        out.reserveCapacity(rows.count)
        for row in rows {
            do {
                let restaurant = try row.optionalInt64("restaurant_id")
                let entity = try row.string("entity")
                let before = try row.optionalString("before").map { try Self.auditObject($0) }
                let after = try row.optionalString("after").map { try Self.auditObject($0) }
                let changes: [String]
                if try row.bool("event") {
                    changes = AuditChanges.note(after)
                } else if entity == AuditEntity.reservation.rawValue, let restaurant, let venue = try venues.venue(restaurant) {
                    changes = BookingHistory.changes(before: before, after: after, tables: venue.tables, clock: venue.clock)
                } else {
                    changes = AuditChanges.changes(before: before, after: after)
                }
                let id = try row.int64("id")
                out.append(AuditRecord(id: id, at: try row.date("at_epoch"), restaurantID: restaurant, actor: try row.string("actor"),
                                       action: try row.string("action"), entity: entity, entityID: try row.optionalString("entity_id"),
                                       changes: changes, osAccount: try row.optionalString("os_account"), dbRole: try row.optionalString("db_role"),
                                       cursor: AuditCursor(at: try row.string("at_text"), id: id)))
            } catch let e as ReservationError {
                throw e
            } catch let e as RowDecodingError {
                throw Self.unreadable(e)
            } catch {
                throw .internalError("the audit log could not be read: \(error)")
            }
        }
        return out
    }

    /// A change's before and after cut to the columns that changed (with a booking's seat and times, which its
    /// words need), by the database: a whole booking row is some thirty columns, and reading two of them per
    /// row was most of the time of a page. A row made or removed keeps its whole side.
    static let changedColumns = """
        CASE WHEN before IS NULL OR after IS NULL THEN before::text ELSE (
            SELECT coalesce(jsonb_object_agg(k, before->k), '{}')::text FROM jsonb_object_keys(before) k
            WHERE before->k IS DISTINCT FROM after->k OR k IN ('table_id', 'joined_table_ids', 'starts_at', 'ends_at')) END AS before,
        CASE WHEN before IS NULL OR after IS NULL THEN after::text ELSE (
            SELECT coalesce(jsonb_object_agg(k, after->k), '{}')::text FROM jsonb_object_keys(after) k
            WHERE before->k IS DISTINCT FROM after->k OR k IN ('table_id', 'joined_table_ids', 'starts_at', 'ends_at')) END AS after
        """

    static func auditObject(_ json: String) throws(ReservationError) -> BookingHistory.Row {
        guard case .object(let fields) = try AuditNote.row(json) else { throw .internalError("an audit row is not a JSON object") }
        return fields
    }
}

/// The table labels and clock of each venue a page of the log names, read once per page.
private struct AuditVenues {
    let book: ReservationBook
    private var known: [RestaurantID: (tables: [TableID: String], clock: ZonedClock)?] = [:]

    init(book: ReservationBook) { self.book = book }

    mutating func venue(_ id: RestaurantID) throws(ReservationError) -> (tables: [TableID: String], clock: ZonedClock)? {
        if let v = known[id] { return v }
        // A venue gone since (only the owner deletes one) leaves its rows read column by column.
        guard let r = try book.restaurantIfPresent(id: id) else {
            known[id] = .some(nil)
            return nil
        }
        let found = (tables: Dictionary(uniqueKeysWithValues: try book.tables(restaurantID: id).map { ($0.id, $0.label) }), clock: r.clock)
        known[id] = found
        return found
    }
}
