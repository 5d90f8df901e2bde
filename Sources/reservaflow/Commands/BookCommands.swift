import ArgumentParser
import Foundation
import ReservationCore
import ReservationDomain

struct Tables: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List a venue's tables.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var venue: VenueOption

    func run() throws {
        let book = try global.openBook()
        let r = try venue.resolve(book)
        let areas = Dictionary(uniqueKeysWithValues: try book.areas(restaurantID: r.id).map { ($0.id, $0.name) })
        let tables = try book.tables(restaurantID: r.id)
        if global.json {
            try Printer.json(tables.map { CLIWire.Table($0, area: areas[$0.areaID] ?? "") })
            return
        }
        Printer.table(["TABLE", "AREA", "COVERS", "SHAPE", "FEATURES", "STATUS"], tables.map {
            [$0.label, areas[$0.areaID] ?? "", "\($0.minCovers)-\($0.maxCovers)", $0.shape.rawValue,
             $0.features.map(\.rawValue).sorted().joined(separator: ","), $0.active ? "in service" : "out of service"]
        })
    }
}

/// One table taken out of service now, or put back (the floor's `X` in the TUI).
struct TableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table", abstract: "Take a table out of service now, or put it back.",
        discussion: """
            reservaflow table T4 out-of-service: offered to nobody and refused to every booking until \
            reservaflow table T4 in-service. Refused while a party is seated there; bookings still ahead on it are \
            counted for you to move. Audited.
            """)
    @OptionGroup var global: GlobalOptions
    @OptionGroup var venue: VenueOption
    @Argument(help: "The table's label (T4).") var label: String
    @Argument(help: "out-of-service or in-service.") var action: String

    func run() throws {
        let book = try global.openBook()
        let r = try venue.resolve(book)
        let inService: Bool
        switch action {
        case "out-of-service": inService = false
        case "in-service": inService = true
        default:
            throw ReservationError.invalid(field: "action", message: "\"\(TextSanitizer.excerpt(action))\" is not an action of table: use out-of-service or in-service.")
        }
        let change = try book.setTableInService(restaurantID: r.id, label: label, inService: inService, actor: .commandLine())
        if global.json { return try Printer.json(CLIWire.TableService(change)) }
        Printer.line(change.summary)
    }
}

struct Reservations: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The day's book.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var venue: VenueOption
    @Option(help: "YYYY-MM-DD, 24/12, today, tomorrow or a weekday.") var date: String?
    @Flag(help: "Include cancelled, expired and no-show reservations.") var all = false

    func run() throws {
        let book = try global.openBook()
        let r = try venue.resolve(book)
        let day = try CLIInput.date(date, restaurant: r)
        let sheet = try book.daySheet(restaurantID: r.id, date: day)
        let entries = sheet.entries.filter { all || $0.reservation.status.isLive || $0.reservation.status == .completed }
        if global.json { try Printer.json(entries.map { CLIWire.Reservation($0, clock: r.clock) }); return }
        let services = sheet.windows.map { "\($0.name) \(r.clock.hhmm($0.opens))-\(r.clock.hhmm($0.closes))" }.joined(separator: ", ")
        Printer.line("\(r.name) - \(day.weekdayName) \(day)" + (services.isEmpty ? " (closed)" : " - \(services)"))
        if let c = sheet.closure { Printer.line("Closed: \(c.reason)") }
        let counts = sheet.counts
        Printer.line("\(counts.bookings) bookings, \(counts.covers) covers, \(counts.seated) seated, \(counts.waiting) waiting"
                     + (all ? " (cancelled, no-show and expired ones are listed, not counted)" : "") + "\n")
        Printer.table(["ID", "TIME", "TABLE", "PAX", "STATUS", "GUEST", "PHONE", "NOTES"], entries.map { Printer.entryRow($0, clock: r.clock) })
    }
}

struct AvailabilityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "availability", abstract: "Free tables per 15-minute slot, best fit first.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var venue: VenueOption
    @Option(help: "YYYY-MM-DD, 24/12, today, tomorrow or a weekday.") var date: String?
    @Option(help: "Party size.") var party: Int

    func run() throws {
        let book = try global.openBook()
        let r = try venue.resolve(book)
        let result = try book.availability(restaurantID: r.id, date: try CLIInput.date(date, restaurant: r), party: party)
        if global.json {
            try Printer.json(CLIWire.Availability(result))
            return
        }
        Printer.line("\(r.name) \(result.date), party of \(party) (\(result.turnMinutes) min turn)")
        if result.slots.isEmpty { Printer.line("No bookable times that day."); return }
        Printer.table(["TIME", "SERVICE", "FREE", "BEST FIT"], result.slots.map {
            // Where no single table is free, the combinations that are ("T4+T5").
            [$0.time.description, $0.service, String($0.tables.count + $0.combinations.count),
             ($0.tables.isEmpty ? $0.combinations.prefix(4).map(\.label) : $0.tables.prefix(6).map(\.label)).joined(separator: " ")]
        })
    }
}

struct Book: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Book a table (best fit when no table is named).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var venue: VenueOption
    @Option(help: "Table label, or joined tables as T4+T5; omit for the best free table (or combination).") var table: String?
    @Option(help: "YYYY-MM-DD, 24/12, today, tomorrow or a weekday.") var date: String
    @Option(help: "19:30, 1930 or 7:30pm.") var time: String
    @Option(help: "Party size.") var party: Int
    @Option(help: "Guest name.") var name: String
    @Option(help: "Guest phone; national numbers use the venue's country code.") var phone: String
    @Option(help: "Guest e-mail, for confirmation and reminder e-mails.") var email: String?
    @Option(help: "Notes for the floor.") var notes: String?
    @Option(help: "Book as a pending hold that lapses after MINUTES unless confirmed.") var hold: Int?
    @Flag(name: .customLong("over-pacing"), help: "Book even past the venue's pacing limit for that 15-minute slot (audited).")
    var overPacing = false

    func run() throws {
        let book = try global.openBook()
        let r = try venue.resolve(book)
        var request = BookingRequest(restaurantID: r.id, tableLabel: table, date: try CLIInput.date(date, restaurant: r),
                                     time: try CLIInput.time(time), partySize: party,
                                     guest: .new(name: name, phone: phone, email: email), notes: notes ?? "", holdMinutes: hold)
        request.overPacing = overPacing
        let outcome = try book.book(request, actor: .commandLine())
        let e = outcome.entry
        // The same guest's other bookings that day: booked anyway (a script asked), but said.
        let sameDay = try book.liveBookings(customerID: e.customer.id, on: r.clock.localDate(of: e.reservation.startsAt))
            .filter { $0.id != e.id }
        if global.json {
            try Printer.json(CLIWire.Booked(outcome, sameDay: sameDay, clock: r.clock))
            return
        }
        let res = e.reservation
        let what = res.status == .pending ? "Held until \(r.clock.hhmm(res.expiresAt!))" : "Booked"
        Printer.line("\(what): \(e.customer.name), \(res.partySize) at \(r.clock.hhmm(res.startsAt))-\(r.clock.hhmm(res.endsAt)) on table \(e.seatLabel) [\(res.shortID)]")
        if outcome.degraded { Printer.line("Note: Redis is unreachable; booked without the lease (the database still prevents double booking).") }
        if !sameDay.isEmpty {
            let list = sameDay.map { "\($0.tableLabel) \(r.clock.hhmm($0.reservation.startsAt)) [\($0.reservation.shortID)]" }.joined(separator: ", ")
            Printer.line("Note: \(TextSanitizer.clean(e.customer.name)) is also booked that day: \(list).")
        }
    }
}

struct ReservationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reservation",
        abstract: "Show one reservation, or act on it: confirm, seat, complete, cancel, no-show, undo, arrived, partly-arrived, not-arrived.",
        discussion: """
            Without an action it shows the reservation as the book has it now (how to settle a booking whose \
            save was cut off by a lost connection: exit 5 said it is not known whether it was saved). \
            undo takes back the last status change (or arrival mark), for \(ActionWindows.undoMinutes) min after it and while \
            nothing else changed the booking. arrived / partly-arrived mark who of the party is at the door before it \
            is seated (not-arrived clears it).
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Reservation id (the 8-character prefix is enough).") var id: String
    @Argument(help: "confirm | seat | complete | cancel | no-show | undo | arrived | partly-arrived | not-arrived (none: show it)") var action: String?

    func run() throws {
        guard let action else {
            let book = try global.openBook()
            let entry = try book.reservation(reference: id)
            let r = try book.restaurant(id: entry.reservation.restaurantID)
            if global.json { return try Printer.json(CLIWire.Reservation(entry, clock: r.clock)) }
            let x = entry.reservation
            Printer.line("\(entry.customer.name) [\(x.shortID)] \(r.clock.localDate(of: x.startsAt)) \(r.clock.hhmm(x.startsAt)), party of \(x.partySize), is \(x.status.label).")
            return
        }
        let act = ReservationAction(rawValue: action)
        let arrival = ArrivalState(command: action)
        guard act != .expire, act != nil || action == "undo" || arrival != nil else {
            throw ReservationError.invalid(field: "action", message: "\"\(TextSanitizer.excerpt(action))\" is not one of confirm, seat, complete, cancel, no-show, undo, arrived, partly-arrived, not-arrived.")
        }
        let book = try global.openBook()
        let entry = try book.reservation(reference: id)
        let r = try book.restaurant(id: entry.reservation.restaurantID)
        let updated: BookEntry
        if let act {
            updated = try book.apply(act, to: entry.id, actor: .commandLine())
        } else if let arrival {
            updated = try book.setArrival(entry.id, arrival, actor: .commandLine())
        } else {
            switch try book.undo(entry.id, actor: .commandLine()) {
            case .restored(let e): updated = e
            case .withdrawn(let e, let waiting):
                if global.json { return try Printer.json(CLIWire.Withdrawn(e, waitlist: waiting, clock: r.clock)) }
                let x = e.reservation
                Printer.line("\(e.customer.name) [\(x.shortID)] ×\(x.partySize) at \(e.seatLabel) withdrawn: the seating is undone and \(e.seatLabel) is free."
                             + (waiting.map { " \($0.name) is on the waitlist again." } ?? ""))
                return
            }
        }
        if global.json { return try Printer.json(CLIWire.Reservation(updated, clock: r.clock)) }
        let arrived = updated.reservation.waitingArrival
        Printer.line("\(updated.customer.name) [\(updated.reservation.shortID)] is now \(updated.reservation.status.label)"
                     + (arrived == .none ? "." : ", \(arrived.label)."))
    }
}
