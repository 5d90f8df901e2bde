import Foundation
import Glibc

extension Process {
    /// `waitUntilExit()`, without its hang: with many children ending at once (the suites run in parallel),
    /// Foundation at times never learns that one ended, and its `waitUntilExit` waits on a zombie for ever
    /// (seen in CI: `floor export` and a killed API server, both `<defunct>`, two tests stuck for 10 minutes).
    /// Polls Foundation's flag and `waitpid` itself; the exit status as a shell gives it (128 + a signal).
    @discardableResult
    func exitStatus() -> Int32 {
        let pid = processIdentifier
        while true {
            if !isRunning { return terminationReason == .uncaughtSignal ? 128 + terminationStatus : terminationStatus }
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                // Reaped here: Foundation will find nothing left to wait for.
                let signal = status & 0x7f
                return signal == 0 ? (status >> 8) & 0xff : 128 + signal
            }
            if reaped == -1, errno == ECHILD {
                // Foundation reaped it a moment ago; its flag follows.
                let deadline = Date().addingTimeInterval(2)
                while isRunning, Date() < deadline { usleep(5_000) }
                return isRunning ? -1 : (terminationReason == .uncaughtSignal ? 128 + terminationStatus : terminationStatus)
            }
            usleep(10_000)
        }
    }
}

/// Runs a long blocking wait (a child program that runs for minutes) on a thread of its own, not on Swift's
/// cooperative pool: the pool has as many threads as cores (two here), and a test blocking one for minutes
/// starves every async test beside it (CI: an answer the API gave at once was measured at 12 s).
func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { (done: CheckedContinuation<T, any Error>) in
        Thread { done.resume(with: Result { try body() }) }.start()
    }
}
