import ArgumentParser
import Foundation
import ReservationCore
import ReservationDomain

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "A reservation's history, or a guest's profile's (--guest): every change in order, who made it and when (venue time), and what it changed.",
        discussion: """
            Read from the audit log the database writes: a change made by raw SQL shows too, as sql_update by \
            sql:<role>. A guest's history is their profile (name, contacts, allergies and flags, tags, consent, an \
            erasure), not the visit counts their bookings keep. With --json: a list of {at, actor, action, changes}.
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Reservation id (the 8-character prefix is enough).") var id: String?
    @Option(help: "A guest's id (as `guests` lists them) instead of a reservation.") var guest: Int64?

    func run() throws {
        let book = try global.openBook()
        let (title, restaurantID, events): (String, RestaurantID, [HistoryEvent])
        switch (id, guest) {
        case (let id?, nil):
            let entry = try book.reservation(reference: id)
            (title, restaurantID) = ("\(entry.customer.name) [\(entry.reservation.shortID)]", entry.reservation.restaurantID)
            events = try book.history(entry.id, actor: .commandLine())
        case (nil, let guest?):
            let c = try book.customer(id: guest)
            (title, restaurantID) = ("\(c.name) (guest \(c.id))", c.restaurantID)
            events = try book.guestHistory(c.id, actor: .commandLine())
        default:
            throw ReservationError.invalid(field: "id", message: "Give a reservation id, or --guest ID, one of the two.")
        }
        let r = try book.restaurant(id: restaurantID)
        if global.json { return try Printer.json(events.map { CLIWire.HistoryEvent($0, clock: r.clock) }) }
        Printer.line("\(title), times in \(r.timeZone):")
        Printer.table(["WHEN", "WHO", "WHAT", "CHANGES"], events.map { e in
            ["\(DateInput.short(r.clock.localDate(of: e.at))) \(r.clock.hhmm(e.at))", TextSanitizer.clean(e.actor), e.action,
             TextSanitizer.clean(e.changes.joined(separator: "; "))]
        })
    }
}
