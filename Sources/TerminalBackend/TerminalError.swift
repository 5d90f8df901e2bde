import POSIXSupport
/// Why the terminal could not be used, each with what to do about it.
public enum TerminalError: Error, CustomStringConvertible, Sendable {
    case notATerminal
    case unknownTerminal(String)
    case noCursorAddressing(String)
    case system(SystemCallError)

    public var description: String {
        switch self {
        case .notATerminal:
            "Standard input is not a terminal. Run reservaflow in a terminal, or use its subcommands for scripting."
        case .unknownTerminal(let t):
            "The terminal type \"\(t)\" is unknown and xterm-256color is not installed either. Set TERM to a known type (e.g. TERM=xterm-256color)."
        case .system(let error):
            "The terminal could not be set up: \(error)."
        case .noCursorAddressing(let t):
            "The terminal type \"\(t)\" cannot move the cursor, which the screen needs. Use a full terminal (TERM=xterm-256color) or the command-line subcommands."
        }
    }
}
