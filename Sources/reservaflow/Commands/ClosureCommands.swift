import ArgumentParser
import Foundation
import ReservationCore
import ReservationDomain

struct ClosureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "closure",
        abstract: "Days the venue is shut (a holiday, a private event, a burst pipe): list, add, remove.",
        discussion: """
            A closure holds at once: no booking, walk-in or seating is taken on those days from the next request on. \
            One that would leave live bookings on closed days is refused naming them; --even-with-bookings closes \
            anyway (they stay booked: call them). The floor file's [[closures]] are the same rows.
            """,
        subcommands: [List.self, Add.self, Remove.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The venue's closures, in date order.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var venue: VenueOption

        func run() throws {
            let book = try global.openBook()
            let r = try venue.resolve(book)
            let closures = try book.schedule(for: r).closures
            if global.json { return try Printer.json(closures.map(CLIWire.ClosureDays.init)) }
            if closures.isEmpty { return Printer.line("\(r.name) has no closures.") }
            Printer.table(["FROM", "TO", "REASON"], closures.map { [$0.startsOn.description, $0.endsOn.description, $0.reason] })
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close the venue on these days (inclusive).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var venue: VenueOption
        @Option(help: "First closed day: YYYY-MM-DD, today, tomorrow, a weekday...") var from: String
        @Option(help: "Last closed day (default: the first).") var to: String?
        @Option(help: "Why, for the screens and the audit log.") var reason: String = ""
        @Flag(name: .customLong("even-with-bookings"), help: "Close even though live bookings fall on those days.") var evenWithBookings = false

        func run() throws {
            let book = try global.openBook()
            let r = try venue.resolve(book)
            let first = try CLIInput.date(from, restaurant: r)
            let last = try to.map { try CLIInput.date($0, restaurant: r) } ?? first
            let done: ClosureOutcome
            do {
                done = try book.addClosure(restaurantID: r.id, from: first, to: last, reason: reason, strandingBookings: evenWithBookings,
                                           actor: .commandLine())
            } catch {
                guard case .invalid(let field, let message) = error, field == "closure" else { throw error }
                throw ReservationError.invalid(field: field, message: message + " (--even-with-bookings closes anyway.)")
            }
            if global.json { return try Printer.json(CLIWire.ClosureAdded(done, clock: r.clock)) }
            Printer.line("\(r.name) is closed \(first == last ? "on \(first)" : "from \(first) to \(last)")\(done.closure.reason.isEmpty ? "" : " (\(done.closure.reason))").")
            Printer.stillBooked(done.stranded, clock: r.clock)
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open the venue again: the closure starting on this day goes.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var venue: VenueOption
        @Option(help: "The closure's first day.") var from: String

        func run() throws {
            let book = try global.openBook()
            let r = try venue.resolve(book)
            let gone = try book.removeClosure(restaurantID: r.id, startingOn: try CLIInput.date(from, restaurant: r), actor: .commandLine())
            if global.json { return try Printer.json(CLIWire.ClosureDays(gone)) }
            Printer.line("\(r.name) is open again from \(gone.startsOn) to \(gone.endsOn).")
        }
    }
}
