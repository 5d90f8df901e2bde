import Foundation

/// The reports a manager reads (issue 22). Each one's figures are defined in docs/reports.md; the names are
/// the command line's (`reservaflow report covers ...`) and the JSON's.
public enum ReportKind: String, CaseIterable, Sendable, Codable {
    case covers
    case noShows = "no-shows"
    case turns
    case utilisation
    case channels
    case waitlist
    case pacing
    /// Every venue the reader may see, a row each and the total (an administrator's roll-up).
    case venues

    public var title: String {
        switch self {
        case .covers: "Covers and bookings"
        case .noShows: "No-shows and cancellations"
        case .turns: "Turn times"
        case .utilisation: "Table utilisation"
        case .channels: "Lead time and channels"
        case .waitlist: "Waitlist quotes"
        case .pacing: "Pacing"
        case .venues: "All venues"
        }
    }

    /// The per-venue reports, in the order the screen steps through them.
    public static let perVenue: [ReportKind] = [.covers, .noShows, .turns, .utilisation, .channels, .waitlist, .pacing]
}

/// Venue-local days, both ends included. The previous range is as many days just before it, so a month is
/// compared with the month's length before it and a week with the week before.
public struct ReportRange: Hashable, Sendable {
    public var from: LocalDate
    public var to: LocalDate

    /// The longest range a report reads: two years is already more than a screen can show.
    public static let maxDays = 731

    public init(from: LocalDate, to: LocalDate) throws(ReservationError) {
        guard from <= to else { throw .invalid(field: "to", message: "The range ends (\(to)) before it starts (\(from)).") }
        guard from.days(until: to) < Self.maxDays else {
            throw .invalid(field: "to", message: "A report covers at most \(Self.maxDays) days; this range has \(from.days(until: to) + 1).")
        }
        self.from = from
        self.to = to
    }

    public var days: Int { from.days(until: to) + 1 }
    public var dates: [LocalDate] { (0..<days).map { from.adding(days: $0) } }
    public var previous: ReportRange {
        // Same length, so it cannot fail the checks the current range passed.
        try! ReportRange(from: from.adding(days: -days), to: from.adding(days: -1))
    }
    public func contains(_ date: LocalDate) -> Bool { from <= date && date <= to }

    /// The range moved by its own length (`steps` = -1: the previous one).
    public func shifted(by steps: Int) -> ReportRange { try! ReportRange(from: from.adding(days: steps * days), to: to.adding(days: steps * days)) }
}

/// One cell of a report's table: a JSON string, number or null, and a CSV cell.
public enum ReportValue: Hashable, Sendable, Codable {
    case text(String)
    case int(Int)
    case number(Double)
    case none

    /// A number rounded for reading (`places` decimals), or nothing when there is none.
    public static func rounded(_ x: Double?, _ places: Int = 1) -> ReportValue {
        guard let x, x.isFinite else { return .none }
        let scale = pow(10, Double(places))
        return .number((x * scale).rounded() / scale)
    }

    public var double: Double? {
        switch self {
        case .int(let n): Double(n)
        case .number(let x): x
        case .text, .none: nil
        }
    }

    /// As people read it: shares as percentages (the files keep the fraction), nothing as a dash.
    public func shown(_ unit: String) -> String {
        if unit == "share", let x = double { return ReportValue.rounded(x * 100, 1).cell + "%" }
        return self == .none ? "-" : cell
    }

    public var cell: String {
        switch self {
        case .text(let s): s
        case .int(let n): String(n)
        case .number(let x): x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
        case .none: ""
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .none } else if let n = try? c.decode(Int.self) { self = .int(n) } else if let x = try? c.decode(Double.self) {
            self = .number(x)
        } else { self = .text(try c.decode(String.self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .text(let s): try c.encode(s)
        case .int(let n): try c.encode(n)
        case .number(let x): try c.encode(x)
        case .none: try c.encodeNil()
        }
    }
}

/// A headline figure, this range beside the previous one.
public struct ReportFigure: Hashable, Sendable, Codable {
    public var name: String
    public var label: String
    public var unit: String
    public var current: ReportValue
    public var previous: ReportValue

    public init(_ name: String, _ label: String, unit: String, current: ReportValue, previous: ReportValue) {
        self.name = name
        self.label = label
        self.unit = unit
        self.current = current
        self.previous = previous
    }
}

public struct ReportColumn: Hashable, Sendable, Codable {
    public var name: String
    public var unit: String
    public init(_ name: String, _ unit: String) {
        self.name = name
        self.unit = unit
    }
}

/// A table of a report: the first column names the row (a date, a service, a party size...).
public struct ReportTable: Hashable, Sendable, Codable {
    public var name: String
    public var title: String
    public var columns: [ReportColumn]
    public var rows: [[ReportValue]]

    public init(_ name: String, _ title: String, columns: [ReportColumn], rows: [[ReportValue]]) {
        self.name = name
        self.title = title
        self.columns = columns
        self.rows = rows
    }

    public func value(row key: String, column: String) -> ReportValue? {
        guard let c = columns.firstIndex(where: { $0.name == column }), let r = rows.first(where: { $0.first?.cell == key }) else { return nil }
        return r[c]
    }

    public func column(_ name: String) -> [ReportValue] {
        guard let c = columns.firstIndex(where: { $0.name == name }) else { return [] }
        return rows.map { $0[c] }
    }
}

/// A report as every front end shows it: the TUI's charts, `--json` as it is, `--csv` a table of it.
public struct Report: Hashable, Sendable, Codable {
    public var report: ReportKind
    public var title: String
    /// The venue's slug, or "all" for a roll-up.
    public var venue: String
    public var timeZone: String
    public var from: LocalDate
    public var to: LocalDate
    public var previousFrom: LocalDate
    public var previousTo: LocalDate
    public var figures: [ReportFigure]
    public var tables: [ReportTable]
    /// Sentences a manager can act on ("parties of 2 finish in 74 min against 90: the turn could be shorter").
    public var advice: [String]

    public init(_ kind: ReportKind, venue: String, timeZone: String, range: ReportRange, figures: [ReportFigure], tables: [ReportTable], advice: [String] = []) {
        report = kind
        title = kind.title
        self.venue = venue
        self.timeZone = timeZone
        from = range.from
        to = range.to
        previousFrom = range.previous.from
        previousTo = range.previous.to
        self.figures = figures
        self.tables = tables
        self.advice = advice
    }

    public func figure(_ name: String) -> ReportFigure? { figures.first { $0.name == name } }
    public func table(_ name: String) -> ReportTable? { tables.first { $0.name == name } }

    enum CodingKeys: String, CodingKey {
        case report, title, venue, from, to, figures, tables, advice
        case timeZone = "time_zone", previousFrom = "previous_from", previousTo = "previous_to"
    }
}

extension LocalDate: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let d = LocalDate(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
        }
        self = d
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
