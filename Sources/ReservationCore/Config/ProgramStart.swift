import Foundation
import Glibc
import Logging
import POSIXSupport
import ReservationDomain

/// How a long-running program (reservaflowd, reservaflow-api) starts: SIGTERM and SIGINT unblocked (a
/// launcher may hand it a blocked mask, and then it could never stop cleanly), its log on stderr at the
/// level asked for, which must be one swift-log knows (a typo is an error, not a quiet `info`), the
/// settings loaded and the database checked, and a failure at start said the one way: the program's
/// name, the message with secrets masked, the documented exit code.
public struct ProgramStart: Sendable {
    public let program: String
    public let logger: Logger

    public init(program: String, logLevel: String) throws {
        let level = try Self.level(logLevel)
        try ProcessSignals.unblock([SIGTERM, SIGINT])
        self.program = program
        var logger = Logger(label: program) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = level
        self.logger = logger
    }

    /// The names `--log-level` takes, quietest last.
    public static let levelNames = Logger.Level.allCases.map(\.rawValue)

    public static func level(_ name: String) throws(ReservationError) -> Logger.Level {
        guard let level = Logger.Level(rawValue: name) else {
            throw .invalid(field: "log-level", message: "--log-level is one of \(levelNames.joined(separator: ", ")), not \"\(TextSanitizer.excerpt(name))\".")
        }
        return level
    }

    /// Flags, then the environment, then the config file, then the checkout's .stack/env.
    public func configuration(_ overrides: Configuration.Overrides) throws(ReservationError) -> Configuration {
        try Configuration.load(overrides)
    }

    /// Fails fast, and says why, when the database is unreachable or its schema is not this version's.
    public func checkDatabase(_ configuration: Configuration) throws(ReservationError) {
        _ = try ReservationBook(configuration: configuration)
    }

    /// Prints `error` on stderr (secrets masked) and gives the exit code the CLI documents for it.
    public static func report(_ error: any Error, program: String) -> Int32 {
        let e = (error as? ReservationError) ?? .internalError("\(error)")
        FileHandle.standardError.write(Data("\(program): \(Redaction.connectionString(e.description))\n".utf8))
        return e.exitCode
    }
}
