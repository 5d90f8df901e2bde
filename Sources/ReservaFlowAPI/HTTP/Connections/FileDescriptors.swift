import Glibc
import Logging

/// Each connection is a file descriptor: a cap above the process's limit would turn into failed accepts.
public enum FileDescriptors {
    /// Raises the soft RLIMIT_NOFILE (up to the hard one) to fit `connections` plus the server's own
    /// descriptors (database and Redis connections, logs); says so when the hard limit is lower.
    public static func raiseSoftLimit(toServe connections: Int, logger: Logger) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        let wanted = rlim_t(connections + 256)
        guard limit.rlim_cur < wanted else { return }
        let target = min(wanted, limit.rlim_max)  // RLIM_INFINITY is the largest rlim_t
        var raised = limit
        raised.rlim_cur = target
        if target > limit.rlim_cur, setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        if limit.rlim_cur < wanted {
            logger.notice("open files are limited to \(limit.rlim_cur): fewer than --max-connections \(connections) + 256; raise the limit (LimitNOFILE=) or lower --max-connections")
        }
    }
}
