import ArgumentParser
import Foundation
import ReservationCore
import ReservationDomain

struct VenueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "venue",
        abstract: "A venue's details and rules, one value at a time: show, set, hours, turn, table, combination.",
        discussion: """
            Each change is checked as `floor import` checks a floor file and holds from the next request on. One that \
            would leave live bookings outside the new services or party sizes is refused naming them; \
            --even-with-bookings saves anyway (they stay booked: call them). Audited as venue_edit. Settings: \
            \(VenueSetting.allCases.map(\.rawValue).joined(separator: ", ")).
            """,
        subcommands: [Show.self, Set.self, Hours.self, Turn.self, Table.self, Combination.self, Create.self], defaultSubcommand: Show.self)

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The venue's details, rules, turn times and services.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var venue: VenueOption

        func run() throws {
            let book = try global.openBook()
            let r = try venue.resolve(book)
            let hours = try book.schedule(for: r).hours.sorted { ($0.weekday, $0.opens) < ($1.weekday, $1.opens) }
            if global.json { return try Printer.json(CLIWire.VenueRules(r, hours: hours)) }
            Printer.table(["SETTING", "KEY", "VALUE"], VenueSetting.allCases.map { [$0.label, $0.rawValue, $0.value(of: r)] })
            Printer.line("")
            Printer.table(["TURN UP TO", "MINUTES"], r.rules.turnTimes.map { [String($0.upToParty), String($0.minutes)] })
            Printer.line("")
            Printer.table(["DAY", "SERVICE", "OPENS", "CLOSES"], hours.map { [$0.dayName, $0.name, $0.opens.description, $0.closes.description] })
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change one setting: `venue set hold_minutes 20`; an empty value removes a phone, e-mail, address or pacing limit.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var venue: VenueOption
        @OptionGroup var anyway: EvenWithBookings
        @Argument(help: "The setting's key, as `venue show` lists it.") var key: String
        @Argument(help: "Its new value.") var value: String = ""

        func run() throws {
            guard let setting = VenueSetting(rawValue: key) else {
                throw ReservationError.invalid(field: "key", message: "No setting \"\(key)\"; one of: \(VenueSetting.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            try VenueCommand.change([.setting(setting, value)], global: global, venue: venue, anyway: anyway.evenWithBookings)
        }
    }

    struct Hours: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add or remove a service: `venue hours add \"tue-sat Dinner 20:00-23:30\"`, `venue hours remove \"fri Lunch 13:00-16:00\"`.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var venue: VenueOption
        @OptionGroup var anyway: EvenWithBookings
        @Argument(help: "add or remove.") var action: String
        @Argument(help: "Days, service and times, as one argument.") var service: String

        func run() throws {
            let given = try VenueInput.hours(service)
            switch action {
            case "add": try VenueCommand.change(given.map { .hours(replacing: nil, with: $0) }, global: global, venue: venue, anyway: anyway.evenWithBookings)
            case "remove": try VenueCommand.change(given.map { .hours(replacing: $0, with: nil) }, global: global, venue: venue, anyway: anyway.evenWithBookings)
            default: throw ReservationError.invalid(field: "action", message: "Say add or remove, not \"\(action)\".")
            }
        }
    }

    struct Turn: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set the turn for parties up to N (`venue turn 8 150`), or remove it (`venue turn 8`).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var venue: VenueOption
        @Argument(help: "The largest party the turn is for.") var party: Int
        @Argument(help: "Its minutes; left out: the turn goes.") var minutes: Int?
        // A turn strands no booking: a booking keeps the end it was given.

        func run() throws {
            try VenueCommand.change([.turnTime(upToParty: party, minutes: minutes)], global: global, venue: venue, anyway: false)
        }
    }

    struct Table: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a table or change one: `add \"T9 Terraza 2-4\"`, `covers T4 2-6`, `rename T4 T40`, `move T4 2 -1`, `resize T4 1 0` (cells).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var venue: VenueOption
        @OptionGroup var anyway: EvenWithBookings
        @Argument(help: "add, covers, rename, move or resize.") var action: String
        // Unparsed, so a move of -1 is a number and not an option.
        @Argument(parsing: .allUnrecognized, help: "The table and the values, as in the examples.") var words: [String] = []

        func run() throws {
            func number(_ i: Int) throws -> Int {
                guard words.indices.contains(i), let n = Int(words[i]) else {
                    throw ReservationError.invalid(field: action, message: "\(action): give the table and two whole numbers, like `\(action) T4 1 0`.")
                }
                return n
            }
            let label = words.first ?? ""
            let edit: TableEdit
            switch (action, words.count) {
            case ("add", _): edit = try TableInput.table(words.joined(separator: " "))
            case ("covers", 2):
                let c = try TableInput.covers(words[1])
                edit = .covers(label: label, min: c.min, max: c.max)
            case ("rename", 2): edit = .rename(label: label, to: words[1])
            case ("move", 3): edit = .move(label: label, dx: try number(1), dy: try number(2))
            case ("resize", 3): edit = .resize(label: label, dw: try number(1), dh: try number(2))
            default:
                throw ReservationError.invalid(field: "action", message: "Say add \"T9 Terraza 2-4\", covers T4 2-6, rename T4 T40, move T4 DX DY or resize T4 DW DH.")
            }
            try VenueCommand.change([.table(edit)], global: global, venue: venue, anyway: anyway.evenWithBookings)
        }
    }

    static func change(_ edits: [VenueEdit], global: GlobalOptions, venue: VenueOption, anyway: Bool) throws {
        let book = try global.openBook()
        let r = try venue.resolve(book)
        var done: VenueChange?
        try EvenWithBookings.said(anyway, field: "bookings", "saves") {
            done = try book.changeVenue(restaurantID: r.id, edits, strandingBookings: anyway, actor: .commandLine())
        }
        guard let done else { return }
        if global.json { return try Printer.json(CLIWire.VenueChanged(done, clock: r.clock)) }
        Printer.line(done.summary)
        Printer.stillBooked(done.stranded, clock: r.clock)
    }
}

struct EvenWithBookings: ParsableArguments {
    @Flag(name: .customLong("even-with-bookings"), help: "Save even though live bookings fall outside the new rules.") var evenWithBookings = false

    /// Runs a change the core refuses (in `field`) when it would strand live bookings, and tells the operator
    /// how to make it anyway: "… (--even-with-bookings closes anyway.)".
    static func said(_ given: Bool, field: String, _ verb: String, _ body: () throws -> Void) throws {
        do { try body() } catch {
            guard !given, let e = error as? ReservationError, case .invalid(let f, let message) = e, f == field else { throw error }
            throw ReservationError.invalid(field: f, message: message + " (--even-with-bookings \(verb) anyway.)")
        }
    }
}
