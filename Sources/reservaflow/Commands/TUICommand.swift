import ArgumentParser
import Foundation
import POSIXSupport
import Logging
import PodiumRuntime
import ReservaFlowUI
import ReservationCore
import TerminalBackend
import ReservationDomain

/// `reservaflow` with no subcommand: the front-of-house screen.
struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tui", abstract: "Open the front-of-house screen (the default).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var venue: VenueOption
    @Option(help: "Day to open: YYYY-MM-DD, 24/12, today, tomorrow or a weekday.") var date: String?
    @Option(help: "Prefill the login with this username.") var user: String?
    @Flag(name: .customLong("read-only"), help: "No writes at all: for wall screens and SSH viewers.") var readOnly = false
    @Option(help: "Theme name from themes/ (default, 256, light, high-contrast, monochrome).") var theme: String?
    @Flag(name: .customLong("no-mouse"), help: "Ignore the mouse.") var noMouse = false
    @Flag(help: "ASCII only: no box-drawing characters or symbols.") var ascii = false
    @Option(help: "Log file (default: $XDG_STATE_HOME/reservaflow/reservaflow.log).") var log: String?
    @Flag(help: "Podium terminal: the TUI is the session's only program, so Ctrl-Z never suspends it (also RESERVAFLOW_KIOSK=1; automatic when no job-control shell started it).")
    var kiosk = false

    static let noTerminal = ReservationError.invalid(field: "terminal", message: """
        The front-of-house screen needs a terminal on standard input and output, and shows nothing without one \
        (no guest data before a staff member signs in). Over SSH, connect with a terminal (ssh -t). \
        For scripts, use the subcommands: `reservaflow reservations` prints the day's book (`reservaflow --help` lists them all).
        """)

    func run() throws {
        // An unknown --theme is said at once, before anything else is opened (it used to be a note nobody saw).
        let (initialTheme, themeNote): (Theme, String?)
        do { (initialTheme, themeNote) = try ThemeFiles.initial(name: theme) } catch {
            throw ReservationError.invalid(field: "theme", message: error.description)
        }
        // No terminal (`ssh -T`, a pipe, a cron job): no screen, and no guest data before a staff sign-in,
        // on any door. Refused before the database is opened or anything is written.
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw Self.noTerminal }
        let configuration = try global.configuration()
        let sink = FileLogHandler.Sink(path: log ?? FileLogHandler.defaultPath)
        let logger = Logger(label: "reservaflow.tui") { FileLogHandler(label: $0, sink: sink) }
        // Fail fast, before the screen is taken over, when the database is unreachable or the venue unknown.
        let book = try ReservationBook(configuration: configuration, logger: logger)
        // Without --restaurant and with several venues, the staff member picks one of theirs after sign-in.
        let venues = try book.restaurants()
        let pickVenue = venue.slug == nil && venues.count > 1
        let restaurant = pickVenue ? venues[0] : try venue.resolve(book)
        let day = try CLIInput.date(date, restaurant: restaurant)

        let terminal: Terminal
        let kioskMode = kiosk || ProcessInfo.processInfo.environment["RESERVAFLOW_KIOSK"] == "1"
        let options = TerminalOptions(mouse: !noMouse, colour: !initialTheme.monochrome,
                                      allowSuspend: !kioskMode && TerminalOptions.launchedUnderJobControl)
        do { terminal = try Terminal(options: options) } catch {
            throw ReservationError.invalid(field: "terminal", message: error.description)
        }
        let wake: WakePipe
        do { wake = try WakePipe() } catch {
            terminal.shutdown()
            throw ReservationError.internalError("\(error)")
        }
        let inbox = Inbox(wake: wake.signal)
        // While the venue is still to be picked, the feed follows none (0) and the worker holds no leases.
        let feed = LiveFeed(configuration: configuration, restaurantID: pickVenue ? 0 : restaurant.id, logger: logger, onChange: inbox.post)
        let worker = EffectWorker(configuration: configuration, logger: logger, inbox: inbox, venue: pickVenue ? nil : restaurant.id,
                                  onVenueChange: feed.follow, onSignIn: feed.watchAccount)

        if let found = terminal.foundLocale { logger.info("the session has no UTF-8 locale; using \(found)") }
        var state = AppState(config: UIConfig(restaurantID: pickVenue ? 0 : restaurant.id, readOnly: readOnly,
                                              ascii: ascii || !terminal.unicode,
                                              mouse: !noMouse, themeNames: ThemeFiles.available(), timeZone: restaurant.timeZone,
                                              pickVenue: pickVenue, initialDate: date == nil ? nil : day),
                             now: Date(), size: terminal.size, theme: initialTheme)
        if let user {
            state.login.username.set(user)
            state.login.focus = .password
        }
        let notes = [themeNote, terminal.notice].compactMap { $0 }
        if !notes.isEmpty { state.message = StatusMessage(notes.joined(separator: " ")) }
        var program = Program(state: state)
        feed.start()
        let loop = EventLoop(terminal: terminal, wake: wake)
        var stopped: SystemCallError? = nil
        do { try loop.run(&program, perform: worker.submit, inbox: inbox.drain) } catch { stopped = error }
        terminal.shutdown()
        // Leases this terminal still holds go back at once rather than at their TTL.
        if case .booking(let form) = program.state.overlay, let lease = form.lease {
            book.releaseLease(restaurantID: program.state.config.restaurantID, token: lease.token)
        }
        worker.stop()
        feed.stop()
        if let stopped { throw ReservationError.internalError("the screen stopped waiting for input: \(stopped)") }
    }
}
