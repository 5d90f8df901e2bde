import ArgumentParser
import Foundation
import ReservationCore
import ReservationDomain

struct WalkIn: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "walk-in", abstract: "Seat a walk-in now, or quote a wait.",
        discussion: """
            Exit 0 when the party is seated, or added to the waitlist with --waitlist (the entry is printed); \
            exit 3 when nothing is free and they were not added (the quoted wait is in the message).
            """)
    @OptionGroup var global: GlobalOptions
    @OptionGroup var venue: VenueOption
    @Option(help: "Party size.") var party: Int
    @Option(help: "Guest name (optional).") var name: String?
    @Option(help: "Guest phone (optional).") var phone: String?
    @Option(help: "Seat them at this table (default: the best free table); exit 3 if it is taken.") var table: String?
    @Flag(help: "Put the party on the waitlist when nothing is free.") var waitlist = false

    func run() throws {
        let book = try global.openBook()
        let r = try venue.resolve(book)
        switch try book.walkIn(restaurantID: r.id, party: party, name: name, phone: phone, tableLabel: table, actor: .commandLine()) {
        case .seated(let e):
            if global.json {
                try Printer.json(CLIWire.Seated(e, clock: r.clock))
            } else {
                Printer.line("Seated \(e.reservation.partySize) at \(e.seatLabel) until about \(r.clock.hhmm(e.reservation.endsAt)) [\(e.reservation.shortID)].")
            }
        case .noTable(let quote):
            // Nothing free: a party no table can take today is never put on the list; without --waitlist the
            // answer is "unavailable" (exit 3), with the wait quoted.
            guard waitlist, quote != nil else { throw ReservationError.noTableNow(party: party, quotedMinutes: quote) }
            let entry = try book.addToWaitlist(restaurantID: r.id, name: name ?? "Walk-in", phone: phone, party: party, actor: .commandLine())
            if global.json {
                try Printer.json(CLIWire.Waitlisted(entry, clock: r.clock))
            } else {
                Printer.line("Nothing free: \(entry.name) (\(entry.partySize)) added to the waitlist as #\(entry.id), quoted \(entry.quotedMinutes) min.")
            }
        }
    }
}

struct Waitlist: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Today's waitlist: list, seat, notify, remove, up, down.",
        discussion: """
            list shows the host's order (the TUI's order). notify records that the party was told its table is \
            ready (the time is kept and shown as "told N min ago"); no text or e-mail goes out from it today \
            unless the entry is linked to a guest with an address. up / down move an entry one place.
            """)
    @OptionGroup var global: GlobalOptions
    @OptionGroup var venue: VenueOption
    @Argument(help: "list | seat | notify | remove | up | down") var action: String = "list"
    @Argument(help: "Waitlist entry number (for seat, notify, remove, up, down).") var entry: Int64?
    @Option(help: "Table to seat at (default: best free).") var table: String?

    func run() throws {
        let book = try global.openBook()
        let r = try venue.resolve(book)
        switch action {
        case "list":
            let sheet = try book.daySheet(restaurantID: r.id, date: r.clock.localDate(of: Date()))
            if global.json {
                try Printer.json(sheet.waitlist.map { CLIWire.WaitlistEntry($0, clock: r.clock) })
                return
            }
            let now = Date()
            Printer.table(["#", "SINCE", "NAME", "PHONE", "PAX", "QUOTED", "BY", "STATUS"], sheet.waitlist.map {
                [String($0.id), r.clock.hhmm($0.createdAt), $0.name, $0.phone.map { PhoneDisplay.format($0, countryCode: r.phoneCountryCode) } ?? "-",
                 String($0.partySize), "\($0.quotedMinutes) min", r.clock.hhmm($0.promisedAt),
                 $0.notifiedAt.map { "told \(max(0, Int(now.timeIntervalSince($0) / 60))) min ago" } ?? $0.status.rawValue]
            })
        case "seat", "notify", "remove", "up", "down":
            guard let entry else { throw ReservationError.invalid(field: "entry", message: "Give the waitlist number (reservaflow waitlist list shows them).") }
            switch action {
            case "seat":
                let e = try book.seatFromWaitlist(entryID: entry, tableLabel: table, actor: .commandLine())
                try global.json ? Printer.json(CLIWire.Reservation(e, clock: r.clock)) : Printer.line("Seated \(e.customer.name) at \(e.seatLabel).")
            case "up", "down":
                let w = try book.moveWaitlistEntry(entry, action == "up" ? .up : .down, actor: .commandLine())
                let place = (try book.daySheet(restaurantID: r.id, date: r.clock.localDate(of: w.createdAt)).waitlist.firstIndex { $0.id == w.id } ?? 0) + 1
                try global.json ? Printer.json(CLIWire.WaitlistChange(w)) : Printer.line("\(w.name) is now number \(place) on the waitlist.")
            default:
                let w = try book.updateWaitlist(entryID: entry, to: action == "notify" ? .notified : .removed, actor: .commandLine())
                try global.json ? Printer.json(CLIWire.WaitlistChange(w))
                    : Printer.line(action == "notify" ? "\(w.name): told their table is ready at \(r.clock.hhmm(w.notifiedAt ?? Date())) (recorded)." : "\(w.name): \(w.status.rawValue).")
            }
        default:
            throw ReservationError.invalid(field: "action", message: "Use list, seat, notify, remove, up or down.")
        }
    }
}

/// The day's shift notes, as the TUI's header shows them.
struct NotesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notes", abstract: "Show or set the shift notes of a service day.",
        discussion: """
            reservaflow notes shows today's notes; notes set "TEXT" replaces them (an empty text removes them). \
            At most \(ShiftNote.maxLength) characters, one line. In the TUI only managers and administrators may change them.
            """)
    @OptionGroup var global: GlobalOptions
    @OptionGroup var venue: VenueOption
    @Option(help: "YYYY-MM-DD, 24/12, today, tomorrow or a weekday.") var date: String?
    @Argument(help: "set (followed by the text), or nothing to show them") var action: String?
    @Argument(help: "The notes' text (for set).") var text: [String] = []

    func run() throws {
        let book = try global.openBook()
        let r = try venue.resolve(book)
        let day = try CLIInput.date(date, restaurant: r)
        let note: ShiftNote?
        switch action {
        case nil:
            guard text.isEmpty else { throw ReservationError.invalid(field: "action", message: "To change the notes: reservaflow notes set \"TEXT\".") }
            note = try book.shiftNote(restaurantID: r.id, date: day)
        case "set"?:
            note = try book.setShiftNote(restaurantID: r.id, date: day, text: text.joined(separator: " "), actor: .commandLine())
        case let other?:
            throw ReservationError.invalid(field: "action", message: "\"\(TextSanitizer.excerpt(other))\" is not an action of notes: use set \"TEXT\", or nothing to show them.")
        }
        if global.json { return try Printer.json(CLIWire.ShiftNote(date: day, note)) }
        guard let note else { return Printer.line("No shift notes for \(day).") }
        Printer.line("\(day): \(TextSanitizer.clean(note.text))")
        Printer.line("(\(TextSanitizer.clean(note.updatedBy)), \(r.clock.hhmm(note.updatedAt)))")
    }
}
