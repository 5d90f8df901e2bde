/// A key press, independent of the terminal library.
public enum Key: Sendable, Hashable {
    case char(Character)
    case up, down, left, right
    case home, end, pageUp, pageDown
    case enter, esc, tab, backTab, backspace, delete
    /// Ctrl plus a letter, lower-case ("c" for Ctrl-C).
    case ctrl(Character)
    case function(Int)
}

public enum MouseButton: Sendable, Hashable {
    case left, wheelUp, wheelDown
}

public struct MouseEvent: Sendable, Hashable {
    public var x: Int
    public var y: Int
    public var button: MouseButton
    public init(x: Int, y: Int, button: MouseButton) {
        self.x = x
        self.y = y
        self.button = button
    }
}
