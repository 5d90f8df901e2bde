import ArgumentParser
import Foundation
import ReservationCore
import ReservationDomain

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage staff accounts.",
                                                    subcommands: [Add.self, Passwd.self, List.self, Set.self, Disable.self, Enable.self])

    /// Passwords are read from the terminal (no echo) or from stdin, never from the command line.
    static func readPassword(prompt: String) throws -> String {
        if isatty(STDIN_FILENO) == 1 {
            guard let p = getpass(prompt) else { throw ReservationError.invalid(field: "password", message: "No password given.") }
            return String(cString: p)
        }
        guard let line = readLine(strippingNewline: true) else {
            throw ReservationError.invalid(field: "password", message: "Give the password on standard input.")
        }
        return line
    }

    static func role(_ text: String) throws -> StaffRole {
        guard let r = StaffRole(rawValue: text.lowercased()) else { throw ReservationError.invalid(field: "role", message: "Use host, manager or admin.") }
        return r
    }

    /// Prints one account as the other commands do, its venues by slug.
    static func show(_ member: StaffMember, book: ReservationBook, json: Bool, saying sentence: String) throws {
        let slugs = try VenueSlugs(book: book)
        try json ? Printer.json(CLIWire.Staff(member, venues: slugs.of(member))) : Printer.line(sentence)
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a staff member (password from the terminal or stdin).")
        @OptionGroup var global: GlobalOptions
        @Argument var username: String
        @Option(help: "Name shown on screens and in the audit log.") var name: String
        @Option(help: "host, manager or admin.") var role: String = "host"
        @Option(name: .customLong("restaurant"), help: "Venue slug(s) this person works at.") var restaurants: [String] = []

        func run() throws {
            let r = try UserCommand.role(role)
            let book = try global.openBook()
            let venues = try restaurants.map { try book.restaurant(slug: $0).id }
            let password = try UserCommand.readPassword(prompt: "Password for \(username): ")
            let member = try book.addStaff(username: username, displayName: name, role: r, password: password, restaurants: venues, actor: .commandLine())
            try UserCommand.show(member, book: book, json: global.json, saying: "Added \(member.username) (\(member.role.rawValue)).")
        }
    }

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a new password (also lifts a lockout).")
        @OptionGroup var global: GlobalOptions
        @Argument var username: String

        func run() throws {
            let book = try global.openBook()
            try book.setPassword(username: username, password: try UserCommand.readPassword(prompt: "New password for \(username): "), actor: .commandLine())
            try global.json ? Printer.json(CLIWire.Done()) : Printer.line("Password changed for \(username).")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List staff: active accounts first, with their venues.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let book = try global.openBook()
            let staff = try book.staffList(actor: .commandLine())
            let slugs = try VenueSlugs(book: book)
            if global.json {
                try Printer.json(staff.map { CLIWire.Staff($0, venues: slugs.of($0)) })
                return
            }
            Printer.table(["USERNAME", "NAME", "ROLE", "STATE", "VENUES", "LAST LOGIN"], staff.map {
                [$0.username, $0.displayName, $0.role.rawValue, $0.active ? "active" : "disabled",
                 $0.role == .admin ? "all" : slugs.of($0).joined(separator: ","), $0.lastLoginAt.map(Printer.iso) ?? "never"]
            })
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rename an account, give it another role or other venues.",
            discussion: "--restaurant replaces the account's venues with the ones given (repeat it for several).")
        @OptionGroup var global: GlobalOptions
        @Argument var username: String
        @Option(help: "Name shown on screens and in the audit log.") var name: String?
        @Option(help: "host, manager or admin.") var role: String?
        @Option(name: .customLong("restaurant"), help: "Venue slug(s) this person works at, all of them.") var restaurants: [String] = []

        func run() throws {
            let book = try global.openBook()
            let venues = restaurants.isEmpty ? nil : try restaurants.map { try book.restaurant(slug: $0).id }
            let change = StaffChange(displayName: name, role: try role.map(UserCommand.role), venues: venues)
            let member = try book.changeStaff(username: username, change, actor: .commandLine())
            try UserCommand.show(member, book: book, json: global.json, saying: "Changed \(member.username): \(member.displayName), \(member.role.rawValue).")
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Disable an account: it cannot sign in, and its open sessions end.",
            discussion: "Its bookings and audit rows stay. `user enable` lets it sign in again.")
        @OptionGroup var global: GlobalOptions
        @Argument var username: String

        func run() throws { try UserCommand.setActive(false, username, global, saying: "it cannot sign in, and its open sessions end") }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let a disabled account sign in again.")
        @OptionGroup var global: GlobalOptions
        @Argument var username: String

        func run() throws { try UserCommand.setActive(true, username, global, saying: "it may sign in again") }
    }

    static func setActive(_ active: Bool, _ username: String, _ global: GlobalOptions, saying what: String) throws {
        let book = try global.openBook()
        let member = try book.changeStaff(username: username, StaffChange(active: active), actor: .commandLine())
        try show(member, book: book, json: global.json, saying: "\(active ? "Enabled" : "Disabled") \(member.username): \(what).")
    }
}

/// Venue ids as the slugs operators type.
struct VenueSlugs {
    private let byID: [RestaurantID: String]

    init(book: ReservationBook) throws {
        byID = Dictionary(uniqueKeysWithValues: try book.restaurants().map { ($0.id, $0.slug) })
    }

    func of(_ member: StaffMember) -> [String] { member.venues.compactMap { byID[$0] }.sorted() }
}
