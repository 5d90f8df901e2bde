import Foundation
import Glibc

/// How the end-to-end tests start and end the programs under test: as a terminal or sshd would start them,
/// whatever the test runner's own state.
enum ChildProcesses {
    /// Nothing but 0-2 may pass to a child: a server started from a test lives on and would hold open
    /// whatever it inherited (another test's output pipe, whose reader would then wait for ever). Every
    /// descriptor of this process is marked close-on-exec (harmless for the others: dup2 targets drop it).
    static func closeOnExecAll() {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? [] {
            if let fd = Int32(name), fd > 2 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        }
    }

    /// A clean signal mask and default handlers, as a terminal gives: the test runner's threads block most
    /// signals, and the mask would pass on to the program under test.
    static func cleanSignals(_ attributes: inout posix_spawnattr_t) {
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    }

    /// Waits until `pid` has ended; a zombie (exited, not yet reaped by a gone parent) counts as ended.
    /// Still running after `timeout`: killed, and an error saying so (`what`: "after SIGTERM").
    static func waitForExit(_ pid: pid_t, timeout: TimeInterval, _ what: String) throws {
        let deadline = Date().addingTimeInterval(timeout)
        func alive() -> Bool {
            guard kill(pid, 0) == 0 else { return false }
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            return !stat.contains(") Z ")
        }
        while alive() && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if alive() {
            kill(pid, SIGKILL)
            throw E2EError("the program was still running \(Int(timeout)) s \(what)")
        }
    }
}
