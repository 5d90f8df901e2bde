import Foundation
import ReservationDomain
import ReservationNative

/// The statements a booking's transaction is made of, shared with moves, walk-ins and undo.
extension ReservationBook {
    /// Locks the table (see `lockTable`) and reads the venue's version, in one statement.
    func lockTableStatement(restaurantID: RestaurantID, tableID: TableID) -> PGConnection.Statement {
        // Through the owner's function (migration 19): locking a row takes UPDATE on its table, which the API's
        // and the daemon's roles do not hold. No row when there is no such table.
        .init("SELECT v AS book_version FROM reservaflow_lock_table($1, $2) AS v WHERE v IS NOT NULL", [restaurantID, tableID])
    }

    /// The guest's id, name and e-mail: an existing guest read (and checked), a new one upserted by phone.
    func guestStatement(_ restaurant: RestaurantID, _ guest: ValidGuest) -> PGConnection.Statement {
        switch guest {
        case .existing(let id, nil):
            return .init("SELECT id, name, email, email_reminders FROM customers WHERE restaurant_id = $1 AND id = $2", [restaurant, id])
        case .existing(let id, let email?):
            // The address the guest gave while booking: the confirmation mail of this booking goes there.
            return .init("""
                UPDATE customers SET email = $3 WHERE restaurant_id = $1 AND id = $2 AND NOT anonymous
                RETURNING id, name, email, email_reminders
                """, [restaurant, id, email])
        case .anonymous:
            // The placeholder is made once per venue; the update only returns it (the seating's counter
            // update locks the same row for the same short transaction anyway).
            return .init("""
                INSERT INTO customers (restaurant_id, name, anonymous) VALUES ($1, 'Walk-in', true)
                ON CONFLICT (restaurant_id) WHERE anonymous DO UPDATE SET anonymous = true
                RETURNING id, name, email, email_reminders, (xmax = 0) AS inserted
                """, [restaurant])
        case .new(let name, nil, _):
            return .init("INSERT INTO customers (restaurant_id, name) VALUES ($1, $2) RETURNING id, name, email, email_reminders", [restaurant, name])
        case .new(let name, let phone?, let email):
            // A returning guest is recognised by phone: keep their record and history. An address typed for
            // this booking is where its mails go and becomes the one on file, as `.existing` does (every front
            // end, one rule); none typed keeps the one on file.
            // `inserted`: a row this statement made (xmax is 0 only for a fresh insert, not for the update
            // that ON CONFLICT made); an existing guest's name is compared with the one typed.
            return .init("""
                INSERT INTO customers (restaurant_id, name, phone, email) VALUES ($1, $2, $3, $4)
                ON CONFLICT (restaurant_id, phone) DO UPDATE SET email = coalesce(EXCLUDED.email, customers.email)
                RETURNING id, name, email, email_reminders, (xmax = 0) AS inserted
                """, [restaurant, name, phone, email])
        }
    }

    /// One write per table at a time, until the transaction ends. Without it, concurrent inserts of
    /// overlapping ranges each see the other's uncommitted row in the exclusion-constraint check, wait on
    /// each other, and PostgreSQL aborts all but one as deadlocks (40P01): the host got "Unexpected error:
    /// deadlock detected" instead of "Table T3 is taken ... by ...". Queued, the second sees the first's
    /// committed row and gets the exclusion violation. (NO KEY UPDATE: foreign-key checks are not blocked.)
    func lockTable(restaurantID: RestaurantID, tableID: TableID) throws {
        let st = lockTableStatement(restaurantID: restaurantID, tableID: tableID)
        try db.query(st.sql, st.params)
    }

    /// Holds never block after they lapse, daemon or not: a booking expires those in its way first.
    func expireLapsedHolds(restaurantID: RestaurantID, tableID: TableID, start: Date, end: Date, actor: Actor) throws {
        let select = lapsedHoldsStatement(restaurantID: restaurantID, tableID: tableID, start: start, end: end)
        let lapsed = try db.query(select.sql, select.params)
        for row in lapsed {
            try transition(try row.uuid("id"), to: .expired, actor: actor)
        }
    }

    /// Through `reservation_tables`: a lapsed hold on a combination is in the way of each of its tables.
    func lapsedHoldsStatement(restaurantID: RestaurantID, tableID: TableID, start: Date, end: Date) -> PGConnection.Statement {
        .init("""
            SELECT x.id FROM reservation_tables rt JOIN reservations x ON x.restaurant_id = rt.restaurant_id AND x.id = rt.reservation_id
            WHERE rt.restaurant_id = $1 AND rt.table_id = $2 AND x.status = 'pending'
              AND x.expires_at <= to_timestamp($5::float8)
              AND rt.period && tstzrange(to_timestamp($3::float8), to_timestamp($4::float8), '[)')
            FOR UPDATE OF x
            """, [restaurantID, tableID, start, end, now()])
    }
}
