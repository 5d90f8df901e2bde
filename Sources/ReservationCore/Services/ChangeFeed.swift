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
    public var entity: Entity
    public var id: String
    public var op: Operation

    /// What changed: the table the trigger fired on (`TG_TABLE_NAME`), or what the core announces itself.
    /// An open set, not an enum: a table that starts notifying in a later migration must not make every
    /// older program drop the whole notice; a screen reloads for any entity it does not single out.
    public struct Entity: RawRepresentable, Hashable, Sendable, Codable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            try c.encode(rawValue)
        }

        public static let reservations = Entity(rawValue: "reservations")
        /// A mail became due (the daemon's wake-up), not a change to the book.
        public static let notifications = Entity(rawValue: "notifications")
        /// A table's lease taken or released (Redis, announced by the core: the database cannot see it).
        public static let lease = Entity(rawValue: "lease")
        /// A staff account changed (disabled, role, name, venues; migration 21): venue 0, the account's id.
        public static let staff = Entity(rawValue: "staff")
    }

    /// The trigger's operation (`lower(TG_OP)`).
    public enum Operation: String, Hashable, Sendable, Codable {
        case insert, update, delete
    }

    public init(restaurantID: RestaurantID, entity: Entity, id: String, op: Operation) {
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
