import Foundation
import Glibc

/// The operating-system account this process runs as, from its real uid. `$USER` and `$LOGNAME` are
/// whatever the caller set (`USER="Ana García (host)" reservaflow ...` forged the audit log), so they are
/// never used; an account with no passwd entry is recorded by its uid.
public enum OSAccount {
    public static let current: String = {
        let uid = getuid()
        var pwd = passwd()
        var result: UnsafeMutablePointer<passwd>? = nil
        var buffer = [CChar](repeating: 0, count: 4096)
        let rc = getpwuid_r(uid, &pwd, &buffer, buffer.count, &result)
        guard rc == 0, result != nil, let name = pwd.pw_name else { return "uid \(uid)" }
        return String(cString: name)
    }()
}
