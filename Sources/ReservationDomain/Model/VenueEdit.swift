import Foundation

/// One change to a venue's details or rules, as a manager makes it from `:venue` or `reservaflow venue set`
/// (issue 21). The core applies it to the venue's floor file and checks the result as `floor import` checks
/// a file, so a rule has one check wherever it is changed from.
public enum VenueEdit: Sendable, Hashable {
    case setting(VenueSetting, String)
    /// A turn for parties up to `upToParty`; nil minutes removes it.
    case turnTime(upToParty: Int, minutes: Int?)
    /// A service on a weekday: `replacing` names the one it changes (nil: a new one); `with` nil removes it.
    case hours(replacing: ServiceHours?, with: ServiceHours?)
    /// A table added, renamed, given other covers, moved or resized on the floor plan, or tables joined for
    /// one party, given other covers or separated again (`:floor`).
    case table(TableEdit)

    /// What the change did, for the status line and the CLI.
    public var summary: String {
        switch self {
        case .setting(let s, let v): "\(s.label): \(v.isEmpty ? "none" : v)"
        case .turnTime(let p, let m?): "Turn for parties up to \(p): \(m) min"
        case .turnTime(let p, nil): "Turn for parties up to \(p) removed"
        case .hours(_, let h?): "\(h.dayName) \(h.name) \(h.opens)-\(h.closes)"
        case .hours(let h?, nil): "\(h.dayName) \(h.name) \(h.opens)-\(h.closes) removed"
        case .hours(nil, nil): "No change"
        case .table(let t): t.summary
        }
    }
}

/// A change to one table, or to a combination (tables that may be joined for one party, named by its member
/// labels in any order). Moves and sizes are in floor-grid cells, as the floor file gives them.
public enum TableEdit: Sendable, Hashable {
    case add(label: String, area: String, minCovers: Int, maxCovers: Int)
    case rename(label: String, to: String)
    case covers(label: String, min: Int, max: Int)
    case move(label: String, dx: Int, dy: Int)
    case resize(label: String, dw: Int, dh: Int)
    /// A new combination of these tables, seating `min` to `max`.
    case combine(labels: [String], min: Int, max: Int)
    case combinationCovers(labels: [String], min: Int, max: Int)
    /// The combination taken out: its tables are no longer joined for one party.
    case separate(labels: [String])

    /// The table's label; a combination's labels joined by "+" ("T4+T5"), as hosts name it.
    public var label: String {
        switch self {
        case .add(let l, _, _, _), .rename(let l, _), .covers(let l, _, _), .move(let l, _, _), .resize(let l, _, _): l
        case .combine(let ls, _, _), .combinationCovers(let ls, _, _), .separate(let ls): ls.joined(separator: "+")
        }
    }

    public var summary: String {
        switch self {
        case .add(let l, let area, let min, let max): "Table \(l) added in \(area), \(min)-\(max) covers"
        case .rename(let l, let to): "Table \(l) is now \(to)"
        case .covers(let l, let min, let max): "Table \(l): \(min)-\(max) covers"
        case .move(let l, _, _): "Table \(l) moved"
        case .resize(let l, _, _): "Table \(l) resized"
        case .combine(_, let min, let max): "Combination \(label) added, \(min)-\(max) covers"
        case .combinationCovers(_, let min, let max): "Combination \(label): \(min)-\(max) covers"
        case .separate: "Combination \(label) removed"
        }
    }
}

/// How a manager types a table: `T9 Terraza 2-4` (label, area, covers), covers alone `2-4` or `4`.
public enum TableInput {
    public static func covers(_ text: String) throws(ReservationError) -> (min: Int, max: Int) {
        let parts = text.split { $0 == "-" || $0 == " " }.compactMap { Int($0) }
        switch parts.count {
        case 1: return (1, parts[0])
        case 2: return (parts[0], parts[1])
        default: throw .invalid(field: "covers", message: "Type the covers as min-max, like 2-4 (or the most, like 4).")
        }
    }

    public static func table(_ text: String) throws(ReservationError) -> TableEdit {
        let words = text.split(separator: " ").map(String.init)
        guard words.count >= 3 else {
            throw .invalid(field: "table", message: "Type the label, the area and the covers, like: T9 Terraza 2-4.")
        }
        let c = try covers(words[words.count - 1])
        return .add(label: words[0], area: words[1..<(words.count - 1)].joined(separator: " "), minCovers: c.min, maxCovers: c.max)
    }

    /// `T4+T5` (the labels joined by +); which tables exist is the floor file's check, in the core.
    public static func labels(_ text: String) throws(ReservationError) -> [String] {
        let labels = text.split(separator: "+", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard labels.count >= 2, !labels.contains(where: \.isEmpty) else {
            throw .invalid(field: "combination", message: "Type the tables joined by +, like T4+T5.")
        }
        return labels
    }

    /// `T4+T5 4-8`: the tables joined by + and the covers the combination seats.
    public static func combination(_ text: String) throws(ReservationError) -> TableEdit {
        let words = text.split(separator: " ").map(String.init)
        guard words.count >= 2 else {
            throw .invalid(field: "combination", message: "Type the tables joined by + and the covers, like: T4+T5 4-8.")
        }
        let c = try covers(words[words.count - 1])
        return .combine(labels: try labels(words[0..<(words.count - 1)].joined()), min: c.min, max: c.max)
    }
}

/// A venue setting a manager types a value for; the value's form is said in `hint`.
public enum VenueSetting: String, CaseIterable, Sendable, Hashable {
    case name, phone, email, address
    case holdMinutes = "hold_minutes", advanceDays = "advance_days", minParty = "min_party", maxParty = "max_party"
    case reminderHours = "reminder_hours", walkIns = "accepts_walk_ins", pacing = "pacing_covers"

    public var label: String {
        switch self {
        case .name: "Name"
        case .phone: "Phone"
        case .email: "E-mail"
        case .address: "Address"
        case .holdMinutes: "Hold minutes"
        case .advanceDays: "Book ahead (days)"
        case .minParty: "Smallest party"
        case .maxParty: "Largest party"
        case .reminderHours: "Reminder (hours before)"
        case .walkIns: "Walk-ins"
        case .pacing: "Pacing (covers per 15 min)"
        }
    }

    public var hint: String {
        switch self {
        case .name: "as guests see it"
        case .phone, .email, .address: "empty to remove"
        case .holdMinutes: "1-1440: how long an online hold waits"
        case .advanceDays: "0-730"
        case .minParty, .maxParty: "guests, 1-200"
        case .reminderHours: "0-168, 0: no reminder"
        case .walkIns: "yes or no"
        case .pacing: "a number, or empty for no limit"
        }
    }

    /// The value as the screen shows it and as the edit prompt starts from.
    public func value(of r: Restaurant) -> String {
        switch self {
        case .name: r.name
        case .phone: r.phone ?? ""
        case .email: r.email ?? ""
        case .address: r.address ?? ""
        case .holdMinutes: String(r.rules.holdMinutes)
        case .advanceDays: String(r.rules.advanceDays)
        case .minParty: String(r.rules.minParty)
        case .maxParty: String(r.rules.maxParty)
        case .reminderHours: String(r.rules.reminderHours)
        case .walkIns: r.rules.acceptsWalkIns ? "yes" : "no"
        case .pacing: r.rules.pacingCovers.map(String.init) ?? ""
        }
    }

    /// A whole number for the numeric settings, true/false for walk-ins: refused with a sentence that says
    /// what to type. (Ranges are the floor file's checks, in the core.)
    public func number(_ text: String) throws(ReservationError) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if self == .pacing, t.isEmpty || t.lowercased() == "none" || t.lowercased() == "off" { return nil }
        guard let n = Int(t) else { throw .invalid(field: rawValue, message: "\(label): type a whole number (\(hint)), not \"\(TextSanitizer.excerpt(t))\".") }
        return n
    }

    public func flag(_ text: String) throws(ReservationError) -> Bool {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "yes", "y", "on", "true", "si", "sí": return true
        case "no", "n", "off", "false": return false
        default: throw .invalid(field: rawValue, message: "\(label): type yes or no.")
        }
    }
}

/// How a manager types a service or a turn: `Sat Dinner 20:00-23:30` (days: `mon`, `tue-sat`, `mon,wed`),
/// `8 150` (parties up to 8 turn in 150 minutes).
public enum VenueInput {
    /// One `ServiceHours` per day named.
    public static func hours(_ text: String) throws(ReservationError) -> [ServiceHours] {
        let words = text.split(separator: " ").map(String.init)
        guard words.count >= 3 else {
            throw .invalid(field: "hours", message: "Type the days, the service and the times, like: Sat Dinner 20:00-23:30 (or tue-sat Lunch 13:00-16:00).")
        }
        let days = try weekdays(words[0])
        let times = words[words.count - 1].split(separator: "-").map(String.init)
        guard times.count == 2, let opens = TimeInput.parse(times[0]), let closes = TimeInput.parse(times[1]) else {
            throw .invalid(field: "hours", message: "\"\(TextSanitizer.excerpt(words[words.count - 1]))\" is not a span of times like 20:00-23:30.")
        }
        let service = words[1..<(words.count - 1)].joined(separator: " ")
        return days.map { ServiceHours(weekday: $0, name: service, opens: opens, closes: closes) }
    }

    /// `mon`, `tue-sat`, `sat,sun`, `daily`.
    static func weekdays(_ text: String) throws(ReservationError) -> [Int] {
        let t = text.lowercased()
        if t == "daily" || t == "every" { return Array(1...7) }
        var days: [Int] = []
        for part in t.split(separator: ",") {
            let ends = part.split(separator: "-").map(String.init)
            guard (1...2).contains(ends.count), let a = DateInput.weekday(ends[0]), let b = DateInput.weekday(ends.last!) else {
                throw .invalid(field: "hours", message: "\"\(TextSanitizer.excerpt(String(part)))\" is not a day or a span of days (mon, tue-sat, sat,sun).")
            }
            var d = a
            while true {
                if !days.contains(d) { days.append(d) }
                if d == b { break }
                d = d % 7 + 1
            }
        }
        return days
    }

    /// `8 150` or `8: 150`: parties up to 8, 150 minutes.
    public static func turn(_ text: String) throws(ReservationError) -> (upToParty: Int, minutes: Int) {
        let parts = text.split { $0 == " " || $0 == ":" }.compactMap { Int($0) }
        guard parts.count == 2 else {
            throw .invalid(field: "turn_times", message: "Type the largest party and the minutes, like: 8 150 (parties up to 8 stay 150 minutes).")
        }
        return (parts[0], parts[1])
    }
}

extension ServiceHours {
    /// `Mon`, `Tue`: as the venue screen lists services.
    public var dayName: String { String(DateInput.weekdays[weekday - 1].prefix(3)).capitalized }
}

/// What a venue change did: the venue as it is now, and the live bookings it left outside the new rules
/// (only when the manager said to save anyway).
public struct VenueChange: Sendable, Hashable {
    public var edits: [VenueEdit]
    public var restaurant: Restaurant
    public var stranded: [BookEntry]

    public var summary: String {
        let saved = "Saved: " + edits.map(\.summary).joined(separator: "; ") + "."
        guard !stranded.isEmpty else { return saved }
        return saved + " \(stranded.count) live booking\(stranded.count == 1 ? " is" : "s are") now outside the rules: call them."
    }

    public init(edits: [VenueEdit], restaurant: Restaurant, stranded: [BookEntry]) {
        self.edits = edits
        self.restaurant = restaurant
        self.stranded = stranded
    }
}
