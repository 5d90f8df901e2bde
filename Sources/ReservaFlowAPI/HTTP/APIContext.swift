import Hummingbird
import Logging
import NIOCore

/// The request context: Hummingbird's basics, the client's address (for rate limits and idempotency keys
/// of anonymous callers), and what the middleware in front of a route has read for it.
public struct APIContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The address the connection comes from.
    public let peer: String
    /// Who the request counts against: `peer`, or behind a proxy you run the first X-Forwarded-For
    /// address (`ClientAddressMiddleware`, with `--trust-forwarded-for`).
    var client: String
    /// The request's body, read whole under `maxUploadSize` (`BodyMiddleware`); empty for GET and HEAD.
    var body: [UInt8] = []
    /// The bearer token sent, not yet checked (`BearerMiddleware`; the check needs the book).
    var bearer: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peer = source.channel.remoteAddress?.ipAddress ?? "unknown"
        client = peer
    }

    /// Bodies larger than this are refused with 413 before they are read whole.
    public var maxUploadSize: Int { 64 * 1024 }
}
