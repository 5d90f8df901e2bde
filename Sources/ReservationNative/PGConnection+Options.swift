import CLibPQ
import Foundation
import Glibc
import ReservationDomain

/// Connection options and libpq's messages, as the programs use them.
extension PGConnection {
    /// libpq says these when the server is there but cannot take one more connection right now.
    static func isBusyAtConnect(_ message: String) -> Bool {
        ["timeout expired", "too many clients", "too many connections", "remaining connection slots", "system is starting up",
         "not yet accepting connections", "in recovery mode"].contains { message.localizedCaseInsensitiveContains($0) }
    }

    /// libpq's messages span lines ("...refused\n\tIs the server running..."); a host sees one line.
    static func oneLine(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }

    static func addingConnectTimeout(_ url: String, seconds: Int) -> String {
        adding(["connect_timeout": "\(seconds)"], to: url)
    }

    /// TCP keepalives: a server that vanished without closing the socket (killed host, cut network) is
    /// noticed in about 11 s, not after the kernel's two hours, by an idle live feed and a waiting query alike.
    static func withKeepalives(_ url: String) -> String {
        adding(["keepalives": "1", "keepalives_idle": "5", "keepalives_interval": "2", "keepalives_count": "3"], to: url)
    }

    /// Adds connection options the URL (or key=value string) does not mention already. Matched by name
    /// alone, as the connect timeout always was: a conninfo string may write `connect_timeout = 5` with
    /// spaces. (So any `keepalives_*` setting also keeps `keepalives=1` out, which is libpq's default anyway.)
    static func adding(_ options: KeyValuePairs<String, String>, to url: String) -> String {
        var out = url
        let isURL = url.hasPrefix("postgres://") || url.hasPrefix("postgresql://")
        for (key, value) in options where !url.contains(key) {
            if isURL {
                out += (out.contains("?") ? "&" : "?") + "\(key)=\(value)"
            } else {
                out += " \(key)=\(value)"
            }
        }
        return out
    }
}
