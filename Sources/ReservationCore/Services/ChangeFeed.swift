import Foundation
import Logging
import ReservationDomain
import ReservationNative

/// What changed, from PostgreSQL's NOTIFY (reservations, tables, waitlist).
public struct ChangeEvent: Hashable, Sendable {
    public var restaurantID: RestaurantID
    public var entity: String
    public var id: String
    public var op: String
}

/// The live feed: a dedicated connection LISTENing on `reservaflow_changes`: the book changed
/// (reservations, tables, waitlist) or, entity `notifications`, a mail became due-able (for the daemon).
/// Poll `socket` for readability, then `drain()`. Not Sendable: owned by the thread that polls it.
public final class ChangeFeed {
    public static let channel = "reservaflow_changes"
    private let connection: PGConnection
    private let logger: Logger

    public init(configuration: Configuration, logger: Logger = Logger(label: "reservaflow.feed")) throws(ReservationError) {
        self.logger = logger
        do {
            connection = try PGConnection(url: configuration.databaseURL)
            try connection.query("LISTEN \(ChangeFeed.channel)")
        } catch {
            throw .databaseUnavailable(detail: error.message)
        }
    }

    public var socket: Int32 { connection.socket }

    public func drain() throws(ReservationError) -> [ChangeEvent] {
        do {
            return try connection.drainNotifications().compactMap { n in
                guard let data = n.payload.data(using: .utf8),
                      let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                      let rid = (obj["restaurant_id"] as? NSNumber)?.int64Value else {
                    // Dropped, but said: a notice this code cannot read means a sender out of step with it.
                    logger.warning("change notice not understood; ignored", metadata: ["payload": "\(TextSanitizer.excerpt(n.payload))"])
                    return nil
                }
                return ChangeEvent(restaurantID: rid, entity: obj["entity"] as? String ?? "", id: obj["id"] as? String ?? "",
                                   op: obj["op"] as? String ?? "")
            }
        } catch {
            throw .databaseUnavailable(detail: error.message)
        }
    }
}
