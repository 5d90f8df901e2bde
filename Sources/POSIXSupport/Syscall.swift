import Glibc

/// A system call that failed: which call, and errno, worded for a log line or an error message.
public struct SystemCallError: Error, CustomStringConvertible, Sendable, Equatable {
    public var call: String
    public var errno: Int32

    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    public var description: String { "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))" }
}

/// The one way the programs make system calls (swift-nio's `syscall(blocking:)` is the model): a call
/// interrupted by a signal (EINTR: SIGWINCH arrives on every resize) is made again, and any other failure
/// is thrown typed, never dropped.
public enum Syscall {
    /// For calls that return -1 and set errno (`fcntl`, `write`, `read`, `pipe`). Never `close`: Linux frees
    /// the descriptor even when close reports EINTR, so a second close could close one another thread has
    /// just been given.
    @discardableResult
    public static func retrying<T: BinaryInteger>(_ call: String, _ body: () -> T) throws(SystemCallError) -> T {
        while true {
            let result = body()
            if result != -1 { return result }
            let code = Glibc.errno
            if code != EINTR { throw SystemCallError(call: call, errno: code) }
        }
    }

    /// poll(2), where an interruption is itself an answer: nothing became readable, look again. (Retrying
    /// it would sit out the whole timeout after a resize, whose KEY_RESIZE waits in curses' queue, not on
    /// any descriptor.) Returns how many descriptors are ready, 0 when interrupted or timed out.
    @discardableResult
    public static func poll(_ fds: inout [pollfd], timeoutMs: Int32) throws(SystemCallError) -> Int32 {
        let ready = Glibc.poll(&fds, nfds_t(fds.count), timeoutMs)
        if ready >= 0 { return ready }
        let code = Glibc.errno
        if code == EINTR { return 0 }
        throw SystemCallError(call: "poll", errno: code)
    }

    /// For pthread calls, which return the error number instead of setting errno.
    public static func pthread(_ call: String, _ body: () -> Int32) throws(SystemCallError) {
        let code = body()
        if code != 0 { throw SystemCallError(call: call, errno: code) }
    }
}
