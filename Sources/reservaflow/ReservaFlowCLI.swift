import ArgumentParser
import Foundation
import Glibc
import ReservationCore
import ReservationDomain
import POSIXSupport

/// Exit codes are part of the scripting interface: 0 ok, 1 unexpected error (a bug), 2 invalid input,
/// 3 unavailable, 4 locked by another terminal, 5 database or Redis unreachable. With `--json`, an error is
/// also a JSON object on stdout (`ErrorBody`); the plain message always goes to stderr.
@main
struct Main {
    static func main() {
        CrashReporter.neverInteractive()
        let json = wantsJSON(CommandLine.arguments.dropFirst())
        do {
            // A command must stop when told to, whatever mask its launcher left blocked.
            try ProcessSignals.unblock([SIGTERM, SIGINT, SIGHUP])
            var command = try ReservaFlow.parseAsRoot()
            try command.run()
        } catch let error as ReservationError {
            Printer.fail(error.answer, json: json)
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch {
            if ReservaFlow.exitCode(for: error) == .success { ReservaFlow.exit(withError: error) }  // --help, --version
            // The argument parser's own refusals (unknown option, "two" for a number ...): invalid input.
            let short = UsageError.capped(ReservaFlow.message(for: error))
            let answer = ReservationError.invalid(field: UsageError.option(in: short) ?? "arguments", message: short).answer
            Printer.fail(answer, json: json, text: UsageError.capped(ReservaFlow.fullMessage(for: error)))
        }
    }

    /// `--json` anywhere before a `--` that ends the options.
    static func wantsJSON(_ args: ArraySlice<String>) -> Bool {
        args.prefix { $0 != "--" }.contains("--json")
    }
}

/// Swift's crash reporter goes interactive when standard input is a terminal ("Press space to interact, D to
/// debug, or any other key to quit (30s)"): on a podium that is a frozen screen and, with D, a debugger
/// (lldb runs shell commands) in a session meant to run nothing but the TUI. The runtime reads its settings
/// before `main`, so unless SWIFT_BACKTRACE says otherwise the program runs itself again at once with
/// `interactive=no`: a crash still prints its report, after the crash guard has given the terminal back.
enum CrashReporter {
    static func neverInteractive() {
        guard isatty(STDIN_FILENO) == 1, getenv("SWIFT_BACKTRACE") == nil else { return }
        // The file itself, not /proc/self/exe, so the process keeps its name (ps, top, pgrep).
        var path = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &path, path.count - 1)
        // No /proc (a bare chroot): carry on as we are; the crash guard still restores the terminal.
        guard n > 0 else { return }
        setenv("SWIFT_BACKTRACE", "interactive=no", 1)
        execv(path, CommandLine.unsafeArgv)
        unsetenv("SWIFT_BACKTRACE")
    }
}

/// The argument parser's messages quote what was typed ('xxx' is invalid for '--party <party>'): cap each
/// quoted value and clean it, so a huge or hostile argument is neither echoed in full nor sent raw.
enum UsageError {
    static func capped(_ message: String, max: Int = 60) -> String {
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.split(separator: "'", omittingEmptySubsequences: false).enumerated().map { i, part in
                i % 2 == 1 ? TextSanitizer.excerpt(String(part), max: max) : Printer.keepingEdges(String(part))
            }.joined(separator: "'")
        }.map { $0.count > 400 ? String($0.prefix(399)) + "…" : $0 }
        return lines.joined(separator: "\n")
    }

    /// The option a message is about (`--party` gives "party"), for the JSON body's `field`.
    static func option(in message: String) -> String? {
        guard let r = message.range(of: "'--[a-z][a-z0-9-]*", options: .regularExpression) else { return nil }
        return String(message[r].dropFirst(3))
    }
}

struct ReservaFlow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reservaflow",
        abstract: "The restaurant's reservation book, in the terminal.",
        discussion: """
            With no subcommand, opens the front-of-house screen.
            Exit codes: 0 ok, 2 invalid input, 3 unavailable, 4 locked by another terminal, 5 database or Redis unreachable \
            (1: an unexpected error, a bug). With --json, errors are JSON on stdout too: \
            {"error": ..., "code": ..., "field": ..., "exit_code": ...}.
            """,
        subcommands: [
            TUICommand.self, Migrate.self, Seed.self, UserCommand.self, FloorCommand.self, VenueCommand.self, ClosureCommand.self, Tables.self, TableCommand.self, Reservations.self,
            AvailabilityCommand.self, Book.self, ReservationCommand.self, HistoryCommand.self, AuditCommand.self, ReportCommand.self, SheetCommand.self, WalkIn.self, Waitlist.self,
            NotesCommand.self, ConfigCommand.self,
            Status.self, OutboxCommand.self, PacingCommand.self, GuestsCommand.self, GuestCommand.self,
        ],
        defaultSubcommand: TUICommand.self)
}
