import Glibc
import POSIXSupport
import Testing

@Suite("Syscall: EINTR is retried, every other failure is thrown with its errno")
struct SyscallTests {
    @Test func interruptedCallsAreMadeAgain() throws {
        var calls = 0
        let result = try Syscall.retrying("fake") { () -> Int32 in
            calls += 1
            if calls < 3 {
                errno = EINTR
                return -1
            }
            return 7
        }
        #expect(result == 7 && calls == 3)
    }

    @Test func otherFailuresAreThrownNamingTheCall() {
        #expect(throws: SystemCallError(call: "fcntl(F_GETFL)", errno: EBADF)) {
            try Syscall.retrying("fcntl(F_GETFL)") { fcntl(-1, F_GETFL) }
        }
        #expect(throws: SystemCallError(call: "pthread_kill", errno: ESRCH)) {
            try Syscall.pthread("pthread_kill") { ESRCH }
        }
        #expect(SystemCallError(call: "write", errno: EBADF).description.hasPrefix("write failed: Bad file descriptor"))
    }

    @Test func pollSaysHowManyAreReady() throws {
        var ends: [Int32] = [0, 0]
        try Syscall.retrying("pipe") { pipe(&ends) }
        defer { close(ends[0]); close(ends[1]) }
        var fds = [pollfd(fd: ends[0], events: Int16(POLLIN), revents: 0)]
        #expect(try Syscall.poll(&fds, timeoutMs: 0) == 0)
        var byte: UInt8 = 1
        try Syscall.retrying("write") { write(ends[1], &byte, 1) }
        #expect(try Syscall.poll(&fds, timeoutMs: 1000) == 1)
        #expect(fds[0].revents & Int16(POLLIN) != 0)
    }
}
