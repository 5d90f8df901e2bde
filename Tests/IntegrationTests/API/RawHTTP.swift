import Foundation
import Glibc

/// A TCP socket to the API on 127.0.0.1, for what URLSession cannot send: half-sent headers, stalled
/// bodies, HTTP/0.9 request lines, thousands of headers. Blocking connect, reads with deadlines.
final class RawHTTP {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestStackError("socket: errno \(errno)") }
        var addr = Self.loopback(port)
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard ok else {
            let e = errno
            close(fd)
            throw TestStackError("connect to 127.0.0.1:\(port): errno \(e)")
        }
    }

    convenience init(_ api: APIServer) throws { try self.init(port: RawHTTP.port(of: api)) }

    deinit { close(fd) }

    static func port(of api: APIServer) -> Int { Int(api.base.split(separator: ":").last ?? "") ?? 0 }

    static func loopback(_ port: Int) -> sockaddr_in {
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        return addr
    }

    /// False once the server has closed its end (EPIPE / ECONNRESET).
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 { if errno == EINTR { continue }; return false }
            sent += n
        }
        return true
    }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// What arrives within `seconds`, and whether the server closed the connection by then.
    func read(for seconds: Double, untilClosed: Bool = true) -> (data: [UInt8], closed: Bool) {
        var out: [UInt8] = []
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return (out, false) }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let r = poll(&p, 1, Int32(max(1, left * 1000)))
            if r < 0 { if errno == EINTR { continue }; return (out, true) }
            if r == 0 { return (out, false) }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return (out, true) }
            out += buffer[0..<n]
            if !untilClosed, Self.responseComplete(out) { return (out, false) }
        }
    }

    /// One whole response (head and a Content-Length body) has arrived.
    static func responseComplete(_ bytes: [UInt8]) -> Bool {
        guard let r = Response(bytes) else { return false }
        return r.body.count >= r.contentLength
    }

    /// A response as bytes on the wire: status, headers (lower-cased names), body.
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
        var contentLength: Int

        init?(_ bytes: [UInt8]) {
            let sep: [UInt8] = Array("\r\n\r\n".utf8)
            guard let end = (0..<max(0, bytes.count - 3)).first(where: { Array(bytes[$0..<$0 + 4]) == sep }) else { return nil }
            let head = String(decoding: bytes[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
            let statusParts = head[0].split(separator: " ")
            guard statusParts.count >= 2, let code = Int(statusParts[1]) else { return nil }
            status = code
            var h: [String: String] = [:]
            for line in head.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                h[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            headers = h
            body = Array(bytes[(end + 4)...])
            contentLength = Int(h["content-length"] ?? "") ?? 0
        }

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
    }
}

/// The resident memory of a process, from /proc (kB → MB).
func residentMegabytes(_ pid: Int32) -> Double {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
          let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return -1 }
    return kb / 1024
}

/// The client connections a server process holds open on `port`: its socket descriptors whose TCP entry
/// (in /proc/<pid>/net/tcp) has that local port and is not the listening socket. Its own database and
/// Redis connections, and connections still queued in the kernel, are not counted.
///
/// Counted by inode, each once: the kernel writes that table a page (4 KiB) per read() and resumes from
/// "bucket b, entry k" at the next one, so while connections come and go (a flood) an entry can be written
/// twice: during this suite's flood, counting rows gave up to 2,458 for 1,025 sockets. Entries can also be
/// missed the same way, so a count is a lower bound: no socket is counted that was not open all along
/// from the descriptor listing to the table's end. `serverSocketDescriptors` is the cross-check.
func serverConnections(_ pid: Int32, port: Int) -> Int {
    let inodes = socketInodes(pid)
    let hexPort = String(format: ":%04X", port)
    var held = Set<Substring>()
    for table in ["tcp", "tcp6"] {
        for f in tcpTable(pid, table) {
            // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
            guard f.count > 9, f[1].hasSuffix(hexPort), f[3] != "0A", inodes.contains(f[9]) else { continue }
            held.insert(f[9])
        }
    }
    return held.count
}

/// Every socket descriptor the process holds (client connections, and its database and Redis ones): no
/// table to race with, an upper bound on the connections it holds once its own at rest are taken off.
func serverSocketDescriptors(_ pid: Int32) -> Int { socketInodes(pid).count }

private func socketInodes(_ pid: Int32) -> Set<Substring> {
    let dir = "/proc/\(pid)/fd"
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
    var inodes = Set<Substring>()
    for e in entries {
        let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(dir)/\(e)")) ?? ""
        if target.hasPrefix("socket:[") { inodes.insert(target.dropFirst(8).dropLast()) }
    }
    return inodes
}

/// The rows of /proc/<pid>/net/`table`, split into fields (the header line dropped).
private func tcpTable(_ pid: Int32, _ table: String) -> [[Substring]] {
    // Read to the end: /proc says its files are empty, and a single read returns one page of a long table.
    let text = FileHandle(forReadingAtPath: "/proc/\(pid)/net/\(table)").map { String(decoding: $0.readDataToEndOfFile(), as: UTF8.self) } ?? ""
    return text.split(separator: "\n").dropFirst().map { $0.split(separator: " ", omittingEmptySubsequences: true) }
}

/// Connections to `port` the kernel is still completing or retrying, which may yet reach the server's
/// accept queue: half-open ones at the server (SYN-RECV) and client sockets whose process has exited
/// (inode 0) that are not TIME-WAIT (a client's FIN and data are retransmitted for a minute and more,
/// and a SYN cookie can turn one into a connection then). Diagnostics: what "quiet" is waiting out.
func connectionsInTransit(_ pid: Int32, port: Int) -> Int {
    let hexPort = String(format: ":%04X", port)
    var count = 0
    for table in ["tcp", "tcp6"] {
        for f in tcpTable(pid, table) where f.count > 9 {
            if f[1].hasSuffix(hexPort), f[3] == "03" { count += 1 }
            if f[2].hasSuffix(hexPort), f[9] == "0", f[3] != "06" { count += 1 }
        }
    }
    return count
}

/// Connections the kernel has completed on `pid`'s listening socket at `port` that the server has not
/// accepted yet (the LISTEN row's rx_queue): they become server connections when it gets to them.
func acceptBacklog(_ pid: Int32, port: Int) -> Int {
    let hexPort = String(format: ":%04X", port)
    var count = 0
    for table in ["tcp", "tcp6"] {
        for f in tcpTable(pid, table) {
            guard f.count > 4, f[1].hasSuffix(hexPort), f[3] == "0A", let rx = f[4].split(separator: ":").last else { continue }
            count += Int(rx, radix: 16) ?? 0
        }
    }
    return count
}

