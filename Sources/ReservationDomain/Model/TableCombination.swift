import Foundation

/// Tables a venue lets be joined for one large party (the floor file's `[[combinations]]`). A booking on a
/// combination holds every member table (migration 8's `reservation_tables` fence covers each); the first
/// member is the booking's `table_id`, the others its `joined_table_ids`.
public struct TableCombination: Hashable, Sendable, Identifiable {
    public var id: Int64
    /// Member tables in the floor file's order; the first is the booking's primary table.
    public var tableIDs: [TableID]
    public var labels: [String]
    public var minCovers: Int
    public var maxCovers: Int

    public init(id: Int64, tableIDs: [TableID], labels: [String], minCovers: Int, maxCovers: Int) {
        self.id = id
        self.tableIDs = tableIDs
        self.labels = labels
        self.minCovers = minCovers
        self.maxCovers = maxCovers
    }

    /// "T1+T2": how hosts, the CLI (`--table T1+T2`) and every message name it.
    public var label: String { labels.joined(separator: "+") }

    public func fits(party: Int) -> Bool { minCovers <= party && party <= maxCovers }

    /// Whether `text` names this combination: its labels joined by "+", in any order, without case.
    public func isNamed(_ text: String) -> Bool {
        let parts = text.split(separator: "+").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        return parts.count == labels.count && Set(parts) == Set(labels.map { $0.lowercased() })
    }

    /// Seats left empty for `party`: best fit is the fewest.
    public func wasted(party: Int) -> Int { maxCovers - party }
}

extension Reservation {
    /// Every table the booking holds: its table, then the tables joined to it.
    public var tableIDs: [TableID] { [tableID] + joinedTableIDs }
}

extension BookEntry {
    /// "T1" or "T1+T2".
    public var seatLabel: String { tableLabels.joined(separator: "+") }
}
