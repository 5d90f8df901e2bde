import Foundation
import ReservationDomain
import ReservationNative

/// The host's order of the waitlist: who is called next is the host's call (a party of two jumps a party of
/// six when a two-top frees up), so entries move up and down, stored as `waitlist.position` (migration 9).
extension ReservationBook {
    public enum WaitlistMove: String, Sendable { case up, down }

    /// Moves a waiting (or notified) entry one place up or down among the venue's active entries of its day,
    /// by swapping positions with its neighbour under row locks (two hosts moving at once both land, in
    /// turn). At the top (or bottom) already: said, nothing written. Audited as `waitlist_move`.
    public func moveWaitlistEntry(_ entryID: Int64, _ direction: WaitlistMove, actor: Actor) throws(ReservationError) -> WaitlistEntry {
        try require(actor, .book)
        let w = try waitlistEntry(entryID)
        try requireVenue(actor, w.restaurantID)
        guard w.status == .waiting || w.status == .notified else {
            throw .invalid(field: "waitlist", message: "\(w.name) is no longer waiting (\(w.status.rawValue)).")
        }
        let r = try restaurant(id: w.restaurantID)
        let day = r.clock.localDate(of: w.createdAt)
        let from = r.clock.startOfDay(day), to = r.clock.startOfDay(day.adding(days: 1))
        try write { () throws -> Void in
            try declare(actor, restaurant: r.id, action: .waitlistMove)
            // The day's active list, locked in order so concurrent moves serialise instead of deadlocking.
            let rows = try db.query("""
                SELECT id, position FROM waitlist WHERE restaurant_id = $1 AND status IN ('waiting', 'notified')
                AND created_at >= to_timestamp($2::float8) AND created_at < to_timestamp($3::float8)
                ORDER BY position, id FOR UPDATE
                """, [r.id, from, to])
            let list = try rows.map { (id: try $0.int64("id"), position: try $0.int64("position")) }
            guard let at = list.firstIndex(where: { $0.id == entryID }) else {
                throw ReservationError.invalid(field: "waitlist", message: "\(w.name) was just seated or removed at another terminal.")
            }
            let other = direction == .up ? at - 1 : at + 1
            guard list.indices.contains(other) else {
                throw ReservationError.invalid(field: "waitlist", message: "\(w.name) is already \(direction == .up ? "first" : "last") on the waitlist.")
            }
            let mine = list[at], theirs = list[other]
            // Equal positions (never made by this code, but a hand-edited row could) still change places.
            let (p1, p2) = mine.position == theirs.position
                ? (direction == .up ? (theirs.position - 1, theirs.position) : (theirs.position + 1, theirs.position))
                : (theirs.position, mine.position)
            try db.query("UPDATE waitlist SET position = $2, updated_at = to_timestamp($3::float8) WHERE id = $1", [mine.id, p1, now()])
            try db.query("UPDATE waitlist SET position = $2, updated_at = to_timestamp($3::float8) WHERE id = $1", [theirs.id, p2, now()])
            try auditEvent(actor, restaurant: r.id, action: .waitlistMove, entity: .waitlist, id: String(entryID),
                      before: AuditNote.WaitlistPlace(place: at + 1),
                           after: AuditNote.WaitlistPlace(place: other + 1, direction: direction.rawValue))
        }
        return try waitlistEntry(entryID)
    }
}
