public typealias AreaID = Int64
public typealias TableID = Int64

public struct Area: Hashable, Sendable, Identifiable {
    public var id: AreaID
    public var name: String
    public var sortOrder: Int

    public init(id: AreaID, name: String, sortOrder: Int) {
        self.id = id
        self.name = name
        self.sortOrder = sortOrder
    }
}

public enum TableShape: String, CaseIterable, Sendable {
    case rect, round, booth, bar
}

public enum TableFeature: String, CaseIterable, Sendable {
    case accessible, window, quiet, highChairs = "high_chairs", outdoor
}

/// A table on the floor. Positions are on a grid of abstract cells; the UI scales them.
public struct DiningTable: Hashable, Sendable, Identifiable {
    public var id: TableID
    public var areaID: AreaID
    public var label: String
    public var minCovers: Int
    public var maxCovers: Int
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int
    public var shape: TableShape
    public var features: Set<TableFeature>
    public var active: Bool

    public init(id: TableID, areaID: AreaID, label: String, minCovers: Int, maxCovers: Int,
                x: Int = 0, y: Int = 0, width: Int = 2, height: Int = 1, shape: TableShape = .rect,
                features: Set<TableFeature> = [], active: Bool = true) {
        self.id = id
        self.areaID = areaID
        self.label = label
        self.minCovers = minCovers
        self.maxCovers = maxCovers
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.shape = shape
        self.features = features
        self.active = active
    }

    public func fits(party: Int) -> Bool { active && minCovers <= party && party <= maxCovers }
}

/// A table taken out of service or put back (`ReservationBook.setTableInService`), with the bookings still
/// ahead on it that the host should move.
public struct TableServiceChange: Hashable, Sendable {
    public var table: DiningTable
    public var bookingsAhead: Int

    public init(table: DiningTable, bookingsAhead: Int) {
        self.table = table
        self.bookingsAhead = bookingsAhead
    }

    /// What the podium and the CLI say.
    public var summary: String {
        guard !table.active else { return "\(table.label) is back in service." }
        let ahead = bookingsAhead == 0 ? "" : bookingsAhead == 1 ? " 1 booking still ahead on it: move it." : " \(bookingsAhead) bookings still ahead on it: move them."
        return "\(table.label) is out of service: offered to nobody until it is back.\(ahead)"
    }
}
