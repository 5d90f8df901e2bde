import ArgumentParser
import Foundation
import ReservationCore
import ReservationDomain

extension VenueCommand {
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A new venue with a short name, a name and a time zone, on the default rules; then `venue hours`, `venue table` (admins).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The short name (slug): lower-case letters, digits and dashes, like casa-norte.") var slug: String
        @Option(help: "The venue's name.") var name: String
        @Option(name: .customLong("time-zone"), help: "An IANA zone, like Europe/Madrid.") var timeZone: String

        func run() throws {
            let book = try global.openBook()
            let r = try book.createVenue(slug: slug, name: name, timeZone: timeZone, actor: .commandLine())
            if global.json { return try Printer.json(["slug": r.slug, "name": r.name, "time_zone": r.timeZone]) }
            Printer.line("\(r.name) (\(r.slug)) made: add its services (venue hours --restaurant \(r.slug) add …) and tables (venue table --restaurant \(r.slug) add …).")
        }
    }
}
