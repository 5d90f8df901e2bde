import ReservaFlowUI
import Synchronization

/// Where the terminal's helper threads (the effect worker, the live feed) leave messages for the UI thread.
/// `wake` is called after each post so the UI thread's poll() returns (the terminal's wake pipe); the loop
/// then `drain()`s. Shared by both helpers, so neither needs a handle on the other to reach the screen.
public final class Inbox: Sendable {
    private let messages = Mutex<[Msg]>([])
    private let wake: @Sendable () -> Void

    public init(wake: @escaping @Sendable () -> Void) { self.wake = wake }

    /// Safe from any thread.
    public func post(_ msg: Msg) {
        messages.withLock { $0.append(msg) }
        wake()
    }

    /// The messages posted since the last call, in the order posted.
    public func drain() -> [Msg] { messages.withLock { msgs in defer { msgs.removeAll() }; return msgs } }
}
