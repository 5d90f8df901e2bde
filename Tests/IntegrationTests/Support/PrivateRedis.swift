import Foundation
import Glibc
import ReservationCore
import ReservationDomain
import ReservationNative

/// `redis-server` on a free loopback port, in a temporary directory, as a child process.
final class PrivateRedis {
    let port: Int
    private let process = Process()
    private let dir: URL

    var url: String { "redis://127.0.0.1:\(port)/0" }

    init() throws {
        port = LoopbackPort.free()
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
}
