/// The model-update-view loop without the terminal: holds the state and one frame buffer that is
/// reused every frame. A terminal runner feeds it messages, performs the effects it returns, and draws
/// `view()`; tests drive it the same way with no terminal at all.
public struct Program: Sendable {
    public private(set) var state: AppState
    private var frame: ScreenBuffer

    public init(state: AppState) {
        self.state = state
        frame = ScreenBuffer(width: state.size.width, height: state.size.height)
    }

    /// Effects to run once at start (load the day when already signed in).
    public var startEffects: [Effect] { state.startEffects() }

    /// Applies a message; returns the I/O to perform.
    public mutating func send(_ msg: Msg) -> [Effect] {
        let (next, effects) = update(state, msg)
        state = next
        return effects
    }

    /// Sends several messages in order, collecting their effects.
    public mutating func send(_ msgs: [Msg]) -> [Effect] { msgs.flatMap { send($0) } }

    /// Renders the current state into the reused buffer.
    public mutating func view() -> ScreenBuffer {
        render(state, into: &frame, size: state.size)
        return frame
    }

    public var wantsQuit: Bool { state.wantsQuit }
}
