import Foundation
import Glibc
import Synchronization

/// A TCP proxy on a loopback port in front of PostgreSQL that can cut a connection at the one moment no
/// timeout or kill can hit on purpose: around a COMMIT. Armed `.beforeCommit`, it drops the connection as
/// the client sends COMMIT (the server never gets it: the transaction rolls back); armed `.afterCommit`, as
/// the server answers it (the transaction is committed, the client never hears so). Either way the client
/// sees a connection lost with a COMMIT in flight: an outcome it cannot know. Plain TCP (sslmode=disable).
final class CuttingProxy: @unchecked Sendable {
    enum Cut: Sendable {
        case none, beforeCommit, afterCommit
        /// The next COMMIT is held, the connection left open and silent: a server that stopped answering
        /// (hung, SIGSTOPped) as the client sees it.
        case stallAtCommit
    }

    let port: Int
    private let target: Int
    private let listener: Int32
    private let armed = Mutex<Cut>(.none)
    private let fired = Atomic<Int>(0)
    private let opened = Atomic<Int>(0)

    init(targetPort: Int) throws {
        target = targetPort
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = Self.loopback(0)
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        guard withUnsafeMutablePointer(to: &addr, { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }) == 0,
              listen(fd, 64) == 0 else { close(fd); throw TestStackError("proxy: cannot listen") }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        listener = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { shutdown(listener, Int32(SHUT_RDWR)); close(listener) }

    /// The next COMMIT that passes is cut as `cut` says (once).
    func arm(_ cut: Cut) { armed.withLock { $0 = cut } }
    /// How many connections were cut.
    var cuts: Int { fired.load(ordering: .relaxed) }
    /// How many connections clients have opened through the proxy (a client's attempts can be counted).
    var accepted: Int { opened.load(ordering: .relaxed) }

    /// A URL for `url` (a postgresql:// URL on 127.0.0.1) that goes through the proxy, without TLS.
    func route(_ url: String) -> String {
        let replaced = url.replacingOccurrences(of: #"@127\.0\.0\.1:\d+/"#, with: "@127.0.0.1:\(port)/", options: .regularExpression)
        return replaced + (replaced.contains("?") ? "&" : "?") + "sslmode=disable"
    }

    private static func loopback(_ port: Int) -> sockaddr_in {
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_port = in_port_t(UInt16(port).bigEndian)
        a.sin_addr.s_addr = inet_addr("127.0.0.1")
        return a
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 { return }
            opened.add(1, ordering: .relaxed)
            let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var addr = Self.loopback(target)
            let ok = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
            guard ok else { close(client); close(server); continue }
            let pair = Pair(client: client, server: server)
            Thread { [self] in pump(pair, from: client, to: server, cutOn: .beforeCommit) }.start()
            Thread { [self] in pump(pair, from: server, to: client, cutOn: .afterCommit) }.start()
        }
    }

    /// Both ends of one proxied connection, closed once.
    private final class Pair: @unchecked Sendable {
        let client: Int32, server: Int32
        private let closed = Atomic<Bool>(false)
        init(client: Int32, server: Int32) { self.client = client; self.server = server }
        func cut() {
            guard !closed.exchange(true, ordering: .relaxed) else { return }
            shutdown(client, Int32(SHUT_RDWR)); shutdown(server, Int32(SHUT_RDWR))
            close(client); close(server)
        }
    }

    /// The COMMIT as the client sends it (a query text) and as the server answers it (CommandComplete's tag).
    private static let commit = Array("COMMIT\0".utf8)

    private func pump(_ pair: Pair, from: Int32, to: Int32, cutOn: Cut) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(from, &buffer, buffer.count)
            if n <= 0 { pair.cut(); return }
            let chunk = Array(buffer[0..<n])
            if Self.contains(chunk, Self.commit) {
                let now = armed.withLock { cut -> Bool in
                    guard cut == cutOn else { return false }
                    cut = .none
                    return true
                }
                let stall = !now && cutOn == .beforeCommit && armed.withLock { cut -> Bool in
                    guard cut == .stallAtCommit else { return false }
                    cut = .none
                    return true
                }
                if now || stall {
                    fired.add(1, ordering: .relaxed)
                    if stall {
                        // Silent from here on; closed when the client gives up (its read returns 0).
                        while read(from, &buffer, buffer.count) > 0 {}
                    }
                    pair.cut()
                    return
                }
            }
            var sent = 0
            while sent < n {
                let w = chunk[sent...].withUnsafeBytes { write(to, $0.baseAddress, n - sent) }
                if w <= 0 { pair.cut(); return }
                sent += w
            }
        }
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { i in haystack[i..<(i + needle.count)].elementsEqual(needle) }
    }
}
