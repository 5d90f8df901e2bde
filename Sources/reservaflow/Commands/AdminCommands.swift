import ArgumentParser
import Foundation
import ReservationCore
import ReservationDomain
import ReservationNative

struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or upgrade the database schema.")
    @OptionGroup var global: GlobalOptions
    // A migration started beside its database (compose's one-shot `migrate`) may find it not listening yet;
    // not every compose tool waits for the database's health check (podman-compose with podman < 4.6 does not).
    @Option(help: "Seconds to wait for the database to accept connections before giving up (default 0: fail at once).")
    var wait = 0

    func run() throws {
        let config = try global.configuration()
        // As the schema's owner when one is configured, so the programs' own role owns nothing.
        let url = config.migrationDatabaseURL ?? config.databaseURL
        let deadline = Date().addingTimeInterval(TimeInterval(max(0, wait)))
        var connected: PGConnection?
        while connected == nil {
            do { connected = try PGConnection(url: url, session: .migration) } catch {
                if Date() < deadline { Thread.sleep(forTimeInterval: 0.5); continue }
                let detail = wait > 0 ? "\(error.message) (waited \(wait) s)" : error.message
                throw error.serverBusy ? ReservationError.busy(detail: detail) : ReservationError.databaseUnavailable(detail: detail)
            }
        }
        let db = connected!
        let applied: [Int]
        do { applied = try Migrator.migrate(db) } catch let e as ReservationError { throw e } catch let e as PGError where e.sqlState == PGError.insufficientPrivilege {
            throw ReservationError.invalid(field: "MIGRATION_DATABASE_URL", message:
                "This role may not change the schema (\(e.message)). Migrations run as the schema's owner: set MIGRATION_DATABASE_URL (docs/security.md).")
        } catch {
            throw ReservationError.internalError("migration failed and was rolled back: \(error)")
        }
        if global.json { try Printer.json(CLIWire.Migrated(applied: applied, version: Migrator.latestVersion)); return }
        Printer.line(applied.isEmpty ? "Schema is up to date (version \(Migrator.latestVersion))."
                                     : "Applied migration(s) \(applied.map(String.init).joined(separator: ", ")); schema is at version \(Migrator.latestVersion).")
    }
}

struct Seed: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load the demo venue (slug demo) with a week of bookings around today.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Load the demo venue.") var demo = false
    @Flag(help: "Delete and rebuild the demo venue if it exists (as the schema owner, MIGRATION_DATABASE_URL: the programs' role may not delete bookings).") var reset = false

    func run() throws {
        guard demo else { throw ValidationError("Say what to seed: --demo.") }
        let book = try global.openBook(asOwner: reset)
        switch try book.seedDemo(reset: reset, actor: .commandLine()) {
        case .alreadyPresent:
            try global.json ? Printer.json(CLIWire.Seeded.alreadyThere) : Printer.line("The demo venue already exists (use --reset to rebuild it).")
        case .created(let reservations, let customers):
            if global.json { try Printer.json(CLIWire.Seeded(reservations: reservations, customers: customers)); return }
            Printer.line("Demo venue \"demo\" loaded: 40 tables, \(customers) guests, \(reservations) reservations.")
            Printer.line("Staff: " + ReservationBook.demoStaff.map { "\($0.username) / \($0.password) (\($0.role.rawValue))" }.joined(separator: ", "))
        }
    }
}

struct FloorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "floor", abstract: "Floor plans.", subcommands: [Import.self, Export.self])

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a venue's floor file (rules, hours, closures, areas, tables, combinations) to stdout.",
            discussion: "`reservaflow floor export SLUG > venue.toml`, edit, then `reservaflow floor import venue.toml`.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The venue's slug.") var slug: String

        func run() throws {
            let file = try global.openBook().floorFile(slug: slug, actor: .commandLine())
            FileHandle.standardOutput.write(Data(file.toml().utf8))
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create or update a venue, its hours, areas and tables from a TOML file.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The floor file (see docs/floor-file.md).") var file: String

        func run() throws {
            let name = TextSanitizer.excerpt(file)
            let attributes = try? FileManager.default.attributesOfItem(atPath: file)
            if let size = attributes?[.size] as? Int, size > FloorFile.Limits.fileBytes {
                throw ReservationError.invalid(field: "file", message: "\(name) is larger than 1 MB; a floor file is a few kilobytes.")
            }
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ReservationError.invalid(field: "file", message: "Cannot read \(name).")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw ReservationError.invalid(field: "file", message: "\(name) is not UTF-8 text.")
            }
            let floor = try FloorFile.parse(text)
            // Checked before connecting: a file with mistakes is refused even with the database down.
            let warnings = try floor.validate()
            let book = try global.openBook()
            let r = try book.importFloor(floor, actor: .commandLine())
            let tables = try book.tables(restaurantID: r.id).filter(\.active).count
            for w in warnings { FileHandle.standardError.write(Data(("reservaflow: warning: " + TextSanitizer.clean(w) + "\n").utf8)) }
            try global.json ? Printer.json(CLIWire.FloorImported(restaurant: r.slug, activeTables: tables, warnings: warnings))
                            : Printer.line("Imported \(r.name) (\(r.slug)): \(tables) tables in service.")
        }
    }
}

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "config", abstract: "Show where settings come from (secrets hidden).")
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let c = try global.configuration()
        let rows = [("database", redactedURL(c.databaseURL), c.sources["DATABASE_URL"] ?? "-"),
                    ("migrations", c.migrationDatabaseURL.map(redactedURL) ?? "(as database)", c.sources["MIGRATION_DATABASE_URL"] ?? "-"),
                    ("redis", c.redisURL.map(redactedURL) ?? "(none: leases off)", c.sources["REDIS_URL"] ?? "-"),
                    ("smtp", c.smtpURL.map(redactedURL) ?? "(none)", c.sources["SMTP_URL"] ?? "-"),
                    ("public url", c.publicURL ?? "(none: no confirm links in hold mails)", c.sources["PUBLIC_URL"] ?? "-"),
                    // The secret itself is never shown: only whether it is set, and from where.
                    ("link secret", c.linkSecret == nil ? "(none: no confirm links)" : "(set)", c.sources["LINK_SECRET"] ?? "-")]
        if global.json { try Printer.json(Dictionary(uniqueKeysWithValues: rows.map { ($0.0, CLIWire.Setting(url: $0.1, from: $0.2)) })); return }
        Printer.table(["SETTING", "VALUE", "FROM"], rows.map { [$0.0, $0.1, $0.2] })
    }
}
