import ArgumentParser
import Foundation
import ReservaFlowDaemon
import ReservationCore
import ReservationDomain
import ReservationNative

/// `reservaflowd`: expires holds on time, sends the outbox's mails, keeps a heartbeat (docs/daemon.md).
@main
struct ReservaflowD: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reservaflowd",
        abstract: "The ReservaFlow daemon: hold expiry, confirmation and reminder mails, heartbeat.",
        discussion: "Settings as for reservaflow: flags, then DATABASE_URL / SMTP_URL / MAIL_FROM, then the config file, then the checkout's .stack/env. Stops cleanly on SIGTERM or SIGINT.")

    @Option(name: .customLong("database-url"), help: "PostgreSQL URL (a password here is visible in `ps`: prefer DATABASE_URL).")
    var databaseURL: String?
    @Option(name: .customLong("smtp-url"), help: "smtp://[user:pass@]host:port (STARTTLS when offered), smtp+starttls://... (required) or smtps://...")
    var smtpURL: String?
    @Option(name: .customLong("config"), help: "TOML config file.")
    var configFile: String?
    @Option(help: "Sender address when the venue has none (MAIL_FROM; unset: such a venue's mails wait for one).")
    var from: String?
    @Option(help: "This instance's name (default host:pid). A stable name lets a restart resend its own unfinished mails at once.")
    var instance: String?
    @Option(help: "Mail template folder (default: templates/mail beside the program, or $RESERVAFLOW_TEMPLATES).")
    var templates: String?
    @Option(help: "Mails claimed per batch.") var batch = 20
    @Option(help: "Seconds one SMTP send may take.") var sendTimeout = 15
    @Option(help: "Seconds between sweeps when nothing wakes the daemon.") var sweep: Double = 30
    @Option(help: "Write tomorrow's printed sheet of every venue into this folder each night (`reservaflow sheet`).") var sheets: String?
    @Option(help: "With --sheets: the venue-local hour from which tomorrow's sheet is written (again each ten minutes until midnight).")
    var sheetHour = 22
    @Option(help: "Log level: \(ProgramStart.levelNames.joined(separator: ", ")).") var logLevel = "info"

    func run() async throws {
        let start: ProgramStart
        let config: Configuration
        do {
            start = try ProgramStart(program: "reservaflowd", logLevel: logLevel)
            config = try start.configuration(.init(databaseURL: databaseURL, smtpURL: smtpURL, configFile: configFile))
        } catch {
            throw exit(error)
        }
        guard let smtp = config.smtpURL else {
            throw exit(ReservationError.invalid(field: "SMTP_URL", message: "Set SMTP_URL (or --smtp-url, or smtp_url in the config file): where the mails go."))
        }
        guard let folder = templates ?? MailRenderer.defaultDirectory() else {
            throw exit(ReservationError.invalid(field: "templates", message: "No templates/mail folder found; pass --templates DIR or set RESERVAFLOW_TEMPLATES."))
        }
        let renderer: MailRenderer
        do { renderer = try MailRenderer(directory: folder, confirmLinks: ConfirmLink(publicURL: config.publicURL, secret: config.linkSecret)) } catch {
            throw exit(ReservationError.invalid(field: "templates", message: "\(error)"))
        }
        let fromAddress: String?
        do { fromAddress = try MailSender.fallback(from ?? config.mailFrom) } catch { throw exit(error) }
        if fromAddress == nil {
            start.logger.notice("no MAIL_FROM: mails go out from each venue's own address; a venue without one waits for MAIL_FROM")
        }
        var isFolder: ObjCBool = false
        if let sheets, !FileManager.default.fileExists(atPath: sheets, isDirectory: &isFolder) || !isFolder.boolValue {
            throw exit(ReservationError.invalid(field: "sheets", message: "\(sheets) is not a folder: make it first, for tomorrow's sheets."))
        }
        guard (0...23).contains(sheetHour) else {
            throw exit(ReservationError.invalid(field: "sheet-hour", message: "Give an hour from 0 to 23."))
        }
        do { try start.checkDatabase(config) } catch { throw exit(error) }
        let name = instance ?? "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
        let settings = Daemon.Settings(
            configuration: config, instance: name,
            mailer: MailerSettings(smtpURL: smtp, from: fromAddress, renderer: renderer, batch: max(1, batch),
                                   sendTimeout: max(1, sendTimeout), sweep: max(0.1, sweep)),
            expirySweep: max(0.1, sweep), version: "0.4", sheets: sheets.map { SheetWriter(directory: $0, hour: sheetHour) })
        try await Daemon.run(settings, logger: start.logger)
    }

    /// Prints the error (secrets masked) and gives the documented exit code.
    private func exit(_ error: any Error) -> ExitCode {
        ExitCode(ProgramStart.report(error, program: "reservaflowd"))
    }
}
