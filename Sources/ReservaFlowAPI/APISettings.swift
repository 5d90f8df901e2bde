import ReservationDomain

/// How the server runs: where it listens is the executable's business; these are the rules it applies.
public struct APISettings: Sendable {
    public var limits = RateLimits()
    public var tokens = TokenLifetimes()
    /// The key that signs confirm links (LINK_SECRET); without it only staff confirm holds.
    public var linkSecret: String?
    /// Take the client's address from X-Forwarded-For (only behind a proxy you run).
    public var trustForwardedFor = false
    /// Rows per database read when a list is streamed whole.
    public var streamBatch = 2000

    public init() {}
}
