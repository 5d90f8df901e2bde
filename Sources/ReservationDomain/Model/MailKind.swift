/// The mails the outbox sends: the `notifications.kind` column, and the template each is written from
/// (`templates/mail/<language>/<kind>.mustache`).
public enum MailKind: String, CaseIterable, Sendable, Codable {
    case confirmation, hold, reminder, cancellation, modification
    case tableReady = "table_ready"
}
