import Foundation
import Logging
import ReservationCore
import ServiceLifecycle
import ReservationDomain

/// reservaflowd assembled: three services on threads of their own (expiry, mailer, heartbeat), each with its
/// own database connection, plus the LISTEN thread that wakes them early. Run under a ServiceGroup: SIGTERM
/// or SIGINT stops claiming, finishes the mail in hand, gives back the rest, marks the instance stopped.
public struct Daemon {
    public struct Settings: Sendable {
        public var configuration: Configuration
        public var instance: String
        public var mailer: MailerSettings
        public var expirySweep: TimeInterval
        public var expiryBatch: Int
        public var version: String
        /// Tomorrow's printed sheets, each night, when the operator named a folder (`--sheets`).
        public var sheets: SheetWriter?

        public init(configuration: Configuration, instance: String, mailer: MailerSettings, expirySweep: TimeInterval = 30,
                    expiryBatch: Int = 500, version: String, sheets: SheetWriter? = nil) {
            self.sheets = sheets
            self.configuration = configuration
            self.instance = instance
            self.mailer = mailer
            self.expirySweep = expirySweep
            self.expiryBatch = expiryBatch
            self.version = version
        }
    }

    public static func run(_ settings: Settings, logger: Logger) async throws {
        let configuration = settings.configuration
        let open: @Sendable () throws -> ReservationBook = {
            var quiet = logger
            quiet.logLevel = .error
            return try ReservationBook(configuration: configuration, logger: quiet)
        }
        let expiry = BookExecutor(name: "reservaflowd-expiry", open: open)
        let mailer = BookExecutor(name: "reservaflowd-mailer", open: open)
        let heart = BookExecutor(name: "reservaflowd-heartbeat", open: open)
        defer { [expiry, mailer, heart].forEach { $0.shutdown() } }

        let expiryWake = Wakeup(), mailWake = Wakeup()
        let listener = JobListener(configuration: configuration, logger: logger,
                                   onReservations: { expiryWake.signal() }, onJobs: { mailWake.signal() })
        let now: @Sendable () -> Date = { Date() }
        let sheet = BookExecutor(name: "reservaflowd-sheets", open: open)
        defer { sheet.shutdown() }
        var services: [any Service] = [
            ListenerService(listener: listener),
            HeartbeatService(executor: heart, logger: logger, instance: settings.instance, version: settings.version, startedAt: now()),
            ExpiryService(executor: expiry, wakeup: expiryWake, logger: logger, sweep: settings.expirySweep,
                          batch: settings.expiryBatch, now: now),
            MailerService(executor: mailer, wakeup: mailWake, logger: logger, instance: settings.instance,
                          settings: settings.mailer, now: now),
        ]
        if let writer = settings.sheets { services.append(SheetService(executor: sheet, writer: writer, logger: logger, now: now)) }
        let group = ServiceGroup(configuration: .init(
            services: services.map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        logger.info("reservaflowd started", metadata: ["instance": "\(settings.instance)", "version": "\(settings.version)"])
        try await group.run()
        logger.info("reservaflowd stopped", metadata: ["instance": "\(settings.instance)"])
    }
}
