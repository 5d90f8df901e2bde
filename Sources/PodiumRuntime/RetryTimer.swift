import Dispatch
import Foundation

/// Runs a closure after a delay without holding a thread meanwhile: the worker's retries wait here, not
/// in a sleep on the book's thread (which kept the executor's thread, and its shutdown, behind the wait).
public struct RetryTimer: Sendable {
    public let schedule: @Sendable (TimeInterval, @escaping @Sendable () -> Void) -> Void

    public init(schedule: @escaping @Sendable (TimeInterval, @escaping @Sendable () -> Void) -> Void) {
        self.schedule = schedule
    }

    /// Dispatch's timer; the closure only queues work, so where it runs does not matter.
    public static let dispatch = RetryTimer { delay, body in
        DispatchQueue.global().asyncAfter(deadline: .now() + delay, execute: body)
    }
}
