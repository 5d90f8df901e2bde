import Foundation
import ReservationDomain
import ReservationNative

extension ReservationBook {
    /// Every staff account with its venues, active ones first. A manager sees the accounts that work at one
    /// of their venues, or at none yet (a new account to place); an admin sees all.
    public func staffList(actor: Actor) throws(ReservationError) -> [StaffMember] {
        try require(actor, .manageStaff)
        let all = try read {
            try db.query("""
                SELECT \(Columns.staff), coalesce(array_agg(sr.restaurant_id ORDER BY sr.restaurant_id)
                    FILTER (WHERE sr.restaurant_id IS NOT NULL), '{}') AS venues
                FROM staff s LEFT JOIN staff_restaurants sr ON sr.staff_id = s.id
                GROUP BY s.id ORDER BY s.active DESC, CASE s.role WHEN 'admin' THEN 0 WHEN 'manager' THEN 1 ELSE 2 END, s.username
                """).map { row throws in
                var member = try row.staffMember
                member.venues = try row.int64Array("venues")
                return member
            }
        }
        return all.filter { Self.manages(actor, $0) }
    }

    /// One account by username, with its venues.
    public func staffMember(username: String, actor: Actor) throws(ReservationError) -> StaffMember {
        let user = username.lowercased().trimmingCharacters(in: .whitespaces)
        guard let member = try staffList(actor: actor).first(where: { $0.username == user }) else {
            throw .notFound(.staffMember, id: TextSanitizer.excerpt(user))
        }
        return member
    }

    /// The signed-in account as it is now (a terminal asks when the feed says it changed): nil when it was
    /// disabled. Needs no permission: it is the caller's own account.
    public func currentStaff(id: StaffID) throws(ReservationError) -> StaffMember? {
        try read {
            try db.queryOne("""
                SELECT \(Columns.staff), coalesce(array_agg(sr.restaurant_id ORDER BY sr.restaurant_id)
                    FILTER (WHERE sr.restaurant_id IS NOT NULL), '{}') AS venues
                FROM staff s LEFT JOIN staff_restaurants sr ON sr.staff_id = s.id
                WHERE s.id = $1 AND s.active GROUP BY s.id
                """, [id]).map { row throws in
                var member = try row.staffMember
                member.venues = try row.int64Array("venues")
                return member
            }
        }
    }

    /// Renames, disables or enables an account, gives it another role or other venues; audited as
    /// `staff_edit`. A manager changes only hosts and managers who work at one of their venues (or at none),
    /// gives no role above their own, and adds or removes only their own venues (the account keeps the rest).
    /// Nobody disables or demotes themselves, nor the last active admin: someone must be left to undo it.
    @discardableResult
    public func changeStaff(username: String, _ change: StaffChange, actor: Actor) throws(ReservationError) -> StaffMember {
        guard !change.isEmpty else { throw .invalid(field: "change", message: "Say what to change: a name, a role, venues, or enable/disable.") }
        let member = try staffMember(username: username, actor: actor)
        guard member.role <= actor.role else { throw .forbidden(role: actor.role, action: "change an \(member.role.rawValue)'s account") }
        if let role = change.role, role > actor.role { throw .forbidden(role: actor.role, action: "make anyone an \(role.rawValue)") }
        let name = try change.displayName.map { n throws(ReservationError) in try Fields.text(n, field: "display name", max: 60, required: true) }
        let venues = try change.venues.map { v throws(ReservationError) in try venuesAfter(v, of: member, actor: actor) }
        if member.id == actor.staffID, change.active == false || (change.role.map { $0 < member.role } ?? false) {
            throw .invalid(field: member.username, message: "You cannot disable or demote your own account; ask another manager.")
        }
        let leavesAdmins = member.role == .admin && member.active && (change.active == false || (change.role.map { $0 < .admin } ?? false))
        do {
            try db.transaction {
                try declare(actor, restaurant: nil, action: .staffEdit)
                // Serialises two managers changing admins at once, so the count below stays true.
                if leavesAdmins {
                    try db.query("SELECT id FROM staff WHERE role = 'admin' AND active ORDER BY id FOR UPDATE")
                    let left = try db.queryOne("SELECT count(*) AS n FROM staff WHERE role = 'admin' AND active AND id <> $1", [member.id])?.int("n") ?? 0
                    if left == 0 { throw ReservationError.invalid(field: member.username, message: "\(member.username) is the last active admin; make another admin first.") }
                }
                try db.query("""
                    UPDATE staff SET display_name = coalesce($2, display_name), role = coalesce($3, role), active = coalesce($4::boolean, active)
                    WHERE id = $1
                    """, [member.id, name, change.role?.rawValue, change.active])
                if let venues = venues?.map(String.init) {
                    try db.query("DELETE FROM staff_restaurants WHERE staff_id = $1 AND NOT (restaurant_id = ANY($2::bigint[]))", [member.id, venues])
                    try db.query("""
                        INSERT INTO staff_restaurants (staff_id, restaurant_id) SELECT $1, v FROM unnest($2::bigint[]) AS v ON CONFLICT DO NOTHING
                        """, [member.id, venues])
                }
            }
        } catch {
            throw typed(error)
        }
        return try staffMember(username: member.username, actor: .commandLine())
    }

    /// The venues an account has after a change: a manager's change touches only the manager's own venues.
    private func venuesAfter(_ asked: [RestaurantID], of member: StaffMember, actor: Actor) throws(ReservationError) -> [RestaurantID] {
        for r in asked where !member.venues.contains(r) { try requireVenue(actor, r) }
        for r in member.venues where !asked.contains(r) { try requireVenue(actor, r) }
        return Array(Swift.Set(asked)).sorted()
    }

    /// Whether `actor` may see and change `member`'s account.
    static func manages(_ actor: Actor, _ member: StaffMember) -> Bool {
        guard let mine = actor.venues else { return true }
        return member.venues.isEmpty || member.venues.contains(where: mine.contains)
    }
}
