import ArgumentParser
import Foundation
import Logging
import ReservaFlowUI
import ReservationCore
import ReservationDomain

/// Connection settings and output format, shared by every command.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("database-url"),
            help: "PostgreSQL URL (beats DATABASE_URL and the config file). A password given here is visible to every user in `ps`: prefer DATABASE_URL, a config file or ~/.pgpass.")
    var databaseURL: String?

    @Option(name: .customLong("redis-url"),
            help: "Redis URL (beats REDIS_URL and the config file). A password given here is visible in `ps`: prefer REDIS_URL or a config file.")
    var redisURL: String?

    @Option(name: .customLong("config"), help: "TOML config file with database_url, redis_url, smtp_url.")
    var configFile: String?

    @Flag(name: .customLong("json"), help: "Machine-readable output.")
    var json = false

    func configuration() throws -> Configuration {
        try Configuration.load(.init(databaseURL: databaseURL, redisURL: redisURL, configFile: configFile))
    }

    /// `asOwner`: as the schema's owner (MIGRATION_DATABASE_URL), for what the programs' role may not do:
    /// deleting a venue's bookings wholesale (`seed --demo --reset`), as `migrate` changes the schema.
    func openBook(asOwner: Bool = false) throws -> ReservationBook {
        var logger = Logger(label: "reservaflow")
        logger.logLevel = .error
        var config = try configuration()
        if asOwner {
            guard let owner = config.migrationDatabaseURL else {
                throw ReservationError.invalid(field: "MIGRATION_DATABASE_URL", message: "This deletes bookings, which only the schema's owner may do: set MIGRATION_DATABASE_URL to the owner's URL (the private stack's .stack/env has it), as for `reservaflow migrate`.")
            }
            config.databaseURL = owner
        }
        return try ReservationBook(configuration: config, logger: logger)
    }
}

/// A venue by slug, defaulting to the only one when there is just one.
struct VenueOption: ParsableArguments {
    @Option(name: .customLong("restaurant"), help: "Venue slug, e.g. demo.")
    var slug: String?

    func resolve(_ book: ReservationBook) throws -> Restaurant {
        if let slug { return try book.restaurant(slug: slug) }
        let all = try book.restaurants()
        guard all.count == 1 else {
            throw ReservationError.invalid(field: "restaurant", message: all.isEmpty
                ? "There is no venue yet: run `reservaflow seed --demo` or `reservaflow floor import FILE`."
                : "Name the venue with --restaurant (one of: \(all.map(\.slug).joined(separator: ", "))).")
        }
        return all[0]
    }
}

/// Dates and times typed on the command line, read by the same parsers as the screen's forms.
enum CLIInput {
    /// `2026-12-24`, `24/12`, `today`, `tomorrow`, `fri`, `+3` ..., in the venue's time zone (today by default).
    static func date(_ text: String?, restaurant: Restaurant, now: Date = Date()) throws -> LocalDate {
        let today = restaurant.clock.localDate(of: now)
        guard let text else { return today }
        guard let d = DateInput.parse(text, today: today) else {
            throw ReservationError.invalid(field: "date", message: "\"\(TextSanitizer.excerpt(text))\" is not a date: use YYYY-MM-DD, 24/12, today, tomorrow or a weekday.")
        }
        return d
    }

    /// `19:30`, `1930`, `7:30pm` ...
    static func time(_ text: String) throws -> TimeOfDay {
        guard let t = TimeInput.parse(text) else {
            throw ReservationError.invalid(field: "time", message: "\"\(TextSanitizer.excerpt(text))\" is not a time: use HH:MM, e.g. 19:30 (or 7:30pm).")
        }
        return t
    }

    /// yes/no (also true/false, on/off, 1/0), for a flag that must be said either way.
    static func yesNo(_ text: String, field: String) throws -> Bool {
        switch text.lowercased() {
        case "yes", "y", "true", "on", "1": return true
        case "no", "n", "false", "off", "0": return false
        default: throw ReservationError.invalid(field: field, message: "\"\(TextSanitizer.excerpt(text))\" is not yes or no.")
        }
    }
}
