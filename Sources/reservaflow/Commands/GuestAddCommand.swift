import ArgumentParser
import Foundation
import ReservationCore
import ReservationDomain

extension GuestCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put a guest on file without a booking: name, phone and e-mail (then `guest ID set` for the rest).",
            discussion: "Checked as a new guest's details are; a phone that is already a guest's here is refused naming them. Audited as guest_add.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var venue: VenueOption
        @Option(help: "Name.") var name: String
        @Option(help: "Phone (national numbers in the venue's country code).") var phone: String
        @Option(help: "E-mail for confirmations and reminders.") var email: String?

        func run() throws {
            let book = try global.openBook()
            let r = try venue.resolve(book)
            let g = try book.addGuest(restaurantID: r.id, name: name, phone: phone, email: email, actor: .commandLine())
            if global.json { return try Printer.json(CLIWire.GuestProfile(g)) }
            Printer.line("Guest \(g.id) \(TextSanitizer.clean(g.name)) added: \(g.phone), \(g.email ?? "no e-mail").")
        }
    }
}
