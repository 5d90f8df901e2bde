import Foundation
import ReservationDomain
import ReservationNative

/// Online guests: registration and sign-in (the REST API's /api/auth/register/ and /api/token/).
extension ReservationBook {
    static let guestColumns = """
        g.id, g.email, g.first_name, g.last_name, g.phone, extract(epoch FROM g.created_at) AS created_at,
        extract(epoch FROM g.verified_at) AS verified_at, g.language, g.marketing_consent
        """

    /// Registers a guest. The password follows the staff rules. An address that already has an account gets
    /// the same answer as a new one (its owner gets a mail saying so instead), and both paths do the same
    /// work up to the database (the argon2id hash first), so the answer tells nobody whether the address is
    /// registered. The verification mail is queued in the same transaction (the daemon sends it).
    public func register(_ reg: GuestRegistration) throws(ReservationError) -> RegistrationOutcome {
        let email = try EmailAddress.validate(reg.email).get().lowercased()
        let first = try Fields.text(reg.firstName, field: "first_name", max: 50, required: true)
        let last = try Fields.text(reg.lastName, field: "last_name", max: 50)
        let phone = try PhoneNumber.normalize(reg.phone, countryCode: reg.countryCode).get()
        let language = try Self.mailLanguage(reg.language ?? "es")
        if let problem = PasswordPolicy.problem(reg.password, username: email.split(separator: "@").first.map(String.init)) {
            throw .invalid(field: "password", message: problem)
        }
        let hash = PasswordHasher.hash(reg.password)
        let at = now()
        do {
            return try db.transaction { () throws -> RegistrationOutcome in
                // The id first: the audit row of the new account names it as its actor ("guest:ID"). A taken
                // address spends one too, so the ids answered do not give it away either.
                let id = try db.queryOne("SELECT nextval('guest_accounts_id_seq') AS id")?.int64("id") ?? 0
                try declare(Actor(staffID: nil, name: "guest:\(id)", role: .host, venues: nil), restaurant: nil, action: .guestRegister)
                if let row = try db.queryOne("""
                    INSERT INTO guest_accounts AS g (id, email, password_hash, first_name, last_name, phone, language, created_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, to_timestamp($8::float8))
                    ON CONFLICT (email) DO NOTHING
                    RETURNING \(Self.guestColumns)
                    """, [id, email, hash, first, last, phone, language, at]) {
                    let account = try row.guestAccount
                    try queueLink(.verify, for: account)
                    return .created(account)
                }
                try queueAlreadyRegistered(email: email, at: at)
                return .addressTaken(answer: GuestAccount(id: id, email: email, firstName: first, lastName: last, phone: phone,
                                                          createdAt: at, language: language))
            }
        } catch { throw typed(error) }
    }

    /// Tells an address's owner that somebody registered with it (at most once an hour: migration 40).
    private func queueAlreadyRegistered(email: String, at: Date) throws {
        guard let owner = try db.queryOne("SELECT \(Self.guestColumns) FROM guest_accounts g WHERE g.email = $1", [email])?.guestAccount
        else { return }
        try db.query("""
            INSERT INTO account_mails (account_id, kind, recipient, first_name, language, message_id, scheduled_for, created_at)
            VALUES ($1, 'already_registered', $2, $3, $4, $5, to_timestamp($6::float8), to_timestamp($6::float8))
            """, [owner.id, owner.email, owner.firstName, owner.language, Self.accountMessageID(), at])
    }

    public func guestAccount(id: GuestAccountID) throws(ReservationError) -> GuestAccount {
        let account = try read { try db.queryOne("SELECT \(Self.guestColumns) FROM guest_accounts g WHERE g.id = $1", [id]).map { try $0.guestAccount } }
        guard let account else { throw .notFound(.guestAccount, id: String(id)) }
        return account
    }

    /// Checks a guest's password, counted and throttled as staff sign-ins are (see `login`).
    public func guestLogin(email: String, password: String) throws(ReservationError) -> GuestAccount {
        let address = email.lowercased().trimmingCharacters(in: .whitespaces)
        let at = now()
        let found = try read {
            try db.queryOne("""
                SELECT \(Self.guestColumns), g.password_hash, extract(epoch FROM g.locked_until) AS locked_until
                FROM guest_accounts g WHERE g.email = $1
                """, [address]).map { (account: try $0.guestAccount, hash: try $0.string("password_hash"), lockedUntil: try $0.optionalDate("locked_until")) }
        }
        guard let found else {
            _ = PasswordHasher.verify(password, hash: Self.guestDummyHash)
            throw .loginFailed
        }
        let account = found.account
        let gate = try countAttempt(.guests, id: account.id, at: at)
        guard let gate else {
            let until = found.lockedUntil ?? at.addingTimeInterval(LoginThrottle.baseSeconds)
            throw .accountLocked(until: max(until, at.addingTimeInterval(1)))
        }
        guard PasswordHasher.verify(password, hash: found.hash) else {
            let lock = LoginThrottle.lockSeconds(afterFailures: gate)
            if lock > 0 { throw .accountLocked(until: at.addingTimeInterval(lock)) }
            throw .loginFailed
        }
        try write { try db.query("UPDATE guest_accounts SET failed_logins = 0, locked_until = NULL WHERE id = $1", [account.id]) }
        return account
    }

    private static let guestDummyHash = PasswordHasher.hash("reservaflow-guest-timing-equaliser")

    /// The venue's guest record for an online account: found by the link, or made at the first booking.
    /// A phone number already on file at the venue for someone else is not taken over (whoever registers
    /// with a number would otherwise see that guest's bookings): the new record is made without it.
    /// (`onlineCustomer` has already looked for the link; a concurrent first booking is met by the conflict.)
    func venueCustomer(for account: GuestAccount, restaurant: RestaurantID) throws -> CustomerID {
        let name = String(account.displayName.prefix(100))
        if let row = try db.queryOne("""
            INSERT INTO customers (restaurant_id, name, phone, email, account_id, language) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT DO NOTHING RETURNING id
            """, [restaurant, name, account.phone, account.email, account.id, account.language]) {
            return try row.int64("id")
        }
        // The phone is someone else's record here (or a concurrent first booking made the link: read it).
        if let row = try db.queryOne("SELECT id FROM customers WHERE restaurant_id = $1 AND account_id = $2", [restaurant, account.id]) {
            return try row.int64("id")
        }
        guard let row = try db.queryOne("""
            INSERT INTO customers (restaurant_id, name, phone, email, account_id, language) VALUES ($1, $2, NULL, $3, $4, $5)
            ON CONFLICT (restaurant_id, account_id) WHERE account_id IS NOT NULL DO UPDATE SET email = EXCLUDED.email
            RETURNING id
            """, [restaurant, name, account.email, account.id, account.language])
        else { throw ReservationError.internalError("the guest's venue record was not written") }
        return try row.int64("id")
    }

    /// The venue guest records that belong to an account (what a guest may name as `customer_id`).
    public func customerIDs(of account: GuestAccountID) throws(ReservationError) -> Set<CustomerID> {
        try read { Set(try db.query("SELECT id FROM customers WHERE account_id = $1", [account]).map { try $0.int64("id") }) }
    }
}

extension PGRow {
    var guestAccount: GuestAccount {
        get throws(RowDecodingError) {
            GuestAccount(id: try int64("id"), email: try string("email"), firstName: try string("first_name"), lastName: try string("last_name"),
                         phone: try string("phone"), createdAt: try date("created_at"), verifiedAt: try optionalDate("verified_at"),
                         language: try string("language"), marketingConsent: try bool("marketing_consent"))
        }
    }
}

extension ReservationBook {
    /// The account's guest record at a venue, made at the first booking there (see `venueCustomer`).
    public func onlineCustomer(for account: GuestAccount, restaurant: RestaurantID) throws(ReservationError) -> CustomerID {
        _ = try heldRestaurant(id: restaurant)
        // Every booking after the first finds the link: one read, no transaction of its own.
        if let id = try read({ try db.queryOne("SELECT id FROM customers WHERE restaurant_id = $1 AND account_id = $2", [restaurant, account.id])?.int64("id") }) {
            return id
        }
        return try write {
            try declare(account.actor, restaurant: nil, action: .guestRecord)
            return try venueCustomer(for: account, restaurant: restaurant)
        }
    }
}
