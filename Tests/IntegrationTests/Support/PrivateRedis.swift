import Foundation
import Glibc
import ReservationCore

/// `redis-server` on a free loopback port, in a temporary directory, as a child process.
final class PrivateRedis {
    let port: Int
    private let process = Process()
    private let dir: URL

    var url: String { "redis://127.0.0.1:\(port)/0" }

    init() throws {
        port = Self.freePort()
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("rf-redis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/redis-server")
        process.arguments = ["--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--daemonize", "no", "--dir", dir.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<100 {
            if (try? RedisConnection(host: "127.0.0.1", port: Int32(port))) != nil { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill()
        throw TestStackError("redis-server did not start on port \(port)")
    }

    /// SIGKILL, as a crash would; waits until it is gone.
    func kill() {
        guard process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit {
        kill()
        try? FileManager.default.removeItem(at: dir)
    }

    /// A port the kernel just handed out for an ephemeral bind (free now, very likely free a moment later).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}
