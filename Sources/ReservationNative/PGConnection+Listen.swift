import CLibPQ
import Foundation
import Glibc
import ReservationDomain

/// LISTEN/NOTIFY: the change feed and the daemon's wake-ups poll this socket.
extension PGConnection {
    /// The socket to poll for notifications.
    public var socket: Int32 { PQsocket(conn) }

    public struct Notification: Sendable {
        public var channel: String
        public var payload: String
    }

    /// Reads whatever arrived on the socket and returns queued notifications. Never blocks.
    public func drainNotifications() throws(PGError) -> [Notification] {
        if PQconsumeInput(conn) == 0 {
            throw PGError(sqlState: nil, message: Redaction.message(PGConnection.oneLine(String(cString: PQerrorMessage(conn))), connection: url),
                          constraint: nil, connectionLost: true)
        }
        var out: [Notification] = []
        while let n = PQnotifies(conn) {
            out.append(Notification(channel: String(cString: n.pointee.relname), payload: String(cString: n.pointee.extra)))
            PQfreemem(n)
        }
        return out
    }
}
