/// A terminal colour as a theme names it: the terminal's default, one of the 16 ANSI colours, or an
/// index into the 256-colour palette (used only when the terminal has 256 colours).
public enum Color: Sendable, Hashable, CustomStringConvertible {
    case `default`
    case ansi(UInt8)  // 0-15
    case indexed(UInt8)  // 16-255

    static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// "red", "bright-red", "default", or a palette number "0".."255".
    public init?(name: String) {
        let n = name.lowercased().trimmingCharacters(in: .whitespaces)
        if n == "default" || n == "none" {
            self = .default
            return
        }
        if let i = Color.names.firstIndex(of: n) {
            self = .ansi(UInt8(i))
            return
        }
        for prefix in ["bright-", "bright_", "bright"] where n.hasPrefix(prefix) {
            if let i = Color.names.firstIndex(of: String(n.dropFirst(prefix.count))) {
                self = .ansi(UInt8(i + 8))
                return
            }
        }
        if let v = Int(n), (0...255).contains(v) {
            self = v < 16 ? .ansi(UInt8(v)) : .indexed(UInt8(v))
            return
        }
        return nil
    }

    public init(number v: Int) { self = v < 16 ? .ansi(UInt8(max(0, v))) : .indexed(UInt8(min(255, v))) }

    /// The nearest of the 16 ANSI colours, for a 256-colour theme on a 16-colour terminal.
    public var downgraded: Color {
        guard case .indexed(let i) = self else { return self }
        if i >= 232 { return i < 244 ? .ansi(8) : .ansi(7) }  // greyscale ramp
        let c = Int(i) - 16
        let r = c / 36, g = (c / 6) % 6, b = c % 6
        let top = max(r, g, b)
        if r == g && g == b {  // the greys inside the cube
            return .ansi(top == 0 ? 0 : top <= 2 ? 8 : top <= 4 ? 7 : 15)
        }
        // A component counts when it carries at least half of the strongest one.
        let bits = (r * 2 > top ? 1 : 0) | (g * 2 > top ? 2 : 0) | (b * 2 > top ? 4 : 0)
        return .ansi(UInt8(bits + (top >= 4 ? 8 : 0)))
    }

    /// The curses colour number (-1 for the terminal default).
    public var number: Int {
        switch self {
        case .default: -1
        case .ansi(let i): Int(i)
        case .indexed(let i): Int(i)
        }
    }

    public var description: String {
        switch self {
        case .default: "default"
        case .ansi(let i): i < 8 ? Color.names[Int(i)] : "bright-" + Color.names[Int(i) - 8]
        case .indexed(let i): "\(i)"
        }
    }
}
