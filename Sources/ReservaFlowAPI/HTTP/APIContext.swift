import Hummingbird
import Logging
import NIOCore

/// The request context: Hummingbird's basics plus the client's address (for rate limits and idempotency
/// keys of anonymous callers). Behind a proxy, `--trust-forwarded-for` makes X-Forwarded-For count instead.
public struct APIContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let peer: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peer = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Bodies larger than this are refused with 413 before they are read whole.
    public var maxUploadSize: Int { 64 * 1024 }
}
