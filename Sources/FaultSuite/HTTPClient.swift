import Foundation
import Glibc

/// One HTTP answer: status, headers (names lowercased) and the whole body.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body as a JSON object, when it is one.
    public var json: [String: Any]? {
        guard !body.isEmpty else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }
}

/// Why no answer came. Every one of these is an unknown outcome for the request, except `refused` before
/// anything was sent (which the caller may still treat as unknown: the fault suite does, and lets the
/// checker find out).
public enum HTTPFailure: Error, Sendable, CustomStringConvertible {
    /// Nothing listens on the port (the server is down): the request was never sent.
    case refused
    /// The connection could not be made for another reason (or not in time).
    case connect(String)
    /// No whole answer within the timeout.
    case timeout(sent: Bool)
    /// The connection broke (reset, closed early) before the whole answer came.
    case broken(sent: Bool, String)
    /// An answer that is not HTTP/1.1 as we know it.
    case malformed(String)

    public var description: String {
        switch self {
        case .refused: "connection refused"
        case .connect(let why): "cannot connect: \(why)"
        case .timeout(let sent): sent ? "no answer in time" : "the request could not be sent in time"
        case .broken(let sent, let why): sent ? "the connection broke before the answer (\(why))" : "the connection broke while sending (\(why))"
        case .malformed(let why): "malformed answer: \(why)"
        }
    }

    /// A short name for the journal's `errorKind`.
    public var kind: String {
        switch self {
        case .refused: "connectionRefused"
        case .connect: "connectFailed"
        case .timeout: "timeout"
        case .broken: "connectionBroken"
        case .malformed: "malformedAnswer"
        }
    }
}

/// A small blocking HTTP/1.1 client over a POSIX socket, for one thread: one keep-alive connection, made
/// again whenever it broke or the server closed it. Loopback and IPv4 literals only (the fault suite talks
/// to an API it started itself). Deliberately no automatic retries: a request whose answer was lost is the
/// caller's to settle, with its Idempotency-Key.
public final class HTTPClient {
    public let host: String
    public let port: UInt16
    /// The URL's path, without a trailing slash ("" for the root), put before every request's path.
    public let basePath: String
    private var fd: Int32 = -1
    private var pending: [UInt8] = []

    /// `http://127.0.0.1:8000` (a path after it is a prefix for every request).
    public init(url: String) throws(HTTPFailure) {
        guard let u = URLComponents(string: url), u.scheme == "http", let h = u.host, !h.isEmpty else {
            throw .connect("\(url) is not an http:// URL")
        }
        host = h == "localhost" ? "127.0.0.1" : h
        var probe = in_addr()
        guard inet_pton(AF_INET, host, &probe) == 1 else { throw .connect("\(h) is not an IPv4 address (use 127.0.0.1)") }
        port = UInt16(u.port ?? 80)
        basePath = u.path.hasSuffix("/") ? String(u.path.dropLast()) : u.path
    }

    deinit { close() }

    public func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
        pending = []
    }

    /// Sends one request and reads its whole answer, within `timeout` seconds in all (connecting included).
    public func send(_ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8]? = nil,
                     timeout: Double) throws(HTTPFailure) -> HTTPResponse {
        let deadline = ContinuousClock.now + .milliseconds(Int64(max(0.05, timeout) * 1000))
        if fd >= 0 && peerClosed() { close() }
        if fd < 0 { try connect(deadline) }
        var head = "\(method) \(basePath)\(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nUser-Agent: reservaflow-faults\r\nAccept: application/json\r\n"
        for (k, v) in headers { head += "\(k): \(v)\r\n" }
        if let body {
            head += "Content-Length: \(body.count)\r\n"
        } else if method == "POST" || method == "PATCH" || method == "PUT" {
            head += "Content-Length: 0\r\n"
        }
        head += "\r\n"
        let bytes = Array(head.utf8) + (body ?? [])
        do {
            try write(bytes, deadline)
            let response = try read(deadline, head: method == "HEAD")
            if response.headers["connection"]?.lowercased() == "close" { close() }
            return response
        } catch {
            close()
            throw error
        }
    }

    // MARK: The socket

    /// A kept-alive connection the server has closed meanwhile (idle timeout, restart): readable with
    /// nothing to read. Checked before sending, so such a connection is replaced rather than written to.
    private func peerClosed() -> Bool {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, 0) > 0 else { return false }
        var byte: UInt8 = 0
        let n = recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        return n <= 0
    }

    private func remaining(_ deadline: ContinuousClock.Instant) -> Int32 {
        let left = deadline - ContinuousClock.now
        let ms = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(0, ms))
    }

    private func connect(_ deadline: ContinuousClock.Instant) throws(HTTPFailure) {
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard s >= 0 else { throw .connect(String(cString: strerror(errno))) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        _ = inet_pton(AF_INET, host, &addr.sin_addr)
        let flags = fcntl(s, F_GETFL, 0)
        _ = fcntl(s, F_SETFL, flags | O_NONBLOCK)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if rc != 0 {
            let e = errno
            if e == ECONNREFUSED { Glibc.close(s); throw .refused }
            guard e == EINPROGRESS else { Glibc.close(s); throw .connect(String(cString: strerror(e))) }
            var p = pollfd(fd: s, events: Int16(POLLOUT), revents: 0)
            let ready = poll(&p, 1, remaining(deadline))
            guard ready > 0 else { Glibc.close(s); throw .timeout(sent: false) }
            var err: Int32 = 0
            var len = socklen_t(MemoryLayout<Int32>.size)
            _ = getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len)
            if err == ECONNREFUSED { Glibc.close(s); throw .refused }
            if err != 0 { Glibc.close(s); throw .connect(String(cString: strerror(err))) }
        }
        var one: Int32 = 1
        _ = setsockopt(s, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        fd = s
        pending = []
    }

    private func write(_ bytes: [UInt8], _ deadline: ContinuousClock.Instant) throws(HTTPFailure) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { buf in
                Glibc.send(fd, buf.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n > 0 { offset += n; continue }
            let e = errno
            if n < 0 && (e == EAGAIN || e == EWOULDBLOCK || e == EINTR) {
                var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                if poll(&p, 1, remaining(deadline)) <= 0 { throw .timeout(sent: offset > 0) }
                continue
            }
            // A request cut off part way may still have been read whole by the server: unknown either way.
            throw .broken(sent: offset > 0, String(cString: strerror(e)))
        }
    }

    /// More bytes into `pending`; false at the end of the stream.
    private func fill(_ deadline: ContinuousClock.Instant) throws(HTTPFailure) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, Int32(MSG_DONTWAIT)) }
            if n > 0 {
                pending.append(contentsOf: chunk[0..<n])
                return true
            }
            if n == 0 { return false }
            let e = errno
            guard e == EAGAIN || e == EWOULDBLOCK || e == EINTR else { throw .broken(sent: true, String(cString: strerror(e))) }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&p, 1, remaining(deadline)) <= 0 { throw .timeout(sent: true) }
        }
    }

    private func read(_ deadline: ContinuousClock.Instant, head: Bool) throws(HTTPFailure) -> HTTPResponse {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headerEnd: Int?
        while headerEnd == nil {
            if let r = find(separator, in: pending) { headerEnd = r; break }
            guard try fill(deadline) else {
                throw .broken(sent: true, pending.isEmpty ? "closed with no answer" : "closed in the middle of the answer's head")
            }
        }
        let headText = String(decoding: pending[0..<headerEnd!], as: UTF8.self)
        pending.removeFirst(headerEnd! + 4)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2)
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]) else {
            throw .malformed("status line \(statusLine.joined(separator: " ").prefix(60))")
        }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body: [UInt8] = []
        if head || status == 204 || status == 304 || (100..<200).contains(status) {
            // no body
        } else if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            while true {
                let crlf: [UInt8] = [13, 10]
                var lineEnd = find(crlf, in: pending)
                while lineEnd == nil {
                    guard try fill(deadline) else { throw .broken(sent: true, "closed in the middle of a chunked body") }
                    lineEnd = find(crlf, in: pending)
                }
                let sizeText = String(decoding: pending[0..<lineEnd!], as: UTF8.self).split(separator: ";").first ?? ""
                guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { throw .malformed("chunk size") }
                pending.removeFirst(lineEnd! + 2)
                while pending.count < size + 2 {
                    guard try fill(deadline) else { throw .broken(sent: true, "closed in the middle of a chunk") }
                }
                body.append(contentsOf: pending[0..<size])
                pending.removeFirst(size + 2)
                if size == 0 { break }  // (trailers are not used by the server)
            }
        } else if let lengthText = headers["content-length"] {
            guard let length = Int(lengthText), length >= 0 else { throw .malformed("content-length \(lengthText)") }
            while pending.count < length {
                guard try fill(deadline) else { throw .broken(sent: true, "closed after \(pending.count) of \(length) body bytes") }
            }
            body = Array(pending[0..<length])
            pending.removeFirst(length)
        } else {
            // No length: the body runs to the end of the connection.
            while try fill(deadline) {}
            body = pending
            pending = []
            close()
        }
        return HTTPResponse(status: status, headers: headers, body: body)
    }

    private func find(_ needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        var i = 0
        while i <= hay.count - needle.count {
            if hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}
