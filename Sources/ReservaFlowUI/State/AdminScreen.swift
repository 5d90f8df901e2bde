import Foundation
import ReservationDomain

/// `:staff`, `:audit`, `:guests`: the manager's desk in the k9s manner, a whole-body list with `/` to filter,
/// `↑↓` to pick, a key per action, `Esc` back to the floor.
public struct AdminScreen: Sendable, Hashable {
    public enum Kind: String, CaseIterable, Sendable, Hashable {
        case staff, audit, guests, venue, floor

        public var title: String {
            switch self {
            case .staff: "Staff"
            case .audit: "Audit log"
            case .guests: "Guests"
            case .venue: "Venue details and rules"
            case .floor: "Tables"
            }
        }

        /// Who may open it; nil: anyone signed in (hosts look guests up all evening).
        public var permission: Permission? {
            switch self {
            case .staff: .manageStaff
            case .audit: .readAudit
            case .guests: nil
            case .venue, .floor: .manageFloor
            }
        }
    }

    public var kind: Kind
    /// nil while the first load is under way.
    public var rows: AdminRows?
    public var index = 0
    /// The filter as typed; `filtering` while `/` has the keys.
    public var filter = TextField(maxLength: 60)
    public var filtering = false
    /// `:guests`: Enter came before the search's answer; the first guest opens when it arrives.
    public var openWhenLoaded = false
    /// The filter the rows answer (`:guests`: the search the core was asked).
    public var answered = ""

    public init(kind: Kind) { self.kind = kind }

    /// The rows the filter keeps (the guests' filter is the core's search: their rows are already its answer).
    /// Each typed word must begin a word of the row: `/ana` finds Ana, not every "manager".
    public var visible: [AdminRow] {
        guard let rows else { return [] }
        let all = rows.list
        let needles = Self.words(filter.trimmed)
        guard !needles.isEmpty, kind != .guests else { return all }
        return all.filter { row in
            let words = Self.words(row.cells.joined(separator: " "))
            return needles.allSatisfy { n in words.contains { $0.hasPrefix(n) } }
        }
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber && $0 != "_" }.map(String.init)
    }

    public var selected: AdminRow? {
        let v = visible
        return v.indices.contains(index) ? v[index] : nil
    }
}

/// What an admin screen lists, as loaded.
public enum AdminRows: Sendable, Hashable {
    case staff([StaffMember], venues: [RestaurantID: String])
    case audit([AuditRecord], clock: ZonedClockKey)
    case guests([Customer])
    case venue(Restaurant, hours: [ServiceHours], closures: [Closure])
    case floor([DiningTable], areas: [Area], closures: [TableClosure], combinations: [TableCombination] = [])

    var list: [AdminRow] {
        switch self {
        case .staff(let members, let venues):
            return members.map { m in
                let places = m.role == .admin ? "all" : m.venues.compactMap { venues[$0] }.sorted().joined(separator: ",")
                return AdminRow(id: m.username, cells: [m.username, m.displayName, m.role.rawValue, m.active ? "active" : "disabled", places],
                                muted: !m.active, staff: m)
            }
        case .audit(let records, let key):
            let clock = key.clock
            return records.map { r in
                AdminRow(id: String(r.id), cells: ["\(DateInput.short(clock.localDate(of: r.at))) \(clock.timeOfDay(of: r.at))", r.actor, r.action,
                                                   r.entity + (r.entityID.map { " " + String($0.prefix(8)) } ?? ""), r.changes.joined(separator: "; ")],
                         muted: false, audit: r)
            }
        case .guests(let guests):
            return guests.map { c in
                AdminRow(id: String(c.id), cells: [c.name, c.phone, c.email ?? "", "\(c.visits)", (c.isVIP ? "★ " : "") + (c.allergyText.isEmpty ? "" : "⚠ " + c.allergyText)],
                         muted: false, guest: c)
            }
        case .venue(let r, let hours, let closures):
            return Self.venueRows(r, hours: hours, closures: closures)
        case .floor(let tables, let areas, let closures, let combinations):
            return Self.floorRows(tables, areas: areas, closures: closures) + Self.combinationRows(combinations, tables: tables, areas: areas)
        }
    }

    static func headers(_ kind: AdminScreen.Kind) -> [String] {
        switch kind {
        case .staff: ["USERNAME", "NAME", "ROLE", "STATE", "VENUES"]
        case .audit: ["WHEN", "WHO", "ACTION", "WHAT", "CHANGES"]
        case .guests: ["NAME", "PHONE", "E-MAIL", "VISITS", "MARKS"]
        case .venue: ["SETTING", "VALUE"]
        case .floor: ["TABLE", "AREA", "COVERS", "SHAPE", "PLACE", "STATE"]
        }
    }
}

/// One row of an admin screen: its cells and what it stands for.
public struct AdminRow: Sendable, Hashable {
    public var id: String
    public var cells: [String]
    public var muted: Bool
    public var staff: StaffMember? = nil
    public var audit: AuditRecord? = nil
    public var guest: Customer? = nil
    public var venue: VenueRow? = nil
    public var table: DiningTable? = nil
    /// `:floor`: a table out of service for a range of days.
    public var tableClosure: TableClosure? = nil
    public var combination: TableCombination? = nil
}

/// A venue's zone by name: `ZonedClock` itself is not Hashable.
public struct ZonedClockKey: Sendable, Hashable {
    public var identifier: String
    public init(_ identifier: String) { self.identifier = identifier }
    var clock: ZonedClock { ZonedClock(identifier: identifier) ?? ZonedClock(zone: .gmt) }
}
