import ReservaFlowUI

/// The effects the worker was given, in order, handed to the book one at a time.
///
/// One at a time so that an effect the database did not answer can be waited on without a sleep on the
/// book's thread, and still in order: while its retry waits (`pause`), what the host asks meanwhile is
/// held here, and then runs before the retried effect, as it did when the book's thread slept. Held
/// effects so meet a book the executor is ready to open again, not its reconnect backoff, where they
/// would fail at once and, as failures, clear a form that waits for its booking.
struct EffectQueue: Sendable, Equatable {
    private(set) var waiting: [Effect] = []
    private(set) var running = false
    private(set) var paused = false

    mutating func add(_ effects: [Effect]) { waiting += effects }

    /// The effect to hand to the book now, marked running; nil while one runs, a retry waits, or none is left.
    mutating func next() -> Effect? {
        guard !running, !paused, !waiting.isEmpty else { return nil }
        running = true
        return waiting.removeFirst()
    }

    /// The running effect was answered (or failed).
    mutating func finished() { running = false }

    /// A retry waits: nothing more runs until `resume`.
    mutating func pause() { paused = true }

    /// The wait is over: `effect` goes again, after what was asked meanwhile.
    mutating func resume(resending effect: Effect) {
        paused = false
        waiting.append(effect)
    }
}
