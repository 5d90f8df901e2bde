import Glibc
import POSIXSupport
import Synchronization

/// A self-pipe that lets any thread wake the UI thread out of poll(): worker threads `signal()` after
/// posting results; the loop polls `readFD` and `drain()`s it. Both ends are non-blocking, so a flood of
/// signals never blocks a worker (a full pipe already means "wake up").
public final class WakePipe: Sendable {
    public let readFD: Int32
    public let writeFD: Int32

    public init() throws(SystemCallError) {
        var fds: [Int32] = [0, 0]
        try Syscall.retrying("pipe") { pipe(&fds) }
        do {
            for fd in fds {
                let flags = try Syscall.retrying("fcntl(F_GETFL)") { fcntl(fd, F_GETFL) }
                try Syscall.retrying("fcntl(F_SETFL)") { fcntl(fd, F_SETFL, flags | O_NONBLOCK) }
                try Syscall.retrying("fcntl(F_SETFD)") { fcntl(fd, F_SETFD, FD_CLOEXEC) }
            }
        } catch {
            close(fds[0])
            close(fds[1])
            throw error
        }
        readFD = fds[0]
        writeFD = fds[1]
    }

    deinit {
        close(readFD)
        close(writeFD)
    }

    /// Safe from any thread. A full pipe (EAGAIN) already holds a wake-up. Any other failure cannot be
    /// acted on by the worker that signals, and costs at most a second: the loop's tick collects the results.
    public func signal() {
        var byte: UInt8 = 1
        _ = try? Syscall.retrying("write") { write(writeFD, &byte, 1) }
    }

    /// Empties the pipe (on the loop thread): reads until it would block (EAGAIN ends the loop by design).
    public func drain() {
        var buf = [UInt8](repeating: 0, count: 256)
        while let n = try? Syscall.retrying("read", { read(readFD, &buf, buf.count) }), n > 0 {}
    }
}
