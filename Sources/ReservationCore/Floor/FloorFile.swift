import Foundation
import TOMLKit
import ReservationDomain

/// The TOML a manager writes for `reservaflow floor import`: the venue, its rules, hours, closures,
/// areas and tables. See docs/floor-file.md.
///
/// Everything is checked before anything is written, and every refusal names the line and the key:
/// unknown keys (with the nearest known one), a NUL anywhere, values out of range, duplicates, text
/// the rest of the core would refuse, sizes no real venue needs. Tables that overlap on the floor are
/// allowed but reported as warnings.
public struct FloorFile: Decodable, Sendable {
    public struct Venue: Decodable, Sendable {
        var slug: String
        var name: String
        var time_zone: String
        var phone: String?
        var email: String?
        var address: String?
        var description: String?
        var phone_country_code: String?
        var hold_minutes: Int?
        var advance_days: Int?
        var min_party: Int?
        var max_party: Int?
        var reminder_hours: Int?
        var accepts_walk_ins: Bool?
        /// The most covers starting in any one 15-minute slot (pacing); absent: no limit.
        var pacing_covers: Int?
    }
    public struct Turn: Decodable, Sendable {
        var up_to_party: Int
        var minutes: Int
    }
    public struct Hours: Decodable, Sendable {
        var days: [String]
        var service: String
        var opens: String
        var closes: String
    }
    public struct ClosureDays: Decodable, Sendable {
        var from: String
        var to: String?
        var reason: String?
    }
    public struct Table: Decodable, Sendable {
        var label: String
        var min: Int?
        var max: Int
        var x: Int
        var y: Int
        var w: Int?
        var h: Int?
        var shape: String?
        var features: [String]?
        var active: Bool?
    }
    public struct AreaSpec: Decodable, Sendable {
        var name: String
        var tables: [Table]
    }
    /// Tables that may be joined for one party (`TableCombination`).
    public struct Combination: Decodable, Sendable {
        var tables: [String]
        var min: Int?
        var max: Int?
    }

    var restaurant: Venue
    var turn_times: [Turn]?
    var hours: [Hours]
    var closures: [ClosureDays]?
    var areas: [AreaSpec]
    var combinations: [Combination]?
    /// Lines of the file's tables and keys, for messages.
    var source = FloorSource()

    enum CodingKeys: String, CodingKey {
        case restaurant, turn_times, hours, closures, areas, combinations
    }

    // MARK: Limits: generous for any real venue, small enough that a mistake or an attack cannot pass.

    public enum Limits {
        public static let fileBytes = 1_000_000
        public static let tables = 500
        public static let areas = 50
        public static let hours = 50
        public static let servicesPerDay = 6
        public static let closures = 400
        public static let closureDays = 366
        public static let turnTimes = 50
        public static let combinations = 200
        /// Tables in one combination (`table_combination_members.position`, `joined_table_ids`).
        public static let tablesPerCombination = 8
        public static let nameLength = 120  // restaurants.name
        public static let areaNameLength = 40  // areas.name
        public static let serviceLength = 40  // opening_hours.service
        public static let reasonLength = 200
        public static let addressLength = 200
        public static let descriptionLength = 1_000
    }

    /// The keys each part of the file may have, in the order the docs list them.
    static let knownKeys: [String: [String]] = [
        "": ["restaurant", "turn_times", "hours", "closures", "areas", "combinations"],
        "restaurant": ["slug", "name", "time_zone", "phone", "email", "address", "description", "phone_country_code", "hold_minutes",
                       "advance_days", "min_party", "max_party", "reminder_hours", "accepts_walk_ins", "pacing_covers"],
        "turn_times": ["up_to_party", "minutes"],
        "hours": ["days", "service", "opens", "closes"],
        "closures": ["from", "to", "reason"],
        "areas": ["name", "tables"],
        "areas.tables": ["label", "min", "max", "x", "y", "w", "h", "shape", "features", "active"],
        "combinations": ["tables", "min", "max"],
    ]

    // MARK: Reading

    public static func parse(_ text: String) throws(ReservationError) -> FloorFile {
        guard text.utf8.count <= Limits.fileBytes else {
            throw bad(nil, "the file is larger than \(Limits.fileBytes / 1_000_000) MB; a floor file is a few kilobytes")
        }
        let source: FloorSource
        do { source = try FloorSource.scan(text) } catch {
            switch error {
            case .nul(let line): throw bad(line, "a NUL character (\\u0000) is not allowed in a floor file; remove it")
            }
        }
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw bad(error.source.begin.line, "not valid TOML: \(TextSanitizer.excerpt(error.description, max: 120))")
        } catch {
            throw bad(nil, "not valid TOML: \(TextSanitizer.excerpt("\(error)", max: 120))")
        }
        try checkKeys(table, kind: "", path: "", source: source)
        var file: FloorFile
        do { file = try TOMLDecoder().decode(FloorFile.self, from: table) } catch let error as DecodingError {
            throw describe(error, source: source)
        } catch {
            throw bad(nil, "\(TextSanitizer.excerpt("\(error)", max: 120))")
        }
        file.source = source
        return file
    }

    /// `floor file: line 12: restaurant.max_party: ...`
    static func bad(_ line: Int?, _ message: String) -> ReservationError {
        .invalid(field: "floor file", message: (line.map { "line \($0): " } ?? "") + message)
    }

    /// Refuses keys the importer would otherwise ignore (`max_partyy = 2`), naming the nearest known one.
    private static func checkKeys(_ table: TOMLTable, kind: String, path: String, source: FloorSource) throws(ReservationError) {
        let known = knownKeys[kind] ?? []
        for key in table.keys.sorted(by: { (source.line(of: join(path, $0)) ?? 0) < (source.line(of: join(path, $1)) ?? 0) }) {
            let here = join(path, key)
            guard known.contains(key) else {
                let name = TextSanitizer.excerpt(key, max: 40)
                let scope = path.isEmpty ? "at the top of the file" : "in \(path)"
                let hint = nearest(key, in: known).map { " (did you mean \($0)?)" } ?? ""
                throw bad(source.line(of: here), "unknown key \(name) \(scope)\(hint); known keys here: \(known.joined(separator: ", "))")
            }
            let childKind = kind.isEmpty ? key : kind + "." + key
            guard knownKeys[childKind] != nil, let value = table[key] else { continue }
            if let sub = value.table {
                try checkKeys(sub, kind: childKind, path: here, source: source)
            } else if let array = value.array {
                for i in 0..<array.count {
                    if let sub = array[i].table { try checkKeys(sub, kind: childKind, path: here + "[\(i)]", source: source) }
                }
            }
        }
    }

    private static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// The known key closest to a misspelt one, if it is close enough to be a typo.
    static func nearest(_ key: String, in known: [String]) -> String? {
        let k = Array(key.lowercased().prefix(64))
        func distance(_ b: [Character]) -> Int {
            var row = Array(0...b.count)
            for (i, ca) in k.enumerated() {
                var previous = row[0]
                row[0] = i + 1
                for (j, cb) in b.enumerated() {
                    let keep = row[j + 1]
                    row[j + 1] = Swift.min(row[j + 1] + 1, row[j] + 1, previous + (ca == cb ? 0 : 1))
                    previous = keep
                }
            }
            return row[b.count]
        }
        let scored = known.map { ($0, distance(Array($0))) }.min { $0.1 < $1.1 }
        guard let (best, d) = scored, d <= Swift.max(1, Swift.min(3, best.count / 3)) else { return nil }
        return best
    }

    private static func describe(_ error: DecodingError, source: FloorSource) -> ReservationError {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        /// What a key's value must be, for "restaurant.max_party must be a whole number".
        func kind(_ p: String) -> String {
            let key = p.split(separator: ".").last.map { String($0.prefix { $0 != "[" }) } ?? p
            switch key {
            case "hold_minutes", "advance_days", "min_party", "max_party", "reminder_hours", "pacing_covers", "up_to_party", "minutes",
                 "min", "max", "x", "y", "w", "h": return "a whole number"
            case "accepts_walk_ins", "active": return "true or false"
            case "days": return "a list of days in quotes, like [\"mon\", \"tue\"]"
            case "tables" where p.hasPrefix("combinations"): return "a list of table labels in quotes, like [\"T1\", \"T2\"]"
            case "features": return "a list of features in quotes, like [\"window\"]"
            case "restaurant": return "a table ([restaurant])"
            case "turn_times", "hours", "closures", "areas", "tables", "combinations": return "a list of tables ([[\(key)]])"
            default: return "a string in quotes"
            }
        }
        switch error {
        case .keyNotFound(let key, let ctx):
            // TOMLKit reports a value of the wrong type as missing, sometimes with the key already in the path.
            let keys = ctx.codingPath.last?.stringValue == key.stringValue ? ctx.codingPath : ctx.codingPath + [key]
            let p = path(keys)
            if let line = source.lines[p] { return bad(line, "\(p) must be \(kind(p))") }
            return bad(source.line(of: path(keys.dropLast())), "\(p) is missing")
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx):
            let p = path(ctx.codingPath)
            return bad(source.line(of: p), "\(p) must be \(kind(p))")
        case .dataCorrupted(let ctx):
            let p = path(ctx.codingPath)
            return bad(source.line(of: p), "\(p): \(TextSanitizer.excerpt(ctx.debugDescription, max: 120))")
        @unknown default: return bad(nil, TextSanitizer.excerpt("\(error)", max: 120))
        }
    }

    // MARK: Rules

    static let weekdays = ["mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7]
    static let weekdayNames = [1: "Monday", 2: "Tuesday", 3: "Wednesday", 4: "Thursday", 5: "Friday", 6: "Saturday", 7: "Sunday"]

    /// Every rule, checked before anything is written, with the line and key named. Returns warnings
    /// (tables that overlap on the floor): allowed, but worth a look.
    @discardableResult
    public func validate() throws(ReservationError) -> [String] {
        let src = source
        /// A refusal at `path` (its line, else its table's).
        func fail(_ path: String, _ message: String) -> ReservationError {
            FloorFile.bad(src.line(of: path), "\(path): \(message)")
        }
        func range(_ value: Int?, _ path: String, _ bounds: ClosedRange<Int>, _ what: String) throws(ReservationError) {
            guard let value else { return }
            guard bounds.contains(value) else { throw fail(path, "\(value) is out of range: \(what) is \(bounds.lowerBound) to \(bounds.upperBound)") }
        }
        /// The core's own text rule (sanitised; characters and code points), reported at its line.
        func text(_ value: String?, _ path: String, max: Int, required: Bool = false) throws(ReservationError) {
            guard let value else { return }
            do { _ = try Fields.text(value, field: path, max: max, required: required) } catch {
                if case .invalid(_, let message) = error { throw fail(path, message) }
                throw error
            }
        }
        func count(_ n: Int, _ path: String, max: Int, _ what: String) throws(ReservationError) {
            guard n <= max else { throw fail(path, "\(n) \(what); a floor file may have at most \(max)") }
        }

        // The venue.
        let v = restaurant
        guard v.slug.range(of: "^[a-z0-9][a-z0-9-]{0,39}$", options: .regularExpression) != nil else {
            throw fail("restaurant.slug", "\"\(TextSanitizer.excerpt(v.slug))\" must be 1-40 lowercase letters, digits and dashes")
        }
        try text(v.name, "restaurant.name", max: Limits.nameLength, required: true)
        guard TimeZone(identifier: v.time_zone) != nil, v.time_zone.count <= 64 else {
            throw fail("restaurant.time_zone", "\"\(TextSanitizer.excerpt(v.time_zone))\" is not an IANA zone like Europe/Madrid")
        }
        let countryCode = v.phone_country_code ?? "34"
        guard countryCode.range(of: "^[1-9][0-9]{0,2}$", options: .regularExpression) != nil else {
            throw fail("restaurant.phone_country_code", "\"\(TextSanitizer.excerpt(countryCode))\" must be a calling code of 1-3 digits, like 34")
        }
        if let phone = v.phone, !phone.trimmingCharacters(in: .whitespaces).isEmpty {
            if case .failure(.invalid(_, let message)) = PhoneNumber.normalize(phone, countryCode: countryCode) {
                throw fail("restaurant.phone", message)
            }
        }
        if let email = v.email, !email.trimmingCharacters(in: .whitespaces).isEmpty {
            if case .failure(.invalid(_, let message)) = EmailAddress.validate(email) { throw fail("restaurant.email", message) }
        }
        try text(v.address, "restaurant.address", max: Limits.addressLength)
        try text(v.description, "restaurant.description", max: Limits.descriptionLength)
        try range(v.hold_minutes, "restaurant.hold_minutes", 1...1440, "a hold")
        try range(v.advance_days, "restaurant.advance_days", 0...730, "the booking window in days")
        try range(v.min_party, "restaurant.min_party", 1...200, "a party")
        try range(v.max_party, "restaurant.max_party", 1...200, "a party")
        try range(v.reminder_hours, "restaurant.reminder_hours", 0...168, "the reminder lead in hours")
        let minParty = v.min_party ?? 1, maxParty = v.max_party ?? 12
        guard minParty <= maxParty else {
            throw fail(v.max_party != nil ? "restaurant.max_party" : "restaurant.min_party",
                       "min_party (\(minParty)) is larger than max_party (\(maxParty))")
        }
        try range(v.pacing_covers, "restaurant.pacing_covers", 1...1000, "covers starting in one 15-minute slot")
        // A limit below the largest party the venue takes would refuse that party at every time of day.
        if let pacing = v.pacing_covers, pacing < maxParty {
            throw fail("restaurant.pacing_covers", "\(pacing) is below max_party (\(maxParty)): a party of \(maxParty) could never be booked; "
                       + "raise pacing_covers to at least \(maxParty) or lower max_party")
        }

        // Turn times.
        let turns = turn_times ?? []
        try count(turns.count, "turn_times", max: Limits.turnTimes, "turn times")
        var turnLines: [Int: Int] = [:]
        for (i, t) in turns.enumerated() {
            let p = "turn_times[\(i)]"
            try range(t.up_to_party, p + ".up_to_party", 1...200, "a party")
            try range(t.minutes, p + ".minutes", 15...720, "a turn in minutes")
            if let first = turnLines[t.up_to_party] {
                throw fail(p + ".up_to_party", "a turn time for up to \(t.up_to_party) is already given at line \(first)")
            }
            turnLines[t.up_to_party] = src.line(of: p) ?? 0
        }

        // Opening hours.
        try count(hours.count, "hours", max: Limits.hours, "opening-hours entries")
        var opening: [Int: [TimeOfDay: Int]] = [:]  // weekday -> opens -> line
        for (i, h) in hours.enumerated() {
            let p = "hours[\(i)]"
            guard !h.days.isEmpty else { throw fail(p + ".days", "name at least one day (mon ... sun)") }
            var seen = Set<Int>()
            for d in h.days {
                guard let day = FloorFile.weekdays[d.lowercased()] else {
                    throw fail(p + ".days", "\"\(TextSanitizer.excerpt(d))\" is not a weekday (mon, tue, wed, thu, fri, sat, sun)")
                }
                guard seen.insert(day).inserted else { throw fail(p + ".days", "\(d) is listed twice") }
            }
            try text(h.service, p + ".service", max: Limits.serviceLength, required: true)
            guard let opens = FloorFile.time(h.opens) else { throw fail(p + ".opens", "\"\(TextSanitizer.excerpt(h.opens))\" is not a time HH:MM") }
            guard FloorFile.time(h.closes) != nil else { throw fail(p + ".closes", "\"\(TextSanitizer.excerpt(h.closes))\" is not a time HH:MM") }
            for day in seen.sorted() {
                if let first = opening[day]?[opens] {
                    throw fail(p + ".opens", "\(FloorFile.weekdayNames[day]!) already has a service opening at \(opens) (line \(first))")
                }
                opening[day, default: [:]][opens] = src.line(of: p) ?? 0
                guard opening[day]!.count <= Limits.servicesPerDay else {
                    throw fail(p, "\(FloorFile.weekdayNames[day]!) has more than \(Limits.servicesPerDay) services")
                }
            }
        }

        // Closures.
        let closed = closures ?? []
        try count(closed.count, "closures", max: Limits.closures, "closures")
        var closureLines: [LocalDate: Int] = [:]
        for (i, c) in closed.enumerated() {
            let p = "closures[\(i)]"
            guard let from = LocalDate(iso: c.from) else { throw fail(p + ".from", "\"\(TextSanitizer.excerpt(c.from))\" is not a date YYYY-MM-DD") }
            let to = try c.to.map { (t: String) throws(ReservationError) -> LocalDate in
                guard let d = LocalDate(iso: t) else { throw fail(p + ".to", "\"\(TextSanitizer.excerpt(t))\" is not a date YYYY-MM-DD") }
                return d
            } ?? from
            guard from.days(until: to) >= 0 else { throw fail(p + ".to", "\(to) is before \(from)") }
            guard from.days(until: to) < Limits.closureDays else {
                throw fail(p + ".to", "a closure of more than \(Limits.closureDays) days; split it or remove the opening hours")
            }
            try text(c.reason, p + ".reason", max: Limits.reasonLength)
            if let first = closureLines[from] { throw fail(p + ".from", "a closure starting \(from) is already given at line \(first)") }
            closureLines[from] = src.line(of: p) ?? 0
        }

        // Areas and tables.
        try count(areas.count, "areas", max: Limits.areas, "areas")
        let tableCount = areas.map(\.tables.count).reduce(0, +)
        try count(tableCount, "areas", max: Limits.tables, "tables")
        var areaNames: [String: Int] = [:]
        var labels: [String: Int] = [:]
        var warnings: [String] = []
        for (a, area) in areas.enumerated() {
            let ap = "areas[\(a)]"
            try text(area.name, ap + ".name", max: Limits.areaNameLength, required: true)
            let cleanName = TextSanitizer.clean(area.name)
            if let first = areaNames[cleanName] { throw fail(ap + ".name", "an area \"\(cleanName)\" is already given at line \(first)") }
            areaNames[cleanName] = src.line(of: ap) ?? 0
            var placed: [(label: String, line: Int, x: Int, y: Int, w: Int, h: Int)] = []
            for (i, t) in area.tables.enumerated() {
                let p = ap + ".tables[\(i)]"
                guard t.label.range(of: "^[A-Za-z0-9-]{1,8}$", options: .regularExpression) != nil else {
                    throw fail(p + ".label", "\"\(TextSanitizer.excerpt(t.label))\" must be 1-8 letters, digits or dashes")
                }
                if let first = labels[t.label.lowercased()] { throw fail(p + ".label", "table \(t.label) is already given at line \(first)") }
                labels[t.label.lowercased()] = src.line(of: p) ?? 0
                try range(t.min, p + ".min", 1...100, "a table's covers")
                try range(t.max, p + ".max", 1...100, "a table's covers")
                guard (t.min ?? 1) <= t.max else { throw fail(p + ".min", "table \(t.label): min (\(t.min ?? 1)) is larger than max (\(t.max))") }
                try range(t.x, p + ".x", 0...1000, "a position on the floor grid")
                try range(t.y, p + ".y", 0...1000, "a position on the floor grid")
                try range(t.w, p + ".w", 1...50, "a table's width in cells")
                try range(t.h, p + ".h", 1...50, "a table's height in cells")
                if let s = t.shape, TableShape(rawValue: s) == nil {
                    throw fail(p + ".shape", "unknown shape \"\(TextSanitizer.excerpt(s))\" (\(TableShape.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                var features = Set<String>()
                for f in t.features ?? [] {
                    guard TableFeature(rawValue: f) != nil else {
                        throw fail(p + ".features", "unknown feature \"\(TextSanitizer.excerpt(f))\" (\(TableFeature.allCases.map(\.rawValue).joined(separator: ", ")))")
                    }
                    guard features.insert(f).inserted else { throw fail(p + ".features", "\(f) is listed twice") }
                }
                let here = (label: t.label, line: src.line(of: p) ?? 0, x: t.x, y: t.y, w: t.w ?? FloorFile.defaultWidth, h: t.h ?? FloorFile.defaultHeight)
                for other in placed where here.x < other.x + other.w && other.x < here.x + here.w && here.y < other.y + other.h && other.y < here.y + here.h {
                    warnings.append("line \(here.line): table \(here.label) overlaps table \(other.label) (line \(other.line)) on the floor of \(cleanName)")
                }
                placed.append(here)
            }
        }
        try validateCombinations(fail: fail, range: range, count: count)
        return warnings
    }

    /// What each table of the file is: its area (index and name) and covers, by lower-cased label.
    private var tablesByLabel: [String: (area: Int, areaName: String, label: String, min: Int, max: Int)] {
        var out: [String: (area: Int, areaName: String, label: String, min: Int, max: Int)] = [:]
        for (a, area) in areas.enumerated() {
            for t in area.tables { out[t.label.lowercased()] = (a, TextSanitizer.clean(area.name), t.label, t.min ?? 1, t.max) }
        }
        return out
    }

    /// `[[combinations]]`: 2-8 known tables of one area, each once; covers within range, min <= max;
    /// no set given twice. Defaults: min = the smallest member's min, max = the sum of the members' maxes.
    private func validateCombinations(fail: (String, String) -> ReservationError,
                                      range: (Int?, String, ClosedRange<Int>, String) throws(ReservationError) -> Void,
                                      count: (Int, String, Int, String) throws(ReservationError) -> Void) throws(ReservationError) {
        let combos = combinations ?? []
        try count(combos.count, "combinations", Limits.combinations, "combinations")
        let known = tablesByLabel
        var sets: [Set<String>: Int] = [:]
        for (i, c) in combos.enumerated() {
            let p = "combinations[\(i)]"
            guard (2...Limits.tablesPerCombination).contains(c.tables.count) else {
                throw fail(p + ".tables", "a combination joins 2 to \(Limits.tablesPerCombination) tables, not \(c.tables.count)")
            }
            var seen = Set<String>()
            for label in c.tables {
                guard let t = known[label.lowercased()] else {
                    throw fail(p + ".tables", "there is no table \"\(TextSanitizer.excerpt(label))\" in this file")
                }
                guard seen.insert(label.lowercased()).inserted else { throw fail(p + ".tables", "table \(t.label) is listed twice") }
                if let first = known[c.tables[0].lowercased()], first.area != t.area {
                    throw fail(p + ".tables", "table \(t.label) is in \(t.areaName), \(first.label) in \(first.areaName): only tables of one area can be joined")
                }
            }
            if let first = sets[seen] {
                throw fail(p + ".tables", "the combination \(c.tables.joined(separator: "+")) is already given at line \(first)")
            }
            sets[seen] = source.line(of: p) ?? 0
            try range(c.min, p + ".min", 1...400, "a combination's covers")
            try range(c.max, p + ".max", 1...400, "a combination's covers")
            let (lo, hi) = coverDefaults(c, known)
            guard lo <= hi else {
                throw fail(c.min != nil ? p + ".min" : p + ".max", "min (\(lo)) is larger than max (\(hi))")
            }
        }
    }

    private func coverDefaults(_ c: Combination, _ known: [String: (area: Int, areaName: String, label: String, min: Int, max: Int)]) -> (Int, Int) {
        let members = c.tables.compactMap { known[$0.lowercased()] }
        return (c.min ?? members.map(\.min).min() ?? 1, c.max ?? members.map(\.max).reduce(0, +))
    }

    /// The combinations as the importer writes them: member labels as the tables spell them, and covers.
    var resolvedCombinations: [(labels: [String], min: Int, max: Int)] {
        let known = tablesByLabel
        return (combinations ?? []).map { c in
            let (lo, hi) = coverDefaults(c, known)
            return (c.tables.map { known[$0.lowercased()]?.label ?? $0 }, lo, hi)
        }
    }

    /// A table's size on the floor grid when the file gives none.
    static let defaultWidth = 4
    static let defaultHeight = 2

    static func time(_ s: String) -> TimeOfDay? {
        let p = s.split(separator: ":", omittingEmptySubsequences: false)
        guard p.count == 2, p[0].count <= 2, p[1].count == 2, let h = Int(p[0]), let m = Int(p[1]) else { return nil }
        return TimeOfDay(hour: h, minute: m)
    }
}
