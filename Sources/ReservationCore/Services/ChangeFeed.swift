import Foundation
import Logging
import ReservationDomain
import ReservationNative

/// What changed, from PostgreSQL's NOTIFY (reservations, tables, waitlist).
/// A change notice on `reservaflow_changes`, as the `notify_change()` trigger writes it (migration 4) and
/// as the core announces what the database does not see (leases): this type is the one definition of the
/// payload on the Swift side, for writing and for reading.
public struct ChangeEvent: Hashable, Sendable, Codable {
    public var restaurantID: RestaurantID
    public var entity: String
    public var id: String
    public var op: String

    public init(restaurantID: RestaurantID, entity: String, id: String, op: String) {
        self.restaurantID = restaurantID
        self.entity = entity
        self.id = id
        self.op = op
    }

    enum CodingKeys: String, CodingKey {
        case restaurantID = "restaurant_id", entity, id, op
    }

    /// The payload text for `pg_notify`.
    public func payload() throws -> String { String(decoding: try JSONEncoder().encode(self), as: UTF8.self) }

    /// Nil for a payload this program cannot read.
    public init?(payload: String) {
        guard let event = try? JSONDecoder().decode(ChangeEvent.self, from: Data(payload.utf8)) else { return nil }
        self = event
    }
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
                guard let event = ChangeEvent(payload: n.payload) else {
                    // Dropped, but said: a notice this code cannot read means a sender out of step with it.
                    logger.warning("change notice not understood; ignored", metadata: ["payload": "\(TextSanitizer.excerpt(n.payload))"])
                    return nil
                }
                return event
            }
        } catch {
            throw .databaseUnavailable(detail: error.message)
        }
    }
}
