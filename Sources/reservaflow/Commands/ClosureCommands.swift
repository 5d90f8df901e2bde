import ArgumentParser
import Foundation
import ReservationCore
import ReservationDomain

struct ClosureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "closure",
        abstract: "Days the venue, or one table, is shut (a holiday, a burst pipe, new chairs): list, add, remove.",
        discussion: """
            A closure holds at once: no booking, walk-in or seating is taken on those days from the next request on. \
            One that would leave live bookings on closed days is refused naming them; --even-with-bookings closes \
            anyway (they stay booked: call them). The floor file's [[closures]] are the venue's rows. \
            With --table T4, only that table is out of service on those days (managers); \
            `reservaflow table T4 out-of-service` is the host's "now, until put back".
            """,
        subcommands: [List.self, Add.self, Remove.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The venue's closures, in date order.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var venue: VenueOption

        func run() throws {
            let book = try global.openBook()
            let r = try venue.resolve(book)
            let schedule = try book.schedule(for: r)
            let rows = schedule.closures.map { CLIWire.ClosureDays($0) } + schedule.tableClosures.map(CLIWire.ClosureDays.init)
            if global.json { return try Printer.json(rows) }
            if rows.isEmpty { return Printer.line("\(r.name) has no closures.") }
            Printer.table(["WHAT", "FROM", "TO", "REASON"], rows.map { [$0.table.map { "table \($0)" } ?? "venue", $0.from, $0.to, $0.reason] })
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close the venue on these days (inclusive).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var venue: VenueOption
        @Option(help: "First closed day: YYYY-MM-DD, today, tomorrow, a weekday...") var from: String
        @Option(help: "Last closed day (default: the first).") var to: String?
        @Option(help: "Why, for the screens and the audit log.") var reason: String = ""
        @Option(help: "Only this table (T4) is out of service on those days, not the venue.") var table: String?
        @Flag(name: .customLong("even-with-bookings"), help: "Close even though live bookings fall on those days.") var evenWithBookings = false

        func run() throws {
            let book = try global.openBook()
            let r = try venue.resolve(book)
            let first = try CLIInput.date(from, restaurant: r)
            let last = try to.map { try CLIInput.date($0, restaurant: r) } ?? first
            let days = first == last ? "on \(first)" : "from \(first) to \(last)"
            let why = reason.isEmpty ? "" : " (\(reason))"
            try EvenWithBookings.said(evenWithBookings, field: "closure", "closes") {
                if let table {
                    let done = try book.addTableClosure(restaurantID: r.id, label: table, from: first, to: last, reason: reason,
                                                        strandingBookings: evenWithBookings, actor: .commandLine())
                    if global.json { return try Printer.json(CLIWire.ClosureAdded(done, clock: r.clock)) }
                    Printer.line("Table \(done.closure.label) is out of service \(days)\(why).")
                    Printer.stillBooked(done.stranded, clock: r.clock)
                } else {
                    let done = try book.addClosure(restaurantID: r.id, from: first, to: last, reason: reason, strandingBookings: evenWithBookings,
                                                   actor: .commandLine())
                    if global.json { return try Printer.json(CLIWire.ClosureAdded(done, clock: r.clock)) }
                    Printer.line("\(r.name) is closed \(days)\(why).")
                    Printer.stillBooked(done.stranded, clock: r.clock)
                }
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open the venue again: the closure starting on this day goes.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var venue: VenueOption
        @Option(help: "The closure's first day.") var from: String
        @Option(help: "The table whose closure it is (T4); without it, the venue's.") var table: String?

        func run() throws {
            let book = try global.openBook()
            let r = try venue.resolve(book)
            let day = try CLIInput.date(from, restaurant: r)
            if let table {
                let gone = try book.removeTableClosure(restaurantID: r.id, label: table, startingOn: day, actor: .commandLine())
                if global.json { return try Printer.json(CLIWire.ClosureDays(gone)) }
                return Printer.line("Table \(gone.label) is back in service from \(gone.days.startsOn) to \(gone.days.endsOn).")
            }
            let gone = try book.removeClosure(restaurantID: r.id, startingOn: day, actor: .commandLine())
            if global.json { return try Printer.json(CLIWire.ClosureDays(gone)) }
            Printer.line("\(r.name) is open again from \(gone.startsOn) to \(gone.endsOn).")
        }
    }
}
