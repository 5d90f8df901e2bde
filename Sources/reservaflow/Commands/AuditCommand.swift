import ArgumentParser
import Foundation
import ReservationCore
import ReservationDomain

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "The audit log, newest first: who changed what and when, as the database recorded it.",
        discussion: """
            Times are the venue's, with their offset. --csv and --json write every matching row (streamed: a million \
            rows take no more memory than one page); the table shows the newest --limit rows (50 by default). \
            --staff takes a staff username, or an actor as recorded (cli:root, sql:reservaflow_app, reservaflowd). \
            Without --restaurant, every venue (and sign-ins, staff changes): the command line acts as an administrator.
            """)
    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("restaurant"), help: "Venue slug; without it, every venue.") var slug: String?
    @Option(help: "Only this day (venue time): YYYY-MM-DD, today, yesterday's date...") var date: String?
    @Option(help: "Only this staff member (username) or actor.") var staff: String?
    @Option(help: "Only this action (book, cancelled, staff_edit, guest_edit, floor_import, sql_update...).") var action: String?
    @Option(help: "At most this many rows (the table: 50 unless given; --csv and --json: all unless given).") var limit: Int?
    @Flag(help: "CSV with a header row, for a spreadsheet.") var csv = false

    func run() throws {
        if csv && global.json { throw ValidationError("Choose one of --csv and --json.") }
        if let limit, limit < 1 { throw ReservationError.invalid(field: "limit", message: "Give a limit of 1 or more.") }
        let book = try global.openBook()
        let venues = try book.restaurants()
        let venue = try slug.map { try book.restaurant(slug: $0) }
        var filter = AuditFilter(restaurantID: venue?.id)
        if let date {
            guard let venue else { throw ReservationError.invalid(field: "date", message: "A day is a venue's day: name the venue with --restaurant.") }
            let day = try CLIInput.date(date, restaurant: venue)
            filter.from = venue.clock.startOfDay(day)
            filter.to = venue.clock.startOfDay(day.adding(days: 1))
        }
        if let action {
            guard let a = AuditAction(rawValue: action) else {
                throw ReservationError.invalid(field: "action", message: "\"\(TextSanitizer.excerpt(action))\" is not an action; one of: \(AuditAction.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            filter.action = a
        }
        if let staff {
            if let member = try book.staffList(actor: .commandLine()).first(where: { $0.username == staff.lowercased() }) {
                filter.staffID = member.id
            } else {
                filter.actor = staff
            }
        }
        let names = Dictionary(uniqueKeysWithValues: venues.map { ($0.id, $0) })
        let fallback = venue?.clock ?? ZonedClock(zone: .gmt)
        func clock(_ r: AuditRecord) -> ZonedClock { r.restaurantID.flatMap { names[$0]?.clock } ?? fallback }
        func slugOf(_ r: AuditRecord) -> String { r.restaurantID.flatMap { names[$0]?.slug } ?? "" }

        var remaining = limit ?? (csv || global.json ? Int.max : 50)
        var csvOut = csv ? CSVWriter(header: ["at", "venue", "actor", "action", "entity", "entity_id", "changes", "db_role", "os_account"]) : nil
        var jsonOut = global.json ? JSONArrayWriter() : nil
        var shown: [AuditRecord] = []
        var cursor: AuditCursor? = nil
        while remaining > 0 {
            let want = min(remaining, 1_000)
            let page = try book.auditLog(filter, after: cursor, limit: want, actor: .commandLine())
            for r in page {
                if csvOut != nil {
                    csvOut?.row([ISOTime.local(r.at, clock: clock(r)), slugOf(r), r.actor, r.action, r.entity, r.entityID ?? "",
                                 r.changes.joined(separator: "; "), r.dbRole ?? "", r.osAccount ?? ""])
                } else if jsonOut != nil {
                    try jsonOut?.element(CLIWire.AuditEntry(r, venue: r.restaurantID.flatMap { names[$0]?.slug }, clock: clock(r)))
                } else {
                    shown.append(r)
                }
            }
            remaining -= page.count
            guard page.count == want, let last = page.last else { break }
            cursor = last.cursor
        }
        csvOut?.flush()
        jsonOut?.finish()
        guard !csv && !global.json else { return }
        if shown.isEmpty { return Printer.line("No audit rows match.") }
        Printer.table(["WHEN", "VENUE", "WHO", "ACTION", "WHAT", "CHANGES"], shown.map { r in
            let c = clock(r)
            return ["\(c.localDate(of: r.at)) \(c.timeOfDay(of: r.at))", slugOf(r), r.actor, r.action,
                    r.entity + (r.entityID.map { " " + String($0.prefix(8)) } ?? ""), TextSanitizer.excerpt(r.changes.joined(separator: "; "), max: 80)]
        })
        if shown.count == (limit ?? 50) { Printer.line("(the newest \(shown.count); --limit N for more, --csv or --json for all)") }
    }
}
