import Foundation
import ReservationDomain
import ReservationNative

extension ReservationBook {
    /// Checks a password. Failures are counted and throttled; every attempt is audited.
    public func login(username: String, password: String) throws(ReservationError) -> StaffMember {
        let user = username.lowercased().trimmingCharacters(in: .whitespaces)
        let at = now()
        let account = try read {
            try db.queryOne("""
                SELECT \(Columns.staff), s.password_hash, s.failed_logins, extract(epoch FROM s.locked_until) AS locked_until
                FROM staff s WHERE s.username = $1
                """, [user]).map { (member: try $0.staffMember, hash: try $0.string("password_hash"), lockedUntil: try $0.optionalDate("locked_until")) }
        }
        guard let account else {
            // Same work for unknown users, so timing does not reveal which usernames exist.
            _ = PasswordHasher.verify(password, hash: Self.dummyHash)
            let tried = TextSanitizer.clean(user)
            try write { try auditEvent(Actor(staffID: nil, name: tried.isEmpty ? "(no username)" : tried, role: .host), restaurant: nil,
                                  action: .loginFailed, entity: .staff, id: nil) }
            throw .loginFailed
        }
        var staff = account.member
        // A disabled account's attempts are audited without its staff id: the database refuses any
        // declaration in a disabled account's name (migration 21).
        let attempt = staff.active ? Actor(staff: staff) : Actor(staffID: nil, name: staff.displayName, role: staff.role)
        // The attempt is counted before the password is checked, in one statement that also locks the
        // account when this attempt is the one that reaches the limit. So concurrent guesses (twelve
        // terminals at once) each take a number, and none past the limit is even checked.
        let gate = try countAttempt(.staff, id: staff.id, at: at)
        guard gate != nil else {
            let until = account.lockedUntil ?? at.addingTimeInterval(LoginThrottle.baseSeconds)
            throw .accountLocked(until: max(until, at.addingTimeInterval(1)))
        }
        guard PasswordHasher.verify(password, hash: account.hash) else {
            let failures = gate ?? 1
            try write { try auditEvent(attempt, restaurant: nil, action: .loginFailed, entity: .staff, id: String(staff.id)) }
            let lock = LoginThrottle.lockSeconds(afterFailures: failures)
            if lock > 0 { throw .accountLocked(until: at.addingTimeInterval(lock)) }
            throw .loginFailed
        }
        // Told only with the right password, behind the same throttle: whoever has it knows the account.
        guard staff.active else {
            try write { try auditEvent(attempt, restaurant: nil, action: .loginFailed, entity: .staff, id: String(staff.id)) }
            throw .accountDisabled
        }
        try write {
            try db.query("UPDATE staff SET failed_logins = 0, locked_until = NULL, last_login_at = to_timestamp($2::float8) WHERE id = $1",
                         [staff.id, at])
            try auditEvent(Actor(staff: staff), restaurant: nil, action: .login, entity: .staff, id: String(staff.id))
        }
        staff.venues = try read {
            try db.query("SELECT restaurant_id FROM staff_restaurants WHERE staff_id = $1 ORDER BY restaurant_id", [staff.id])
                .map { try $0.int64("restaurant_id") }
        }
        return staff
    }

    private static let dummyHash = PasswordHasher.hash("reservaflow-timing-equaliser")

    /// The accounts whose sign-ins are counted: staff at the podium, guests online.
    enum ThrottledAccounts: String {
        case staff
        case guests = "guest_accounts"
    }

    /// Counts a sign-in attempt before the password is checked, in one statement that also locks the
    /// account when this attempt is the one that reaches the limit, so concurrent guesses each take a
    /// number and none past the limit is even checked. Returns the failures counted so far, or nil when the
    /// account is locked. (The table name comes from the enum above, never from input.)
    func countAttempt(_ accounts: ThrottledAccounts, id: Int64, at: Date) throws(ReservationError) -> Int? {
        try write {
            try db.queryOne("""
                UPDATE \(accounts.rawValue) SET failed_logins = failed_logins + 1,
                    locked_until = CASE WHEN failed_logins + 1 >= $3
                        THEN to_timestamp($2::float8) + make_interval(secs => least($4::float8 * power(2, least(failed_logins + 1 - $3, 10)), $5::float8))
                        ELSE locked_until END
                WHERE id = $1 AND (locked_until IS NULL OR locked_until <= to_timestamp($2::float8))
                RETURNING failed_logins
                """, [id, at, LoginThrottle.freeAttempts, String(LoginThrottle.baseSeconds), String(LoginThrottle.maxSeconds)])?.int("failed_logins")
        }
    }

    /// Adds a staff member. A manager may add hosts and managers; only an admin adds admins.
    @discardableResult
    public func addStaff(username: String, displayName: String, role: StaffRole, password: String,
                         restaurants: [RestaurantID] = [], actor: Actor) throws(ReservationError) -> StaffMember {
        try require(actor, .manageStaff)
        guard role <= actor.role else { throw .forbidden(role: actor.role, action: "create a \(role.rawValue) account") }
        for r in restaurants { try requireVenue(actor, r) }
        let user = username.lowercased()
        guard user.range(of: "^[a-z0-9._-]{2,32}$", options: .regularExpression) != nil else {
            throw .invalid(field: "username", message: "Use 2-32 lowercase letters, digits, dots, dashes or underscores.")
        }
        let name = try Fields.text(displayName, field: "display name", max: 60, required: true)
        try checkPasswordStrength(password, username: user)
        let hash = PasswordHasher.hash(password)
        do {
            return try db.transaction { () throws -> StaffMember in
                try declare(actor, restaurant: nil, action: .staffAdd)
                let row = try inserted("the staff account", """
                    INSERT INTO staff (username, display_name, role, password_hash) VALUES ($1, $2, $3, $4)
                    RETURNING id, username, display_name, role, active, NULL::float8 AS last_login_at
                    """, [user, name, role.rawValue, hash])
                var member = try row.staffMember
                member.venues = Array(Set(restaurants)).sorted()
                for r in restaurants {
                    try db.query("INSERT INTO staff_restaurants (staff_id, restaurant_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", [member.id, r])
                }
                return member
            }
        } catch let e as PGError where e.sqlState == PGError.uniqueViolation {
            throw .invalid(field: "username", message: "\(user) already exists.")
        } catch {
            throw typed(error)
        }
    }

    /// Sets a new password and lifts any lockout.
    public func setPassword(username: String, password: String, actor: Actor) throws(ReservationError) {
        try require(actor, .manageStaff)
        try checkPasswordStrength(password, username: username)
        let member = try staffMember(username: username, actor: actor)
        guard member.role <= actor.role else { throw .forbidden(role: actor.role, action: "change an \(member.role.rawValue)'s password") }
        let hash = PasswordHasher.hash(password)
        try write {
            try declare(actor, restaurant: nil, action: .staffPassword)
            try db.query("UPDATE staff SET password_hash = $2, failed_logins = 0, locked_until = NULL WHERE id = $1", [member.id, hash])
        }
    }

    private func checkPasswordStrength(_ password: String, username: String) throws(ReservationError) {
        if let problem = PasswordPolicy.problem(password, username: username) { throw .invalid(field: "password", message: problem) }
    }
}
