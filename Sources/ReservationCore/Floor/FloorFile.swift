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
public struct FloorFile: Codable, Sendable {
    public struct Venue: Codable, Sendable {
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

        enum CodingKeys: String, CodingKey, CaseIterable {
            case slug, name, time_zone, phone, email, address, description, phone_country_code, hold_minutes,
                 advance_days, min_party, max_party, reminder_hours, accepts_walk_ins, pacing_covers
        }

        /// The rules as the file gives them, the domain's defaults (`BookingRules()`) for what it leaves out:
        /// one default in one place, for the checks and the import alike. (Turn times are the file's own list.)
        var rules: BookingRules {
            var r = BookingRules()
            if let v = hold_minutes { r.holdMinutes = v }
            if let v = advance_days { r.advanceDays = v }
            if let v = min_party { r.minParty = v }
            if let v = max_party { r.maxParty = v }
            if let v = reminder_hours { r.reminderHours = v }
            if let v = accepts_walk_ins { r.acceptsWalkIns = v }
            r.pacingCovers = pacing_covers
            return r
        }

        var countryCode: String { phone_country_code ?? Restaurant.defaultPhoneCountryCode }
    }
    public struct Turn: Codable, Sendable {
        var up_to_party: Int
        var minutes: Int
        enum CodingKeys: String, CodingKey, CaseIterable { case up_to_party, minutes }
    }
    public struct Hours: Codable, Sendable {
        var days: [String]
        var service: String
        var opens: String
        var closes: String
        enum CodingKeys: String, CodingKey, CaseIterable { case days, service, opens, closes }
    }
    public struct ClosureDays: Codable, Sendable {
        var from: String
        var to: String?
        var reason: String?
        enum CodingKeys: String, CodingKey, CaseIterable { case from, to, reason }
    }
    public struct Table: Codable, Sendable {
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
        enum CodingKeys: String, CodingKey, CaseIterable { case label, min, max, x, y, w, h, shape, features, active }
    }
    public struct AreaSpec: Codable, Sendable {
        var name: String
        var tables: [Table]
        enum CodingKeys: String, CodingKey, CaseIterable { case name, tables }
    }
    /// Tables that may be joined for one party (`TableCombination`).
    public struct Combination: Codable, Sendable {
        var tables: [String]
        var min: Int?
        var max: Int?
        enum CodingKeys: String, CodingKey, CaseIterable { case tables, min, max }
    }

    var restaurant: Venue
    var turn_times: [Turn]?
    var hours: [Hours]
    var closures: [ClosureDays]?
    var areas: [AreaSpec]
    var combinations: [Combination]?
    /// Lines of the file's tables and keys, for messages.
    var source = FloorSource()

    enum CodingKeys: String, CodingKey, CaseIterable {
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

    // MARK: Rules

    static let weekdays = ["mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7]
    static let weekdayNames = [1: "Monday", 2: "Tuesday", 3: "Wednesday", 4: "Thursday", 5: "Friday", 6: "Saturday", 7: "Sunday"]

    /// A table's size on the floor grid when the file gives none.
    static let defaultWidth = 4
    static let defaultHeight = 2

    static func time(_ s: String) -> TimeOfDay? {
        let p = s.split(separator: ":", omittingEmptySubsequences: false)
        guard p.count == 2, p[0].count <= 2, p[1].count == 2, let h = Int(p[0]), let m = Int(p[1]) else { return nil }
        return TimeOfDay(hour: h, minute: m)
    }
}
