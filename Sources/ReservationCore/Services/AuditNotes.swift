import Foundation
import ReservationDomain

/// What an audit row says besides the rows it changed (a pacing override, a merge's summary, a waitlist
/// move), as values written through the one encoder (`JSONText`): no note is built by interpolation, so
/// no name, label or quote can break the log's JSON. Field names are the log's, as readers query them.
enum AuditNote {
    /// A manager booked past the pacing limit: the slot's covers before this booking, and the limit.
    struct OverPacing: Encodable, Sendable {
        struct Slot: Encodable, Sendable {
            var slot: String
            var covers_before: Int
            var party: Int
            var limit: Int
        }
        var over_pacing: Slot
    }

    /// A waitlist entry's place (1 = first), and which way it moved.
    struct WaitlistPlace: Encodable, Sendable {
        var place: Int
        var direction: String? = nil
    }

    /// A floor file imported: how much of each it holds.
    struct FloorImported: Encodable, Sendable {
        var tables: Int
        var areas: Int
        var combinations: Int
    }

    /// Two guest records before a merge, as the database had them.
    struct GuestsBeforeMerge: Encodable, Sendable {
        var keep: JSONValue
        var drop: JSONValue
    }

    /// What a merge moved, and the kept guest after it.
    struct GuestsMerged: Encodable, Sendable {
        var kept: Int64
        var dropped: Int64
        var reservations: [String]
        var waitlist: [Int64]
        var account_moved: Bool
        var filled: [String]
        var guest: JSONValue
    }

    /// One decoder for every row (a page of the audit log reads a thousand): it holds no state between calls.
    private static let decoder = JSONDecoder()

    /// A row's JSON as the database gave it (`to_jsonb(row)::text`), to carry inside a note.
    static func row(_ json: String) throws(ReservationError) -> JSONValue {
        do { return try decoder.decode(JSONValue.self, from: Data(json.utf8)) } catch {
            throw .internalError("a row's JSON could not be read for the audit log: \(error)")
        }
    }
}
