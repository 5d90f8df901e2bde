import Foundation

/// E-mails are rows written in the same transaction as the change they announce; the daemon sends them.
extension ReservationBook {
    func enqueueBookingMails(_ r: Restaurant, reservation id: UUID, status: ReservationStatus) throws {
        guard let info = try mailContext(id) else { return }
        for mail in bookingMails(r, info, status: status, at: now()) { try db.query(mail.sql, mail.params) }
    }

    /// The mails a booking in `status` sends (a confirmation now, a reminder before it), as statements:
    /// a new booking pipelines them with its other writes.
    func bookingMails(_ r: Restaurant, _ info: MailContext, status: ReservationStatus, at: Date) -> [PGConnection.Statement] {
        var mails: [PGConnection.Statement] = []
        if status == .confirmed || status == .seated {
            mails.append(mailStatement(r, info, kind: "confirmation", at: at))
        }
        if status != .seated, r.rules.reminderHours > 0 {
            let remindAt = info.start.addingTimeInterval(-Double(r.rules.reminderHours) * 3600)
            if remindAt > at { mails.append(mailStatement(r, info, kind: "reminder", at: remindAt)) }
        }
        return mails
    }

    /// Pending mails for a reservation that is no longer happening are withdrawn; a cancellation is sent.
    func withdrawMails(_ r: Restaurant, reservation id: UUID, sendCancellation: Bool) throws {
        try db.query("""
            UPDATE notifications SET status = 'cancelled' WHERE restaurant_id = $1 AND reservation_id = $2 AND status = 'pending'
            """, [r.id, id])
        if sendCancellation, let info = try mailContext(id) { try enqueue(r, info, kind: "cancellation", at: now()) }
    }

    /// Moves a pending reminder when the reservation's time changes.
    func rescheduleReminder(_ r: Restaurant, reservation id: UUID, start: Date) throws {
        try db.query("""
            UPDATE notifications SET scheduled_for = greatest(to_timestamp($3::float8), to_timestamp($4::float8))
            WHERE restaurant_id = $1 AND reservation_id = $2 AND kind = 'reminder' AND status = 'pending'
            """, [r.id, id, start.addingTimeInterval(-Double(r.rules.reminderHours) * 3600), now()])
    }

    struct MailContext {
        var id: UUID
        var email: String
        var name: String
        var party: Int
        var start: Date
        var table: String
    }

    private func mailContext(_ id: UUID) throws -> MailContext? {
        guard let row = try db.queryOne("""
            SELECT c.email, c.name, x.party_size, extract(epoch FROM x.starts_at) AS s, t.label
            FROM reservations x JOIN customers c ON c.restaurant_id = x.restaurant_id AND c.id = x.customer_id
            JOIN dining_tables t ON t.restaurant_id = x.restaurant_id AND t.id = x.table_id WHERE x.id = $1
            """, [id]), let email = row["email"] else { return nil }
        return MailContext(id: id, email: email, name: row.string("name"), party: row.int("party_size"),
                           start: row.date("s"), table: row.string("label"))
    }

    private func enqueue(_ r: Restaurant, _ m: MailContext, kind: String, at: Date) throws {
        let mail = mailStatement(r, m, kind: kind, at: at)
        try db.query(mail.sql, mail.params)
    }

    private func mailStatement(_ r: Restaurant, _ m: MailContext, kind: String, at: Date) -> PGConnection.Statement {
        let clock = r.clock
        let (date, time) = clock.localParts(of: m.start)
        let when = "\(date.weekdayName) \(date) at \(time)"
        let id = m.id.lowercasedString
        let ref = String(id.prefix(8))
        let (subject, opening): (String, String) = switch kind {
        case "confirmation": ("Your table at \(r.name) is confirmed", "your table for \(m.party) on \(when) is confirmed.")
        case "reminder": ("Reminder: \(r.name), \(when)", "a reminder of your table for \(m.party) on \(when).")
        default: ("Your reservation at \(r.name) is cancelled", "your reservation for \(m.party) on \(when) has been cancelled.")
        }
        let body = """
            Hello \(m.name),

            \(opening)

            Reference: \(ref)
            \(r.name)\(r.phone.map { "\n" + $0 } ?? "")\(r.address.map { "\n" + $0 } ?? "")
            """
        // Stable per reservation and kind: a retried send carries the same Message-ID, so mail clients dedupe it.
        let messageID = "<\(id).\(kind)@\(r.slug).reservaflow>"
        return PGConnection.Statement("""
            INSERT INTO notifications (restaurant_id, reservation_id, kind, recipient, subject, body, message_id, scheduled_for)
            VALUES ($1, $2, $3, $4, $5, $6, $7, to_timestamp($8::float8))
            ON CONFLICT (message_id) DO UPDATE SET status = 'pending', scheduled_for = EXCLUDED.scheduled_for,
                subject = EXCLUDED.subject, body = EXCLUDED.body, attempts = 0, last_error = NULL
            """, [r.id, m.id, kind, m.email, subject.utf8.contains(0x0A) ? subject.replacingOccurrences(of: "\n", with: " ") : subject, body, messageID, at])
    }
}
