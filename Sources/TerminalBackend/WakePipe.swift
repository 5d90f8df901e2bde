import Glibc
import Synchronization

/// A self-pipe that lets any thread wake the UI thread out of poll(): worker threads `signal()` after
/// posting results; the loop polls `readFD` and `drain()`s it. Both ends are non-blocking, so a flood of
/// signals never blocks a worker (a full pipe already means "wake up").
public final class WakePipe: Sendable {
    public let readFD: Int32
    public let writeFD: Int32

    public init() throws(WakePipeError) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw WakePipeError(errno: errno) }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        readFD = fds[0]
        writeFD = fds[1]
    }

    deinit {
        close(readFD)
        close(writeFD)
    }

    /// Safe from any thread.
    public func signal() {
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1)
    }

    /// Empties the pipe (on the loop thread).
    public func drain() {
        var buf = [UInt8](repeating: 0, count: 256)
        while read(readFD, &buf, buf.count) > 0 {}
    }
}

public struct WakePipeError: Error, CustomStringConvertible, Sendable {
    public var errno: Int32
    public var description: String { "Could not create the wake-up pipe: \(String(cString: strerror(errno)))" }
}
