import Foundation

/// A claimed mail and everything needed to write it, read when it is sent (so a reminder after a change
/// shows the new time). Times are instants; the venue's zone and language say how to show them.
public struct OutboxJob: Sendable, Hashable {
    public var id: Int64
    public var kind: MailKind
    public var recipient: String
    public var messageID: String
    public var attempt: Int
    public var maxAttempts: Int
    public var venue: Restaurant
    public var language: String
    public var guestName: String
    public var partySize: Int
    public var startsAt: Date?
    public var tableLabel: String?
    public var reference: String
    public var holdExpiresAt: Date?
    /// The reservation the mail is about (a hold's confirm link names it).
    public var reservationID: UUID? = nil

    public init(id: Int64, kind: MailKind, recipient: String, messageID: String, attempt: Int, maxAttempts: Int, venue: Restaurant, language: String, guestName: String, partySize: Int, startsAt: Date? = nil, tableLabel: String? = nil, reference: String, holdExpiresAt: Date? = nil, reservationID: UUID? = nil) {
        self.id = id
        self.kind = kind
        self.recipient = recipient
        self.messageID = messageID
        self.attempt = attempt
        self.maxAttempts = maxAttempts
        self.venue = venue
        self.language = language
        self.guestName = guestName
        self.partySize = partySize
        self.startsAt = startsAt
        self.tableLabel = tableLabel
        self.reference = reference
        self.holdExpiresAt = holdExpiresAt
        self.reservationID = reservationID
    }
}

/// The states of a mail job (explicit, as river and Oban have them).
public enum OutboxStatus: String, CaseIterable, Sendable {
    case scheduled, running, retryable, completed, discarded, cancelled
}

/// One row of `reservaflow outbox`.
public struct OutboxEntry: Sendable, Hashable {
    public var id: Int64
    public var restaurantID: RestaurantID
    public var kind: MailKind
    public var recipient: String
    public var status: OutboxStatus
    public var attempts: Int
    public var maxAttempts: Int
    public var scheduledFor: Date
    public var lastError: String?
    public var messageID: String
    public var reservationID: UUID?

    public init(id: Int64, restaurantID: RestaurantID, kind: MailKind, recipient: String, status: OutboxStatus, attempts: Int, maxAttempts: Int, scheduledFor: Date, lastError: String? = nil, messageID: String, reservationID: UUID? = nil) {
        self.id = id
        self.restaurantID = restaurantID
        self.kind = kind
        self.recipient = recipient
        self.status = status
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.scheduledFor = scheduledFor
        self.lastError = lastError
        self.messageID = messageID
        self.reservationID = reservationID
    }
}

/// How a failed send is retried: exponential backoff with jitter, 10 s doubling to an hour.
public enum OutboxBackoff {
    public static func delay(afterAttempt attempt: Int, jitter: Double = Double.random(in: 0.8...1.2)) -> TimeInterval {
        min(10 * pow(2, Double(max(0, attempt - 1))), 3600) * jitter
    }
}
