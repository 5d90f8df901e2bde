import ArgumentParser
import Foundation
import ReservationCore
import ReservationDomain

struct SheetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sheet",
        abstract: "The day's book and floor as a page to print (plain text, 78 columns: A4 portrait), for when the screens are down.",
        discussion: """
            Every booking still to come or seated that day, by service and time (table, party, guest, phone, status, \
            allergies, VIP, notes), then each table's times, then who waits. A usual day fits one or two A4 pages. \
            --out writes a file (replaced whole, so a printer's folder never holds half a sheet).
            """)
    @OptionGroup var global: GlobalOptions
    @OptionGroup var venue: VenueOption
    @Option(help: "The day (venue time): YYYY-MM-DD, today, tomorrow, fri ...; today by default.") var date: String?
    @Option(help: "Write the sheet to this file instead of the terminal.") var out: String?

    func run() throws {
        let book = try global.openBook()
        let r = try venue.resolve(book)
        let text = PrintedDay.text(try book.daySheet(restaurantID: r.id, date: try CLIInput.date(date, restaurant: r)), printedAt: Date())
        guard let out else { return FileHandle.standardOutput.write(Data(text.utf8)) }
        do { try text.write(toFile: out, atomically: true, encoding: .utf8) } catch {
            throw ReservationError.invalid(field: "out", message: "The sheet could not be written to \(TextSanitizer.excerpt(out)): \(error.localizedDescription)")
        }
    }
}
