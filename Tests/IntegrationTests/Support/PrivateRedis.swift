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

    /// `extra`: more settings (`--replicaof 127.0.0.1 6379`). `sentinel`: a Redis Sentinel instead of a
    /// server, with these lines in its config file (Sentinel rewrites its file, so it gets one of its own).
    init(extra: [String] = [], sentinel: [String]? = nil) throws {
        port = LoopbackPort.free()
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("rf-redis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/redis-server")
        if let sentinel {
            let conf = dir.appendingPathComponent("sentinel.conf")
            try (["port \(port)", "bind 127.0.0.1", "dir \(dir.path)"] + sentinel).joined(separator: "\n").appending("\n")
                .write(to: conf, atomically: true, encoding: .utf8)
            process.arguments = [conf.path, "--sentinel"]
        } else {
            process.arguments = ["--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                                 "--daemonize", "no", "--dir", dir.path] + extra
        }
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
        process.exitStatus()
    }

    deinit {
        kill()
        try? FileManager.default.removeItem(at: dir)
    }
}
