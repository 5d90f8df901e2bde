import ArgumentParser
import ReservationCore
import ReservationDomain

extension VenueCommand {
    /// `venue combination add T4+T5 --covers 4-8 | covers T4+T5 4-8 | remove T4+T5`: tables joined for one party,
    /// changed one at a time as `:floor`'s `c`, Enter and `x` change them (the floor file's checks decide).
    struct Combination: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Join tables for one party or change a join: `add T4+T5 --covers 4-8`, `covers T4+T5 4-8`, `remove T4+T5`.",
            discussion: """
                The tables must exist and be in one area; the floor file's checks decide, as for `floor import`. Narrowing \
                or removing a combination that live bookings hold names them; --even-with-bookings saves anyway.
                """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var venue: VenueOption
        @OptionGroup var anyway: EvenWithBookings
        @Argument(help: "add, covers or remove.") var action: String
        @Argument(help: "The tables joined by +, like T4+T5.") var tables: String
        @Argument(help: ArgumentHelp("The covers, min-max (or --covers).", valueName: "covers")) var given: String?
        @Option(name: .customLong("covers"), help: "The covers it seats, min-max like 4-8.") var coversOption: String?

        func run() throws {
            let labels = try TableInput.labels(tables)
            func covers() throws -> (min: Int, max: Int) {
                guard let text = coversOption ?? given else {
                    throw ReservationError.invalid(field: "covers", message: "\(action): give the covers, like `\(action) \(tables) --covers 4-8`.")
                }
                return try TableInput.covers(text)
            }
            let edit: TableEdit
            switch action {
            case "add":
                let c = try covers()
                edit = .combine(labels: labels, min: c.min, max: c.max)
            case "covers":
                let c = try covers()
                edit = .combinationCovers(labels: labels, min: c.min, max: c.max)
            case "remove": edit = .separate(labels: labels)
            default:
                throw ReservationError.invalid(field: "action", message: "Say add T4+T5 --covers 4-8, covers T4+T5 4-8 or remove T4+T5.")
            }
            try VenueCommand.change([.table(edit)], global: global, venue: venue, anyway: anyway.evenWithBookings)
        }
    }
}
