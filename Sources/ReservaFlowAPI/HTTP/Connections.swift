import Foundation
import Glibc
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

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
    /// Connections served at once; more wait in the kernel's accept queue until one closes.
    public var maxConnections: Int = 1024

    public init() {}
}

extension API {
    /// The HTTP/1.1 server with the limits above: the timeouts on every connection, answers as JSON when
    /// the request cannot even be parsed, and at most `maxConnections` connections.
    public static func server(_ limits: ConnectionLimits) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            APIChannel(inner: HTTP1Channel(responder: responder, configuration: .init()), limits: limits)
        }
    }

    /// The server's configuration: where it listens, and the connection cap.
    public static func configuration(host: String, port: Int, limits: ConnectionLimits) -> ApplicationConfiguration {
        ApplicationConfiguration(address: .hostname(host, port: port), serverName: "reservaflow-api",
                                 availableConnectionsDelegate: ConnectionCap(max: limits.maxConnections))
    }
}

/// Hummingbird's HTTP/1.1 channel with two watchers added to each connection's pipeline: one in front of
/// the HTTP decoder (it sees the first raw byte of a request and can write an answer as bytes) and one
/// after the codec (it sees request heads and ends and the response's parts, and the parser's errors).
struct APIChannel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value
    let inner: HTTP1Channel
    let limits: ConnectionLimits

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let watch = ConnectionWatch(limits: limits)
        do {
            try channel.pipeline.syncOperations.addHandler(RawBytesWatch(watch), position: .first)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        // Hummingbird builds the pipeline synchronously (makeCompletedFuture): its codec is there now.
        let future = inner.setup(channel: channel, logger: logger)
        do {
            let codec = try channel.pipeline.syncOperations.handler(type: HTTP1ToHTTPServerCodec.self)
            try channel.pipeline.syncOperations.addHandler(RequestPartsWatch(watch), position: .after(codec))
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return future
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

/// One connection's phase and its one timer. Confined to the connection's event loop: both watchers of
/// the connection call it from there, and the timer fires there.
final class ConnectionWatch {
    enum Phase: Equatable {
        /// Waiting for a request head; `sawBytes` once any of it has arrived.
        case header(sawBytes: Bool)
        /// A request's body is being read.
        case body
        /// Every request read is being answered: no timer.
        case handling
        /// Between requests, nothing sent yet.
        case idle
    }

    let limits: ConnectionLimits
    var raw: ChannelHandlerContext?
    private(set) var phase: Phase = .header(sawBytes: false)
    private var timer: Scheduled<Void>?
    /// Requests whose head was read and whose response has not ended.
    private var inFlight = 0
    /// The last head's end has not been read yet.
    private var readingBody = false
    /// The oldest request's response has begun: no other answer can be written on this connection.
    private var responseStarted = false
    /// Bytes of the next request arrived while the last one was being answered (pipelining).
    private var bytesWhileHandling = false
    /// An answer of our own is being written and the connection closed: nothing else is written.
    private(set) var closing = false
    /// The client has shut its side (half-close, or it closed the connection).
    private var inputEnded = false

    init(limits: ConnectionLimits) {
        self.limits = limits
    }

    func activated() {
        if timer == nil, phase == .header(sawBytes: false) { enter(.header(sawBytes: false)) }
    }

    func bytesArrived() {
        switch phase {
        case .idle: enter(.header(sawBytes: true))
        case .header(sawBytes: false): phase = .header(sawBytes: true)
        case .handling: bytesWhileHandling = true
        case .header, .body: break
        }
    }

    func headRead() {
        inFlight += 1
        readingBody = true
        bytesWhileHandling = false
        if inFlight == 1 { enter(.body) }
    }

    func endRead() {
        readingBody = false
        settle()
    }

    func responseHeadWritten() { responseStarted = true }

    func responseEndWritten() {
        inFlight = max(0, inFlight - 1)
        responseStarted = false
        settle()
    }

    func closed() {
        timer?.cancel()
        timer = nil
        raw = nil
    }

    /// The parser refused what the client sent: answered as JSON unless an answer is already under way.
    func protocolError(_ error: any Error) {
        guard !closing else { return }
        if responseStarted { close(); return }
        answer(Self.parseAnswer(error))
    }

    private func settle() {
        if readingBody && inFlight <= 1 {
            enter(.body)  // the rest of a request's body (after its answer), or the next request's
        } else if inFlight > 0 {
            enter(.handling)
        } else if bytesWhileHandling {
            bytesWhileHandling = false
            enter(.header(sawBytes: true))
        } else {
            enter(.idle)
        }
    }

    private func enter(_ next: Phase) {
        phase = next
        timer?.cancel()
        timer = nil
        let seconds: Double
        switch next {
        case .header: seconds = limits.headerTimeout
        case .body: seconds = limits.bodyTimeout
        case .idle: seconds = limits.idleTimeout
        case .handling: return
        }
        guard seconds > 0, let raw else { return }
        timer = raw.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(seconds * 1e9))) { [self] in
            self.timer = nil
            self.expired()
        }
    }

    private func expired() {
        switch phase {
        case .idle, .header(sawBytes: false):
            close()  // nothing was asked: nothing to answer
        case .header(sawBytes: true):
            answer(APIError(status: 408, error: "La solicitud tardó demasiado en llegar: las cabeceras deben llegar completas en \(Self.seconds(limits.headerTimeout)).",
                            code: "request_timeout", field: "headers"))
        case .body:
            if responseStarted || inFlight == 0 { close(); return }
            answer(APIError(status: 408, error: "El cuerpo de la solicitud tardó demasiado en llegar: debe llegar completo en \(Self.seconds(limits.bodyTimeout)).",
                            code: "request_timeout", field: "body"))
        case .handling:
            break
        }
    }

    /// Writes `error` as a whole HTTP/1.1 response straight to the socket, then closes. The way Apache and
    /// nginx do ("lingering close"): our side is shut first and what the client still sends is read and
    /// dropped for up to `linger` seconds; closing at once with unread input makes the kernel send a reset,
    /// which can destroy the answer before the client reads it (a 200 KB header is still arriving).
    private func answer(_ error: APIError) {
        guard !closing, let raw else { return }
        closing = true
        timer?.cancel()
        timer = nil
        let bytes = Self.wire(error)
        let context = raw
        raw.writeAndFlush(NIOAny(raw.channel.allocator.buffer(bytes: bytes))).assumeIsolated().whenComplete { [self] result in
            guard case .success = result, self.raw != nil, !self.inputEnded else { context.close(promise: nil); return }
            context.close(mode: .output, promise: nil)
            self.timer = context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(Self.linger * 1e9))) { [self] in
                self.timer = nil
                context.close(promise: nil)
            }
        }
    }

    /// Seconds a connection we answered and shut is still read (and dropped) before it is closed.
    static let linger = 2.0

    /// The client has sent all it will: a connection we are closing is closed now.
    func inputClosed() {
        inputEnded = true
        if closing { raw?.close(promise: nil) }
    }

    private func close() {
        guard !closing, let raw else { return }
        closing = true
        timer?.cancel()
        timer = nil
        raw.close(promise: nil)
    }

    static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : "\(s) s"
    }

    /// A response on the wire: the status line, the JSON body's headers, and Connection: close.
    static func wire(_ error: APIError) -> [UInt8] {
        let reply = Reply.error(error)
        let reason = [400: "Bad Request", 408: "Request Timeout", 431: "Request Header Fields Too Large"][error.status] ?? "Error"
        var head = "HTTP/1.1 \(error.status) \(reason)\r\nContent-Type: application/json; charset=utf-8\r\n"
        head += "Content-Length: \(reply.body.count)\r\nConnection: close\r\nServer: reservaflow-api\r\n\r\n"
        return Array(head.utf8) + reply.body
    }

    /// What the client is told when its request could not be parsed.
    static func parseAnswer(_ error: any Error) -> APIError {
        if case HTTPParserError.headerOverflow? = error as? HTTPParserError {
            return APIError(status: 431, error: "La solicitud tiene demasiadas cabeceras o demasiado largas (como máximo 1000 cabeceras y 80 KiB en total, línea de petición incluida).",
                            code: "headers_too_large", field: "headers")
        }
        let reason: String
        switch error {
        case let e as HTTPParserError:
            switch e {
            case .invalidVersion: reason = "only HTTP/1.0 and HTTP/1.1 are served"
            case .invalidMethod: reason = "the method is not a valid HTTP method"
            case .invalidURL: reason = "the request target is not a valid path"
            case .invalidHeaderToken: reason = "a header is malformed"
            case .invalidContentLength: reason = "Content-Length is not a number"
            case .unexpectedContentLength: reason = "Content-Length cannot be sent with Transfer-Encoding"
            case .invalidChunkSize: reason = "a chunk size is not valid"
            case .invalidCharactersUsed, .invalidConstant, .lfExpected, .strictModeAssertion: reason = "the request is not valid HTTP/1.1"
            default: reason = "the request is not valid HTTP/1.1"
            }
        case is HTTP1TypeConversionError:
            reason = "the request head cannot be read (method, path or a header)"
        default:
            reason = "the request is not valid HTTP/1.1"
        }
        return APIError(status: 400, error: "Solicitud HTTP no válida: \(reason).", code: "bad_request")
    }
}

/// In front of the HTTP decoder: notes the first byte of a request, and writes our own answers as bytes.
final class RawBytesWatch: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    let watch: ConnectionWatch

    init(_ watch: ConnectionWatch) { self.watch = watch }

    func handlerAdded(context: ChannelHandlerContext) {
        watch.raw = context
        if context.channel.isActive { watch.activated() }
    }

    func handlerRemoved(context: ChannelHandlerContext) { watch.closed() }

    func channelActive(context: ChannelHandlerContext) {
        watch.activated()
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        watch.closed()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // After our own answer what arrives is dropped: the decoder may be in its error state.
        guard !watch.closing else { return }
        watch.bytesArrived()
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            watch.inputClosed()
            if watch.closing { return }
        }
        context.fireUserInboundEventTriggered(event)
    }
}

/// After the codec: request heads and ends, response heads and ends, and the parser's errors.
final class RequestPartsWatch: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart
    let watch: ConnectionWatch

    init(_ watch: ConnectionWatch) { self.watch = watch }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: watch.headRead()
        case .end: watch.endRead()
        case .body: break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if watch.closing {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        switch unwrapOutboundIn(data) {
        case .head: watch.responseHeadWritten()
        case .end: watch.responseEndWritten()
        case .body: break
        }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // The parser's and the codec's refusals are answered here (Hummingbird would send an empty 400);
        // anything else (a reset connection) goes on as before.
        if error is HTTPParserError || error is HTTP1TypeConversionError || error is ByteToMessageDecoderError {
            watch.protocolError(error)
            return
        }
        context.fireErrorCaught(error)
    }
}

/// At most `max` connections at once (Hummingbird stops accepting until one closes). When many have closed
/// since the busiest moment, the C allocator is asked to give the freed pages back to the system
/// (malloc_trim): without it, glibc keeps a flood's memory for the life of the process.
struct ConnectionCap: AvailableConnectionsDelegate {
    let max: Int
    private var count = 0
    private var peak = 0

    init(max: Int) {
        self.max = Swift.max(1, max)
    }

    mutating func connectionOpened() {
        count += 1
        peak = Swift.max(peak, count)
    }

    mutating func connectionClosed() {
        count -= 1
        // Halved since the busiest moment (1024 → 512 → 256 ... → 0): a few trims per flood, none in
        // ordinary traffic.
        if peak - count >= 64, count <= peak / 2 {
            peak = count
            MemoryTrim.soon()
        }
    }

    func isAcceptingNewConnections() -> Bool { count < max }
}

/// glibc's malloc_trim, found at run time (it is not in Swift's Glibc module; other C libraries lack it),
/// run off the event loops, at most one at a time.
enum MemoryTrim {
    private typealias Trim = @convention(c) (Int) -> Int32
    private static let trim: Trim? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: Trim.self)
    }()
    private static let queue = DispatchQueue(label: "reservaflow-api.malloc-trim")

    static func soon() {
        guard let trim else { return }
        queue.async { _ = trim(0) }
    }
}

/// Each connection is a file descriptor: a cap above the process's limit would turn into failed accepts.
public enum FileDescriptors {
    /// Raises the soft RLIMIT_NOFILE (up to the hard one) to fit `connections` plus the server's own
    /// descriptors (database and Redis connections, logs); says so when the hard limit is lower.
    public static func raiseSoftLimit(toServe connections: Int, logger: Logger) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        let wanted = rlim_t(connections + 256)
        guard limit.rlim_cur < wanted else { return }
        let target = min(wanted, limit.rlim_max)  // RLIM_INFINITY is the largest rlim_t
        var raised = limit
        raised.rlim_cur = target
        if target > limit.rlim_cur, setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        if limit.rlim_cur < wanted {
            logger.notice("open files are limited to \(limit.rlim_cur): fewer than --max-connections \(connections) + 256; raise the limit (LimitNOFILE=) or lower --max-connections")
        }
    }
}
