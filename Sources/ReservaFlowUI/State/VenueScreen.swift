import Foundation
import ReservationDomain

/// A row of `:venue`: what Enter changes there.
public enum VenueRow: Sendable, Hashable {
    case setting(VenueSetting)
    case turn(TurnTime, last: Bool)
    case hours(ServiceHours)
    case closure(Closure)
}

extension AdminRows {
    /// `:venue`: the details and rules first, then turns, services by day, closures: the floor file's order.
    static func venueRows(_ r: Restaurant, hours: [ServiceHours], closures: [Closure]) -> [AdminRow] {
        var rows = VenueSetting.allCases.map { s in
            AdminRow(id: "s:\(s.rawValue)", cells: [s.label, s.value(of: r).isEmpty ? "-" : s.value(of: r)], muted: false, venue: .setting(s))
        }
        let turns = r.rules.turnTimes.sorted { $0.upToParty < $1.upToParty }
        for (i, t) in turns.enumerated() {
            // The last turn serves every larger party too (`BookingRules.turnMinutes`): said so, not "up to 99".
            let last = i == turns.count - 1
            let who = !last ? "up to \(t.upToParty) guests" : i == 0 ? "every party" : "\(turns[i - 1].upToParty + 1)+ guests"
            rows.append(AdminRow(id: "t:\(t.upToParty)", cells: ["Turn, \(who)", "\(t.minutes) min"], muted: false, venue: .turn(t, last: last)))
        }
        for h in hours.sorted(by: { ($0.weekday, $0.opens) < ($1.weekday, $1.opens) }) {
            rows.append(AdminRow(id: "h:\(h.weekday):\(h.opens)", cells: ["\(h.dayName) \(h.name)", "\(h.opens)-\(h.closes)"], muted: false, venue: .hours(h)))
        }
        for c in closures {
            rows.append(AdminRow(id: "c:\(c.startsOn)", cells: ["Closed", c.span + (c.reason.isEmpty ? "" : " \(c.reason)")], muted: true, venue: .closure(c)))
        }
        return rows
    }
}

extension AdminRows {
    /// `:floor`: the tables by area, then label; out of service muted. Then the ranges of days a table is
    /// out of service, in date order (`x` puts it back).
    static func floorRows(_ tables: [DiningTable], areas: [Area], closures: [TableClosure]) -> [AdminRow] {
        let names = Dictionary(uniqueKeysWithValues: areas.map { ($0.id, ($0.sortOrder, $0.name)) })
        let area = Dictionary(tables.map { ($0.id, names[$0.areaID]?.1 ?? "") }, uniquingKeysWith: { a, _ in a })
        let next = Dictionary(closures.map { ($0.tableID, $0) }, uniquingKeysWith: { a, _ in a })
        let rows = tables.sorted { (names[$0.areaID]?.0 ?? 0, $0.label) < (names[$1.areaID]?.0 ?? 0, $1.label) }.map { t in
            let state = !t.active ? "out of service" : next[t.id].map { "out \($0.days.span)" } ?? "in service"
            return AdminRow(id: "t:\(t.label)", cells: [t.label, area[t.id] ?? "", "\(t.minCovers)-\(t.maxCovers)", t.shape.rawValue,
                                                     "at \(t.x),\(t.y) \(t.width)×\(t.height)", state],
                            muted: !t.active, table: t)
        }
        return rows + closures.map { c in
            AdminRow(id: "o:\(c.label):\(c.days.startsOn)", cells: [c.label, area[c.tableID] ?? "", "", "", "out \(c.days.span)",
                                                                   c.days.reason.isEmpty ? "out of service" : c.days.reason],
                     muted: true, tableClosure: c)
        }
    }

    /// `:floor`, after the tables: the combinations (tables joined for one party), in the floor file's order,
    /// each in its first table's area; one with a table out of service is muted and says which.
    static func combinationRows(_ combinations: [TableCombination], tables: [DiningTable], areas: [Area]) -> [AdminRow] {
        let byID = Dictionary(uniqueKeysWithValues: tables.map { ($0.id, $0) })
        let names = Dictionary(uniqueKeysWithValues: areas.map { ($0.id, $0.name) })
        return combinations.map { c in
            let out = c.tableIDs.compactMap { byID[$0] }.filter { !$0.active }.map(\.label)
            let area = c.tableIDs.first.flatMap { byID[$0] }.flatMap { names[$0.areaID] } ?? ""
            return AdminRow(id: "c:\(c.label)", cells: [c.label, area, "\(c.minCovers)-\(c.maxCovers)", "joined", "\(c.labels.count) tables",
                                                      out.isEmpty ? "in service" : out.joined(separator: ",") + " out of service"],
                            muted: !out.isEmpty, combination: c)
        }
    }
}

/// A `:venue` or `:floor` prompt: what it changes, and the screen to go back to once it is saved or given up.
public struct VenuePrompt: Sendable, Hashable {
    public enum Target: Sendable, Hashable {
        case setting(VenueSetting)
        case turn(upToParty: Int)
        case newTurn
        case hours(ServiceHours)
        case newHours
        case tableCovers(String)
        case tableRename(String)
        case newTable
        /// `:floor`'s `O`: the table out of service for a range of days (not a floor file change).
        case tableOut(String)
        /// `:venue`'s `n` (admins): a new venue (not a floor file change).
        case newVenue
        /// A new combination, the prompt starting from these tables ("T4+").
        case newCombination(from: String)
        case combinationCovers([String])
    }
    public var target: Target
    public var back: AdminScreen

    public init(_ target: Target, back: AdminScreen) {
        self.target = target
        self.back = back
    }

    var title: String {
        switch target {
        case .setting(let s): s.label
        case .turn(let p): "Turn for parties up to \(p), minutes"
        case .newTurn: "New turn time"
        case .hours(let h): "\(h.dayName) \(h.name)"
        case .newHours: "New service"
        case .tableCovers(let l): "Covers at \(l)"
        case .tableRename(let l): "New label for \(l)"
        case .newTable: "New table"
        case .tableOut(let l): "\(l) out of service"
        case .newVenue: "New venue"
        case .newCombination: "New combination"
        case .combinationCovers(let ls): "Covers at \(ls.joined(separator: "+"))"
        }
    }

    var hint: String {
        switch target {
        case .setting(let s): s.hint
        case .turn: "15-720 minutes"
        case .newTurn: "largest party and minutes: 8 150"
        case .hours: "Mon Dinner 20:00-23:30 (days, service, times)"
        case .newHours: "tue-sat Dinner 20:00-23:30"
        case .tableCovers: "min-max, like 2-4"
        case .tableRename: "1-8 letters, digits or dashes"
        case .newTable: "label, area, covers: T9 Terraza 2-4"
        case .tableOut: "from [to] why: 24/12 26/12 new chairs"
        case .newVenue: "short name, name, zone: norte Casa Norte Europe/Madrid"
        case .newCombination: "tables joined by +, then covers: T4+T5 4-8"
        case .combinationCovers: "min-max, like 4-8"
        }
    }

    /// The changes the typed text stands for, or the sentence that says what to type.
    public func edits(_ text: String) throws(ReservationError) -> [VenueEdit] {
        switch target {
        case .setting(let s):
            return [.setting(s, text)]
        case .turn(let party):
            guard let m = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw .invalid(field: "turn_times", message: "Type the minutes a party up to \(party) stays, like 120.")
            }
            return [.turnTime(upToParty: party, minutes: m)]
        case .newTurn:
            let t = try VenueInput.turn(text)
            return [.turnTime(upToParty: t.upToParty, minutes: t.minutes)]
        case .hours(let old):
            let new = try VenueInput.hours(text)
            // The service changed first (its day may be another), then any further days typed are added.
            return [.hours(replacing: old, with: new.first)] + new.dropFirst().map { .hours(replacing: nil, with: $0) }
        case .newHours:
            return try VenueInput.hours(text).map { .hours(replacing: nil, with: $0) }
        case .tableCovers(let label):
            let c = try TableInput.covers(text)
            return [.table(.covers(label: label, min: c.min, max: c.max))]
        case .tableRename(let label):
            return [.table(.rename(label: label, to: text))]
        case .newTable:
            return [.table(try TableInput.table(text))]
        case .tableOut:
            throw .internalError("a table's days out of service are not a floor file change")
        case .newVenue:
            throw .internalError("a new venue is not a change to this one's floor file")
        case .newCombination:
            return [.table(try TableInput.combination(text))]
        case .combinationCovers(let labels):
            let c = try TableInput.covers(text)
            return [.table(.combinationCovers(labels: labels, min: c.min, max: c.max))]
        }
    }

    /// What the prompt starts from: the value as it is.
    static func initialText(_ target: Target, row: AdminRow?) -> String {
        switch (target, row?.venue) {
        case (.setting, _), (.turn, _): row.map { $0.cells[1] == "-" ? "" : $0.cells[1].replacingOccurrences(of: " min", with: "") } ?? ""
        case (.hours(let h), _): "\(h.dayName) \(h.name) \(h.opens)-\(h.closes)"
        case (.tableCovers, _): row?.table.map { "\($0.minCovers)-\($0.maxCovers)" } ?? ""
        case (.tableRename(let l), _): l
        case (.newCombination(let from), _): from + "+"
        case (.combinationCovers, _): row?.combination.map { "\($0.minCovers)-\($0.maxCovers)" } ?? ""
        default: ""
        }
    }
}
