import Foundation
import TOMLKit

/// The TOML a manager writes for `reservaflow floor import`: the venue, its rules, hours, closures,
/// areas and tables. See docs/floor-file.md.
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

    var restaurant: Venue
    var turn_times: [Turn]?
    var hours: [Hours]
    var closures: [ClosureDays]?
    var areas: [AreaSpec]

    public static func parse(_ text: String) throws(ReservationError) -> FloorFile {
        do { return try TOMLDecoder().decode(FloorFile.self, from: text) } catch let error as DecodingError {
            throw .invalid(field: "floor file", message: describe(error))
        } catch {
            throw .invalid(field: "floor file", message: "not valid TOML: \(error)")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let ctx): return "missing \(path(ctx.codingPath + [key]))"
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx): return "wrong type at \(path(ctx.codingPath))"
        case .dataCorrupted(let ctx): return "\(path(ctx.codingPath)): \(ctx.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    static let weekdays = ["mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7]

    /// Every rule checked before anything is written, with the table or line named.
    func validate() throws(ReservationError) {
        func bad(_ m: String) -> ReservationError { .invalid(field: "floor file", message: m) }
        guard restaurant.slug.range(of: "^[a-z0-9][a-z0-9-]{0,39}$", options: .regularExpression) != nil else {
            throw bad("restaurant.slug \"\(TextSanitizer.clean(restaurant.slug))\" must be lowercase letters, digits and dashes")
        }
        guard TimeZone(identifier: restaurant.time_zone) != nil else {
            throw bad("restaurant.time_zone \"\(TextSanitizer.clean(restaurant.time_zone))\" is not an IANA zone like Europe/Madrid")
        }
        for h in hours {
            for d in h.days where FloorFile.weekdays[d.lowercased()] == nil {
                throw bad("hours: \"\(TextSanitizer.clean(d))\" is not a weekday (mon ... sun)")
            }
            guard FloorFile.time(h.opens) != nil, FloorFile.time(h.closes) != nil else {
                throw bad("hours \(TextSanitizer.clean(h.service)): times must be HH:MM")
            }
        }
        for c in closures ?? [] where LocalDate(iso: c.from) == nil || (c.to.map { LocalDate(iso: $0) == nil } ?? false) {
            throw bad("closures: dates must be YYYY-MM-DD (got \(TextSanitizer.clean(c.from)))")
        }
        var labels = Set<String>()
        for a in areas {
            for t in a.tables {
                guard labels.insert(t.label.lowercased()).inserted else { throw bad("table \(TextSanitizer.clean(t.label)) appears twice") }
                guard t.label.range(of: "^[A-Za-z0-9-]{1,8}$", options: .regularExpression) != nil else {
                    throw bad("table label \"\(TextSanitizer.clean(t.label))\" must be 1-8 letters, digits or dashes")
                }
                guard (t.min ?? 1) >= 1, t.max >= (t.min ?? 1) else { throw bad("table \(t.label): min/max covers are off") }
                if let s = t.shape, TableShape(rawValue: s) == nil { throw bad("table \(t.label): unknown shape \(TextSanitizer.clean(s))") }
                for f in t.features ?? [] where TableFeature(rawValue: f) == nil {
                    throw bad("table \(t.label): unknown feature \(TextSanitizer.clean(f)) (\(TableFeature.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
            }
        }
    }

    static func time(_ s: String) -> TimeOfDay? {
        let p = s.split(separator: ":")
        guard p.count == 2, let h = Int(p[0]), let m = Int(p[1]) else { return nil }
        return TimeOfDay(hour: h, minute: m)
    }
}
