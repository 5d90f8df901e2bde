import Foundation
import ReservationDomain
import ReservationNative

extension ReservationBook {
    /// Every change to a booking, oldest first, from the audit log the database writes (migration 17):
    /// who and when by the server's clock, declared as what, and the changes as a host reads them. A change
    /// nobody declared (raw SQL) shows as `sql_update` by `sql:<role>`.
    public func history(_ id: UUID, actor: Actor) throws(ReservationError) -> [HistoryEvent] {
        try require(actor, .book)
        let entry = try reservation(id: id)
        try requireVenue(actor, entry.reservation.restaurantID)
        let r = try restaurant(id: entry.reservation.restaurantID)
        let labels = Dictionary(uniqueKeysWithValues: try tables(restaurantID: r.id).map { ($0.id, $0.label) })
        let rows = try read {
            try db.query("""
                SELECT extract(epoch FROM at) AS at, actor, action, before::text AS before, after::text AS after
                FROM audit_log WHERE entity = 'reservation' AND entity_id = $1 AND NOT event ORDER BY id
                """, [id.lowercasedString])
        }
        var events: [HistoryEvent] = []
        for row in rows {
            do {
                let before = try row.optionalString("before").map { try Self.auditObject($0) }
                let after = try row.optionalString("after").map { try Self.auditObject($0) }
                events.append(HistoryEvent(at: try row.date("at"), actor: try row.string("actor"), action: try row.string("action"),
                                           changes: BookingHistory.changes(before: before, after: after, tables: labels, clock: r.clock)))
            } catch let e as ReservationError {
                throw e
            } catch {
                throw .internalError("the booking's history could not be read: \(error)")
            }
        }
        return events
    }

    /// Every change to a guest's profile at their venue, oldest first (name, contacts, allergies and flags,
    /// tags, consent, an erasure), from the same audit log; a booking's bookkeeping on the record (visits,
    /// last visit) is left out.
    public func guestHistory(_ id: CustomerID, actor: Actor) throws(ReservationError) -> [HistoryEvent] {
        try require(actor, .book)
        let c = try customer(id: id)
        try requireVenue(actor, c.restaurantID)
        let rows = try read {
            try db.query("""
                SELECT extract(epoch FROM at) AS at, actor, action, before::text AS before, after::text AS after
                FROM audit_log WHERE entity = 'customer' AND entity_id = $1 AND restaurant_id = $2 AND NOT event ORDER BY id
                """, [String(id), c.restaurantID])
        }
        var events: [HistoryEvent] = []
        for row in rows {
            do {
                let changes = AuditChanges.profileChanges(before: try row.optionalString("before").map { try Self.auditObject($0) },
                                                          after: try row.optionalString("after").map { try Self.auditObject($0) })
                guard !changes.isEmpty else { continue }
                events.append(HistoryEvent(at: try row.date("at"), actor: try row.string("actor"), action: try row.string("action"), changes: changes))
            } catch let e as ReservationError {
                throw e
            } catch {
                throw .internalError("the guest's history could not be read: \(error)")
            }
        }
        return events
    }
}
