import ArgumentParser
import Foundation
import Logging
import ReservationCore

/// Connection settings and output format, shared by every command.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "PostgreSQL URL (beats DATABASE_URL and the config file).")
    var databaseURL: String?

    @Option(name: .customLong("redis-url"), help: "Redis URL (beats REDIS_URL and the config file).")
    var redisURL: String?

    @Option(name: .customLong("config"), help: "TOML config file with database_url, redis_url, smtp_url.")
    var configFile: String?

    @Flag(name: .customLong("json"), help: "Machine-readable output.")
    var json = false

    func configuration() throws -> Configuration {
        try Configuration.load(.init(databaseURL: databaseURL, redisURL: redisURL, configFile: configFile))
    }

    func openBook() throws -> ReservationBook {
        var logger = Logger(label: "reservaflow")
        logger.logLevel = .error
        return try ReservationBook(configuration: configuration(), logger: logger)
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

enum CLIInput {
    /// `YYYY-MM-DD`, `today` or `tomorrow`, in the venue's time zone.
    static func date(_ text: String?, restaurant: Restaurant, now: Date = Date()) throws -> LocalDate {
        let today = restaurant.clock.localDate(of: now)
        switch text?.lowercased() {
        case nil, "today": return today
        case "tomorrow": return today.adding(days: 1)
        case let t?:
            guard let d = LocalDate(iso: t) else {
                throw ReservationError.invalid(field: "date", message: "\"\(TextSanitizer.clean(t))\" is not a date: use YYYY-MM-DD, today or tomorrow.")
            }
            return d
        }
    }

    /// `HH:MM` (24 h).
    static func time(_ text: String) throws -> TimeOfDay {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]), let t = TimeOfDay(hour: h, minute: m) else {
            throw ReservationError.invalid(field: "time", message: "\"\(TextSanitizer.clean(text))\" is not a time: use HH:MM, e.g. 19:30.")
        }
        return t
    }
}
