import ArgumentParser
import Foundation
import ReservationCore
import ReservationDomain

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "A reservation's history: every change in order, who made it and when (venue time), and what it changed.",
        discussion: """
            Read from the audit log the database writes: a change made by raw SQL shows too, as sql_update by \
            sql:<role>. With --json: a list of {at, actor, action, changes}.
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Reservation id (the 8-character prefix is enough).") var id: String

    func run() throws {
        let book = try global.openBook()
        let entry = try book.reservation(reference: id)
        let r = try book.restaurant(id: entry.reservation.restaurantID)
        let events = try book.history(entry.id, actor: .commandLine())
        if global.json { return try Printer.json(events.map { CLIWire.HistoryEvent($0, clock: r.clock) }) }
        Printer.line("\(entry.customer.name) [\(entry.reservation.shortID)], times in \(r.timeZone):")
        Printer.table(["WHEN", "WHO", "WHAT", "CHANGES"], events.map { e in
            ["\(DateInput.short(r.clock.localDate(of: e.at))) \(r.clock.hhmm(e.at))", TextSanitizer.clean(e.actor), e.action,
             TextSanitizer.clean(e.changes.joined(separator: "; "))]
        })
    }
}
