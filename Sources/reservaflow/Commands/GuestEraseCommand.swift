import ArgumentParser
import Foundation
import ReservationCore
import ReservationDomain

extension GuestCommand {
    /// A guest's right to erasure at the venue (GDPR art. 17; docs/operations.md#erasing-a-guest).
    struct Erase: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase a guest's personal data at this venue, on their request (asks for --yes).",
            discussion: """
                Name, phone, e-mail, notes, allergies, tags and consent are removed from the guest record; its \
                bookings stay, with no personal data, for the venue's counts; bookings still ahead are cancelled first, \
                with their cancellation mails. Refused while the guest is seated. Audited as guest_erase, without the \
                erased data. An online account is erased by its guest (DELETE /api/auth/me/).
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The guest record's id (reservaflow guests, or the guest pane).") var id: CustomerID
        @Flag(help: "Do it: without this flag the command only says what it would do.") var yes = false

        func run() throws {
            let book = try global.openBook()
            let guest = try book.customer(id: id)
            let ahead = try book.customerHistory(customerID: id).filter { $0.reservation.status.isLive && $0.reservation.endsAt > Date() }
            guard yes else {
                let bookings = ahead.isEmpty ? "" : " \(ahead.count) booking\(ahead.count == 1 ? "" : "s") still ahead will be cancelled, with their mails."
                throw ReservationError.invalid(field: "yes", message: "This erases guest \(id) (\(TextSanitizer.clean(guest.name))): name, phone, e-mail, notes, "
                                               + "allergies and tags are removed for good; their past bookings stay for the counts.\(bookings) Add --yes to do it.")
            }
            let done = try book.eraseGuest(.record(restaurant: guest.restaurantID, customer: id), actor: .commandLine())
            if global.json { return try Printer.json(CLIWire.GuestErased(customer: id, cancelled: done.cancelled)) }
            Printer.line("Guest \(id) erased\(done.cancelled.isEmpty ? "" : "; \(done.cancelled.count) booking(s) cancelled and mailed first").")
        }
    }
}
