import ArgumentParser
import Foundation
import ReservationCore

/// Exit codes are part of the scripting interface: 0 ok, 2 invalid input, 3 unavailable,
/// 4 locked by another terminal, 5 database or Redis unreachable.
@main
struct Main {
    static func main() {
        do {
            var command = try ReservaFlow.parseAsRoot()
            try command.run()
        } catch let error as ReservationError {
            FileHandle.standardError.write(Data(("reservaflow: " + error.description + "\n").utf8))
            exit(error.exitCode)
        } catch {
            if ReservaFlow.exitCode(for: error) == .success { ReservaFlow.exit(withError: error) }
            FileHandle.standardError.write(Data((ReservaFlow.fullMessage(for: error) + "\n").utf8))
            exit(2)
        }
    }
}

struct ReservaFlow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reservaflow",
        abstract: "The restaurant's reservation book, in the terminal.",
        discussion: """
            With no subcommand, opens the front-of-house screen.
            Exit codes: 0 ok, 2 invalid input, 3 unavailable, 4 locked by another terminal, 5 database or Redis unreachable.
            """,
        subcommands: [
            TUICommand.self, Migrate.self, Seed.self, UserCommand.self, FloorCommand.self, Tables.self, Reservations.self,
            AvailabilityCommand.self, Book.self, ReservationCommand.self, WalkIn.self, Waitlist.self, ConfigCommand.self,
            Status.self, OutboxCommand.self,
        ],
        defaultSubcommand: TUICommand.self)
}
