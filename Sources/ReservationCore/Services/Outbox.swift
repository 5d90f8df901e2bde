import Foundation
import ReservationDomain
import ReservationNative

/// E-mails are rows written in the same transaction as the change they announce; the daemon claims,
/// renders and sends them (Jobs/OutboxJobs.swift). Only the guest's address and the kind are stored here:
/// the text is rendered when sent, from the reservation as it is then.
extension ReservationBook {
    /// Who a reservation's mails go to, and when it starts (for the reminder).
    struct MailContext {
        var id: UUID
        var email: String
        /// false: the guest opted out of reminders.
        var reminders: Bool
        var start: Date
    }

    /// What a reservation in `status` owes the guest, as statements (a new booking pipelines them with its
    /// other writes): "hold received, confirm by ..." for a pending hold, a confirmation for a confirmed
    /// booking, and a reminder before it unless they opted out.
    func bookingMails(_ r: Restaurant, _ m: MailContext, status: ReservationStatus, at: Date) -> [PGConnection.Statement] {
        var mails: [PGConnection.Statement] = []
        switch status {
        case .pending: mails.append(mailStatement(r, m, kind: .hold, at: at))
        case .confirmed, .seated: mails.append(mailStatement(r, m, kind: .confirmation, at: at))
        default: return []
        }
        if status != .seated, r.rules.reminderHours > 0, m.reminders {
            let remindAt = m.start.addingTimeInterval(-Double(r.rules.reminderHours) * 3600)
            if remindAt > at { mails.append(mailStatement(r, m, kind: .reminder, at: remindAt)) }
        }
        return mails
    }

    /// The same for a reservation whose status just changed (a hold confirmed): an unsent "please confirm"
    /// has nothing left to ask.
    func enqueueBookingMails(_ r: Restaurant, reservation id: UUID, status: ReservationStatus) throws {
        guard let m = try mailContext(id) else { return }
        let at = now()
        if status == .confirmed || status == .seated {
            try db.query("""
                UPDATE notifications SET status = 'cancelled', finalized_at = to_timestamp($2::float8)
                WHERE reservation_id = $1 AND kind = 'hold' AND status IN ('scheduled', 'retryable')
                """, [id, at])
        }
        for mail in bookingMails(r, m, status: status, at: at) { try db.query(mail.sql, mail.params) }
    }

    /// Unsent mails for a reservation that is no longer happening are withdrawn; a cancellation is sent.
    func withdrawMails(_ r: Restaurant, reservation id: UUID, sendCancellation: Bool) throws {
        try db.query("""
            UPDATE notifications SET status = 'cancelled', finalized_at = to_timestamp($3::float8)
            WHERE restaurant_id = $1 AND reservation_id = $2 AND status IN ('scheduled', 'retryable')
            """, [r.id, id, now()])
        if sendCancellation, let m = try mailContext(id) { try enqueue(r, m, kind: .cancellation, at: now()) }
    }

    /// A confirmation after a cancellation the guest was already sent was undone: a message of its own (the
    /// first confirmation's Message-ID is spent), so they know the booking stands.
    func enqueueReinstated(_ r: Restaurant, reservation id: UUID) throws {
        guard let m = try mailContext(id) else { return }
        try enqueue(r, m, kind: .confirmation, at: now(),
                    messageID: "<\(id.lowercasedString).reinstated.\(Int(now().timeIntervalSince1970))@\(r.slug).reservaflow>")
    }

    /// A reminder not yet sent is withdrawn (the party is seated: no reminder needed).
    func withdrawReminder(reservation id: UUID) throws {
        try db.query("""
            UPDATE notifications SET status = 'cancelled', finalized_at = to_timestamp($2::float8)
            WHERE reservation_id = $1 AND kind = 'reminder' AND status IN ('scheduled', 'retryable')
            """, [id, now()])
    }

    /// A changed time, table or party: the guest is told, and a reminder not yet sent moves with the time.
    func announceChange(_ r: Restaurant, reservation id: UUID, newStart: Date, timeChanged: Bool) throws {
        guard let m = try mailContext(id) else { return }
        let at = now()
        if timeChanged {
            try db.query("""
                UPDATE notifications SET scheduled_for = greatest(to_timestamp($3::float8), to_timestamp($4::float8))
                WHERE restaurant_id = $1 AND reservation_id = $2 AND kind = 'reminder' AND status IN ('scheduled', 'retryable')
                """, [r.id, id, newStart.addingTimeInterval(-Double(r.rules.reminderHours) * 3600), at])
        }
        // Each change is a message of its own (several changes, several mails), so its Message-ID is unique.
        try enqueue(r, m, kind: .modification, at: at,
                    messageID: "<\(id.uuidString.lowercased()).modification.\(Int(at.timeIntervalSince1970 * 1000))@\(r.slug).reservaflow>")
    }

    /// "Your table is ready" for a waiting party whose guest record has an e-mail address.
    func enqueueTableReady(_ r: Restaurant, waitlistID: Int64) throws {
        guard let row = try db.queryOne("""
            SELECT c.email FROM waitlist w JOIN customers c ON c.restaurant_id = w.restaurant_id AND c.id = w.customer_id
            WHERE w.id = $1 AND c.email IS NOT NULL
            """, [waitlistID]), let email = try row.optionalString("email") else { return }
        try db.query("""
            INSERT INTO notifications (restaurant_id, waitlist_id, kind, recipient, message_id, scheduled_for, created_at)
            VALUES ($1, $2, $6, $3, $4, to_timestamp($5::float8), to_timestamp($5::float8))
            ON CONFLICT (message_id) DO NOTHING
            """, [r.id, waitlistID, email, "<waitlist-\(waitlistID).\(MailKind.tableReady.rawValue)@\(r.slug).reservaflow>", now(),
                  MailKind.tableReady.rawValue])
    }

    private func mailContext(_ id: UUID) throws -> MailContext? {
        guard let row = try db.queryOne("""
            SELECT c.email, c.email_reminders, extract(epoch FROM x.starts_at) AS s
            FROM reservations x JOIN customers c ON c.restaurant_id = x.restaurant_id AND c.id = x.customer_id WHERE x.id = $1
            """, [id]), let email = try row.optionalString("email") else { return nil }
        return MailContext(id: id, email: email, reminders: try row.bool("email_reminders"), start: try row.date("s"))
    }

    private func enqueue(_ r: Restaurant, _ m: MailContext, kind: MailKind, at: Date, messageID: String? = nil) throws {
        let mail = mailStatement(r, m, kind: kind, at: at, messageID: messageID)
        try db.query(mail.sql, mail.params)
    }

    /// One row per mail. The Message-ID is stable per reservation and kind, so a resend after a crash is
    /// recognisably the same message; enqueueing again re-arms only a row that has not been sent or started
    /// (a mail already going out or gone is never queued twice).
    private func mailStatement(_ r: Restaurant, _ m: MailContext, kind: MailKind, at: Date,
                               messageID: String? = nil) -> PGConnection.Statement {
        .init("""
            INSERT INTO notifications (restaurant_id, reservation_id, kind, recipient, message_id, scheduled_for, created_at)
            VALUES ($1, $2, $3, $4, $5, to_timestamp($6::float8), to_timestamp($7::float8))
            ON CONFLICT (message_id) DO UPDATE SET scheduled_for = EXCLUDED.scheduled_for, recipient = EXCLUDED.recipient,
                status = 'scheduled'
            WHERE notifications.status IN ('scheduled', 'retryable')
            """, [r.id, m.id, kind.rawValue, m.email, messageID ?? "<\(m.id.lowercasedString).\(kind.rawValue)@\(r.slug).reservaflow>", at, now()])
    }
}
