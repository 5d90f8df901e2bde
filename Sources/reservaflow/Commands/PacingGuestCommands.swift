import ArgumentParser
import Foundation
import ReservationCore
import ReservationDomain

struct PacingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pacing", abstract: "Covers starting per 15-minute slot of the day, against the venue's pacing limit.",
        discussion: "The limit is the floor file's pacing_covers. Pending holds, confirmed and seated parties (walk-ins too) count.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var venue: VenueOption
    @Option(help: "YYYY-MM-DD, 24/12, today, tomorrow or a weekday.") var date: String?

    func run() throws {
        let book = try global.openBook()
        let r = try venue.resolve(book)
        let day = try CLIInput.date(date, restaurant: r)
        let pacing = try book.pacing(restaurantID: r.id, date: day)
        let sheet = try book.daySheet(restaurantID: r.id, date: day)
        let slots = Pacing.serviceSlots(windows: sheet.windows)
        let wire = CLIWire.PacingDay(date: day, pacing: pacing, slots: slots, clock: r.clock)
        if global.json { try Printer.json(wire); return }
        Printer.line("\(r.name) \(day.weekdayName) \(day): " + (pacing.limit.map { "at most \($0) covers starting per 15 minutes" } ?? "no pacing limit"))
        if slots.isEmpty { Printer.line("Closed that day."); return }
        Printer.table(["TIME", "COVERS", "LIMIT", ""], wire.slots.map {
            [$0.time, String($0.covers), pacing.limit.map(String.init) ?? "-", $0.over ? "over" : ""]
        })
    }
}

struct GuestsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "guests", abstract: "The venue's guest records.",
                                                    subcommands: [Duplicates.self])

    struct Duplicates: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Likely duplicate guests: the same e-mail, or the same name (case and accents aside) with a similar phone.",
            discussion: "Merge a pair with `reservaflow guest merge KEEP DROP`.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var venue: VenueOption

        func run() throws {
            let book = try global.openBook()
            let r = try venue.resolve(book)
            let pairs = try book.guestDuplicates(restaurantID: r.id)
            if global.json { try Printer.json(pairs.map(CLIWire.DuplicatePair.init)); return }
            if pairs.isEmpty { Printer.line("No likely duplicates at \(r.name)."); return }
            Printer.table(["ID", "GUEST", "PHONE", "EMAIL", "ID", "OTHER", "PHONE", "EMAIL", "WHY"], pairs.map { d in
                [String(d.guest.id), d.guest.name, d.guest.phone, d.guest.email ?? "", String(d.other.id), d.other.name, d.other.phone,
                 d.other.email ?? "", d.reason.phrase]
            })
        }
    }
}

struct GuestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "guest", abstract: "Act on guest records.", subcommands: [Add.self, Set.self, Merge.self, Erase.self])

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a guest's profile: name, phone, e-mail, notes, allergies and allergen flags, tags, VIP, marketing consent.",
            discussion: """
                Only the options given change; an empty value clears a phone, e-mail, notes or allergies. Checked as \
                a new guest's details are; a phone that is another guest's is refused naming them. Audited as guest_edit.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The guest id.") var id: Int64
        @Option(help: "Name.") var name: String?
        @Option(help: "Phone (national numbers in the venue's country code).") var phone: String?
        @Option(help: "E-mail for confirmations and reminders.") var email: String?
        @Option(help: "Notes the host sees.") var notes: String?
        @Option(help: "Allergies and intolerances (shown as ⚠ on the floor and timeline).") var allergies: String?
        @Option(help: "Tags, comma-separated (replaces the typed ones; VIP and allergen flags stay).") var tags: String?
        @Option(help: "Allergen flags, comma-separated (replaces them; \"\" clears): \(Allergen.allCases.map(\.rawValue).joined(separator: ", ")).")
        var allergens: String?
        @Option(help: "The language of the guest's mails: es or en (\"\": the venue's).") var language: String?
        @Option(help: "yes: add the VIP tag; no: remove it.") var vip: String?
        @Option(help: "yes or no: the guest agreed to marketing mail.") var marketing: String?

        func run() throws {
            let book = try global.openBook()
            let current = try book.customer(id: id)
            var update = GuestUpdate(name: name, phone: phone, email: email, notes: notes, allergies: allergies,
                                     marketingConsent: try marketing.map { try CLIInput.yesNo($0, field: "marketing") })
            update.language = language
            if let tags { update.setTypedTags(tags.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }, current: current.tags) }
            if let vip = try vip.map({ try CLIInput.yesNo($0, field: "vip") }) { update.setVIP(vip, current: current.tags) }
            if let allergens {
                update.setAllergens(try Allergen.parse(allergens.split(separator: ",").map(String.init)), current: current.tags)
            }
            guard !update.isEmpty else {
                throw ReservationError.invalid(field: "guest", message: "Nothing to change: give --name, --phone, --email, --notes, --allergies, --allergens, --tags, --vip, --marketing or --language.")
            }
            let g = try book.updateGuest(id, update, actor: .commandLine())
            if global.json { return try Printer.json(CLIWire.GuestProfile(g)) }
            Printer.line("Guest \(g.id) \(TextSanitizer.clean(g.name)) saved: \(g.phone.isEmpty ? "no phone" : g.phone), \(g.email ?? "no e-mail")"
                         + (g.allergyText.isEmpty ? "" : ", ⚠ \(TextSanitizer.clean(g.allergyText))") + (g.typedTags.isEmpty ? "" : ", tags \(g.typedTags.joined(separator: ", "))") + ".")
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge guest DROP into guest KEEP: DROP's bookings, waitlist entries and online account move to KEEP.",
            discussion: "KEEP's details stay; blanks are filled from DROP (allergies are joined). Audited as merge_guests.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var venue: VenueOption
        @Argument(help: "The guest id to keep.") var keep: Int64
        @Argument(help: "The guest id to merge into it and remove.") var drop: Int64

        func run() throws {
            let book = try global.openBook()
            let r = try venue.resolve(book)
            let m = try book.mergeGuests(restaurantID: r.id, keep: keep, drop: drop, actor: .commandLine())
            if global.json { try Printer.json(CLIWire.Merged(m)); return }
            let filled = m.filled.isEmpty ? "" : "; filled from \(drop): \(m.filled.joined(separator: ", "))"
            Printer.line("Merged guest \(drop) into \(keep) (\(m.guest.name)): \(m.reservations) booking(s), \(m.waitlist) waitlist entr\(m.waitlist == 1 ? "y" : "ies")"
                         + (m.accountMoved ? ", the online account" : "") + " moved\(filled).")
        }
    }
}
