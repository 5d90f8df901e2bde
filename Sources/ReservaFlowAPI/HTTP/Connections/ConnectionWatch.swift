import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1

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
        // The write itself has `linger` too: a client that reads nothing can leave it pending for ever.
        closeAfterLinger(context)
        raw.writeAndFlush(NIOAny(raw.channel.allocator.buffer(bytes: bytes))).assumeIsolated().whenComplete { [self] result in
            guard case .success = result, self.raw != nil, !self.inputEnded else { context.close(promise: nil); return }
            context.close(mode: .output, promise: nil)
            self.closeAfterLinger(context)
        }
    }

    private func closeAfterLinger(_ context: ChannelHandlerContext) {
        timer?.cancel()
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(Self.linger * 1e9))) { [self] in
            self.timer = nil
            context.close(promise: nil)
        }
    }

    /// Seconds a connection we answered and shut is still read (and dropped) before it is closed.
    static let linger = 2.0

    /// The client has sent all it will: a connection we are closing is closed now, and so is one that has
    /// asked nothing (no request under way, none begun): there is nothing to answer. Done here, on the
    /// event loop, rather than left to the connection's task, which a busy server may not have started yet
    /// (a flood's clients leaving were held until their header timeout).
    func inputClosed() {
        inputEnded = true
        if closing {
            raw?.close(promise: nil)
        } else if inFlight == 0, phase == .idle || phase == .header(sawBytes: false) {
            close()
        }
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
