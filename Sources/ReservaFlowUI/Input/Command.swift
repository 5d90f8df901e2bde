import ReservationDomain

/// A `:` command, parsed.
public enum Command: Sendable, Hashable {
    /// `:book 4 19:30 Garcia 600123456` (words in any order: a number is the party, a time the time,
    /// a date the date, a run of digits of 6+ the phone, the rest the name).
    case book(party: Int, time: TimeOfDay, date: LocalDate?, name: String, phone: String?)
    case seat(table: String)
    case walkIn(party: Int)
    case date(LocalDate)
    case theme(String)
    case search(String)
    case waitlist, help, quit, today, reload
    /// `:note` shows (hosts) or edits (managers) the day's shift notes; `:note TEXT` sets them.
    case note(String?)
    /// `:staff`, `:audit`, `:guests`: the manager's desk.
    case admin(AdminScreen.Kind)
    /// `:reports`: covers, no-shows, turns... as charts (managers and admins).
    case reports
    /// `:close 24/12 [25/12] Christmas`: the venue shut on those days; `:open 24/12` takes the closure back.
    case close(from: LocalDate, to: LocalDate, reason: String)
    case open(LocalDate)
}

public enum CommandParser {
    public static let names = ["audit", "book", "close", "date", "floor", "guests", "help", "note", "open", "quit", "reload", "reports", "search", "seat", "staff",
                               "venue",
                               "theme", "today", "waitlist", "walkin"]
    static let aliases = ["q": "quit", "b": "book", "d": "date", "w": "walkin", "s": "seat", "h": "help"]

    public static func parse(_ line: String, today: LocalDate, service: ClosedRange<Int>? = nil) -> Result<Command, CommandError> {
        let words = line.split(separator: " ").map(String.init)
        guard let head = words.first?.lowercased() else { return .failure(.init("Type a command, e.g. :book 4 19:30 Garcia 600123456")) }
        let name = aliases[head] ?? head
        let args = Array(words.dropFirst())
        let rest = args.joined(separator: " ")
        switch name {
        case "book": return parseBook(args, today: today, service: service)
        case "seat":
            guard args.count == 1 else { return .failure(.init(":seat needs a table, e.g. :seat T12")) }
            return .success(.seat(table: args[0]))
        case "walkin", "walk-in":
            guard args.count == 1, let p = PartyInput.parse(args[0]) else { return .failure(.init(":walkin needs a party size, e.g. :walkin 3")) }
            return .success(.walkIn(party: p))
        case "date":
            guard let d = DateInput.parse(rest, today: today) else {
                return .failure(.init(":date needs a date: today, tomorrow, fri, 24/12, 2026-12-24"))
            }
            return .success(.date(d))
        case "theme":
            guard args.count == 1 else { return .failure(.init(":theme needs a name, e.g. :theme high-contrast")) }
            return .success(.theme(args[0]))
        case "search":
            guard !rest.isEmpty else { return .failure(.init(":search needs part of a name or phone")) }
            return .success(.search(rest))
        case "waitlist": return .success(.waitlist)
        case "staff", "audit", "guests", "venue", "floor": return .success(.admin(AdminScreen.Kind(rawValue: name)!))
        case "reports", "report": return .success(.reports)
        case "close":
            guard let days = closureDays(args, today: today) else {
                return .failure(.init(":close needs the first closed day, e.g. :close 24/12 25/12 Christmas"))
            }
            return .success(.close(from: days.from, to: days.to, reason: days.reason))
        case "open":
            guard args.count == 1, let d = DateInput.parse(args[0], today: today) else {
                return .failure(.init(":open needs the first day of the closure to take back, e.g. :open 24/12"))
            }
            return .success(.open(d))
        case "note", "notes": return .success(.note(rest.isEmpty ? nil : rest))
        case "help": return .success(.help)
        case "quit": return .success(.quit)
        case "today": return .success(.today)
        case "reload": return .success(.reload)
        default:
            return .failure(.init("Unknown command \"\(head)\". Commands: \(names.joined(separator: ", ")). Tab completes."))
        }
    }

    /// "24/12 [26/12] [why…]": the first day, the last (the first when only one is given), and the reason:
    /// what `:close` and `:floor`'s `O` read.
    static func closureDays(_ args: [String], today: LocalDate) -> (from: LocalDate, to: LocalDate, reason: String)? {
        guard let first = args.first, let from = DateInput.parse(first, today: today) else { return nil }
        let to = args.dropFirst().first.flatMap { DateInput.parse($0, today: today) }
        return (from, to ?? from, args.dropFirst(to == nil ? 1 : 2).joined(separator: " "))
    }

    static func parseBook(_ args: [String], today: LocalDate, service: ClosedRange<Int>?) -> Result<Command, CommandError> {
        var party: Int? = nil, time: TimeOfDay? = nil, date: LocalDate? = nil, phone: String? = nil
        var nameWords: [String] = []
        for a in args {
            let digits = a.filter(\.isNumber)
            if phone == nil, digits.count >= 6, a.allSatisfy({ $0.isNumber || $0 == "+" }) {
                phone = a
            } else if party == nil, let p = Int(a), (1...99).contains(p), a.count <= 2 {
                party = p
            } else if time == nil, a.contains(where: \.isNumber), let t = TimeInput.parse(a, service: service) {
                time = t
            } else if date == nil, let d = DateInput.parse(a, today: today), !(a.first?.isLetter ?? false) || DateInput.weekday(a.lowercased()) != nil || a.lowercased() == "today" || a.lowercased() == "tomorrow" {
                date = d
            } else {
                nameWords.append(a)
            }
        }
        guard let party else { return .failure(.init(":book needs a party size, e.g. :book 4 19:30 Garcia 600123456")) }
        guard let time else { return .failure(.init(":book needs a time, e.g. 19:30 or 7:30pm")) }
        guard !nameWords.isEmpty else { return .failure(.init(":book needs the guest's name")) }
        return .success(.book(party: party, time: time, date: date, name: nameWords.joined(separator: " "), phone: phone))
    }

    /// Whole-line completions for what has been typed so far.
    public static func complete(_ line: String, themes: [String], tables: [String]) -> [String] {
        let endsWithSpace = line.hasSuffix(" ")
        let words = line.split(separator: " ").map(String.init)
        if words.isEmpty { return names }
        if words.count == 1 && !endsWithSpace {
            return names.filter { $0.hasPrefix(words[0].lowercased()) }
        }
        let head = aliases[words[0].lowercased()] ?? words[0].lowercased()
        let partial = endsWithSpace ? "" : (words.count > 1 ? words.last! : "")
        let prefixWords = endsWithSpace ? words : Array(words.dropLast())
        let prefix = ([head] + prefixWords.dropFirst()).joined(separator: " ") + " "
        let options: [String]
        switch head {
        case "theme": options = themes
        case "seat": options = tables
        case "date": options = ["today", "tomorrow"] + DateInput.weekdays
        default: options = []
        }
        return options.filter { $0.lowercased().hasPrefix(partial.lowercased()) }.map { prefix + $0 }
    }
}

public struct CommandError: Error, Sendable, Hashable {
    public var message: String
    public init(_ m: String) { message = m }
}
