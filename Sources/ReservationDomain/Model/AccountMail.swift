import Foundation

/// The mails an account gets about itself (not about a booking at a venue).
public enum AccountMailKind: String, CaseIterable, Sendable {
    case verify, reset
    case passwordChanged = "password_changed"
    /// Someone registered with the address of an existing account: its owner is told, the registrant is not.
    case alreadyRegistered = "already_registered"

    /// Its template: `templates/mail/<language>/account_<kind>.mustache`.
    public var template: String { "account_\(rawValue)" }
}

/// A claimed account mail, with what writing it needs: the account's address, first name and language,
/// and the link row its token is computed from.
public struct AccountMailJob: Sendable, Hashable {
    public var id: Int64
    public var kind: AccountMailKind
    public var accountID: GuestAccountID
    public var linkID: Int64?
    public var recipient: String
    public var firstName: String
    public var language: String
    public var messageID: String
    public var attempt: Int
    public var linkExpiresAt: Date?

    public init(id: Int64, kind: AccountMailKind, accountID: GuestAccountID, linkID: Int64?, recipient: String, firstName: String,
                language: String, messageID: String, attempt: Int, linkExpiresAt: Date?) {
        self.id = id
        self.kind = kind
        self.accountID = accountID
        self.linkID = linkID
        self.recipient = recipient
        self.firstName = firstName
        self.language = language
        self.messageID = messageID
        self.attempt = attempt
        self.linkExpiresAt = linkExpiresAt
    }
}
