import Glibc

/// Signal masks are inherited: a launcher (a test harness, a careless parent) that blocks SIGTERM or
/// SIGINT would leave a program stoppable only by SIGKILL. Programs unblock the signals they must obey, on
/// the main thread before any other thread exists (threads inherit the mask).
public enum ProcessSignals {
    public static func unblock(_ signals: [Int32]) throws(SystemCallError) {
        var wanted = sigset_t()
        sigemptyset(&wanted)
        for sig in signals { sigaddset(&wanted, sig) }
        try Syscall.pthread("pthread_sigmask") { pthread_sigmask(SIG_UNBLOCK, &wanted, nil) }
    }
}
