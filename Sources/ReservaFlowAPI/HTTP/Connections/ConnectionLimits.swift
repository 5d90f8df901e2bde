import Hummingbird
import HummingbirdCore

/// How long a client may take, and how many are served at once (docs/api.md, "Slow clients"). The model is
/// Go's net/http: a new connection has `headerTimeout` to send a whole request head; then `bodyTimeout`
/// for the whole body (however it trickles in); between requests a keep-alive connection waits at most
/// `idleTimeout` for the first byte of the next one, and then `headerTimeout` for its head. While the
/// server is working on a request no timer runs (the database's own deadlines bound that).
public struct ConnectionLimits: Sendable, Hashable {
    /// Seconds a keep-alive connection may sit between requests. Above common load balancers' idle
    /// timeouts (AWS ALB 60 s), so the balancer, not this server, closes a pooled connection.
    public var idleTimeout: Double = 75
    /// Seconds from accepting a connection (or the next request's first byte) to its whole head.
    public var headerTimeout: Double = 10
    /// Seconds from a request's head to the end of its body (at most 64 KiB here).
    public var bodyTimeout: Double = 30
    /// Connections served at once; more wait in the kernel's accept queue until one closes. A hard cap:
    /// counted when each is set up (`ConnectionSlots`) as well as at the accept loop (`ConnectionCap`).
    public var maxConnections: Int = 1024

    public init() {}
}

extension API {
    /// The HTTP/1.1 server with the limits above: the timeouts on every connection, answers as JSON when
    /// the request cannot even be parsed, and at most `maxConnections` connections served at once.
    public static func server(_ limits: ConnectionLimits) -> HTTPServerBuilder {
        let slots = ConnectionSlots(max: limits.maxConnections)
        return HTTPServerBuilder { responder in
            APIChannel(inner: HTTP1Channel(responder: responder, configuration: .init()), limits: limits, slots: slots)
        }
    }

    /// The server's configuration: where it listens, and the connection cap at the accept loop (run the
    /// application with `acceptOneAtATime` so that it stops exactly at the cap).
    public static func configuration(host: String, port: Int, limits: ConnectionLimits) -> ApplicationConfiguration {
        ApplicationConfiguration(address: .hostname(host, port: port), serverName: "reservaflow-api",
                                 availableConnectionsDelegate: ConnectionCap(max: limits.maxConnections))
    }
}
