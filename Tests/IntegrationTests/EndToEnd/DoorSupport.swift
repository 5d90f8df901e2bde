import Foundation
import Glibc
import Testing
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

/// A Unix socket or a loopback TCP port on the server's side that greets whoever connects.
final class Greeter: @unchecked Sendable {
    /// What `ssh -L` forwards to: the socket's path, or 127.0.0.1:port.
    let address: String
    private let path: String?
    private let fd: Int32

    init(unixPath path: String) throws {
        self.path = path
        address = path
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: addr.sun_path) else { throw E2EError("socket path too long") }
        withUnsafeMutableBytes(of: &addr.sun_path) { $0.copyBytes(from: bytes) }
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try start(bound)
    }

    init(tcpPort port: Int) throws {
        path = nil
        address = "127.0.0.1:\(port)"
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try start(bound)
    }

    private func start(_ bound: Int32) throws {
        guard bound == 0, listen(fd, 8) == 0 else { throw E2EError("cannot listen on \(address)") }
        let listener = fd
        Thread {
            while true {
                let c = accept(listener, nil, nil)
                if c < 0 { return }
                let hello = Array("rf-forwarded\n".utf8)
                _ = hello.withUnsafeBytes { write(c, $0.baseAddress, $0.count) }
                close(c)
            }
        }.start()
    }

    deinit {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
        if let path { unlink(path) }
    }

    /// What a connection to 127.0.0.1:`port` receives within 3 s; nil when nothing listens there yet.
    static func read(fromLoopbackPort port: Int) -> String? {
        guard let fd = LoopbackPort.connect(port) else { return nil }
        defer { close(fd) }
        var out = [UInt8]()
        var buf = [UInt8](repeating: 0, count: 256)
        let deadline = Date().addingTimeInterval(3)
        while Date() < deadline {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, 200) >= 0 else { break }
            if p.revents == 0 { continue }
            let n = Glibc.read(fd, &buf, buf.count)
            if n <= 0 { break }
            out += buf[0..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Programs started the way a terminal would start them: posix_spawn with an empty signal mask and default
/// handlers (the test runner's threads block most signals, SIGTERM included, and a child inherits that),
/// only descriptors 0-2 passed on, and reaped with waitpid (Foundation's Process waits for descriptors
/// that a child's own children may hold, and its children here outlived it).
enum DoorProcess {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let defaultEnvironment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]

    /// stdin /dev/null, stdout and stderr to these files (or /dev/null).
    static func spawn(_ argv: [String], environment: [String: String] = defaultEnvironment,
                      stdout: String = "/dev/null", stderr: String = "/dev/null") throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        ChildProcesses.closeOnExecAll()
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        ChildProcesses.cleanSignals(&attributes)
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            cArgs.forEach { free($0) }
            cEnv.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
        guard rc == 0 else { throw E2EError("cannot start \(argv[0]) (\(rc))") }
        return pid
    }

    /// The exit status (128 + the signal for a signal), or nil when it is still running after `timeout`.
    static func wait(_ pid: pid_t, timeout: TimeInterval) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f) }
            if r < 0 && errno != EINTR { return -1 }
            if Date() >= deadline { return nil }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    /// Ends it (SIGTERM, then SIGKILL) and reaps it.
    static func stop(_ pid: pid_t) {
        kill(pid, SIGTERM)
        if wait(pid, timeout: 5) == nil {
            kill(pid, SIGKILL)
            _ = wait(pid, timeout: 5)
        }
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = defaultEnvironment,
                    timeout: TimeInterval = 60) throws -> Run {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("rf-door-out-\(UUID().uuidString)").path
        let err = FileManager.default.temporaryDirectory.appendingPathComponent("rf-door-err-\(UUID().uuidString)").path
        defer {
            unlink(out)
            unlink(err)
        }
        let pid = try spawn([executable] + arguments, environment: environment, stdout: out, stderr: err)
        guard let status = wait(pid, timeout: timeout) else {
            stop(pid)
            throw E2EError("\(executable) \(arguments) did not finish in \(timeout) s")
        }
        return Run(status: status, stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
                   stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
    }
}
