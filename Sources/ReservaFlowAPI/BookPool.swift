import Foundation
import Logging
import ReservationNative
import ReservationCore
import Synchronization
import ReservationDomain

/// A few `ReservationBook`s, each on its own thread (`BookExecutor`), lent to one request at a time.
///
/// A book is one PostgreSQL and one Redis connection, both blocking: they never run on Swift's cooperative
/// pool. A request borrows an idle book, runs its whole piece of work there (authentication and the
/// operation together: one hop), and gives it back. When all are busy, requests wait in arrival order.
public final class BookPool: Sendable {
    private let executors: [BookExecutor]
    private struct State {
        var idle: [Int]
        var waiting: [CheckedContinuation<Int, Never>] = []
    }
    private let state: Mutex<State>

    public init(size: Int, open: @escaping @Sendable () throws -> ReservationBook) {
        let n = max(1, size)
        executors = (0..<n).map { BookExecutor(name: "reservaflow-api.book.\($0)", open: open) }
        state = Mutex(State(idle: Array((0..<n).reversed())))
    }

    public var size: Int { executors.count }

    /// A book as the API opens it. A recovering server (crash recovery, a new primary starting up) is
    /// waited for at most 3 s per request, and a server that stops answering (a hung primary) 13 s (8 s
    /// statements + 5 s): past that the answer is 503 with Retry-After, never a request hanging past 15 s.
    /// No statement the API runs comes near 8 s (a streamed list reads 2,000 rows a statement).
    public static func openBook(_ configuration: Configuration, logger: Logger) throws -> ReservationBook {
        try ReservationBook(configuration: configuration, logger: logger, connectPatience: 3,
                            session: PGSession(statementTimeoutMs: 8_000))
    }

    /// Runs `body` on an idle book (blocking calls are fine there) and returns its result.
    public func run<T: Sendable>(_ body: @escaping @Sendable (ReservationBook) throws -> T) async throws -> T {
        let index = await borrow()
        defer { giveBack(index) }
        return try await executors[index].run(body)
    }

    private func borrow() async -> Int {
        if let i = state.withLock({ $0.idle.popLast() }) { return i }
        return await withCheckedContinuation { (c: CheckedContinuation<Int, Never>) in
            let ready: Int? = state.withLock { s in
                if let i = s.idle.popLast() { return i }
                s.waiting.append(c)
                return nil
            }
            if let ready { c.resume(returning: ready) }
        }
    }

    private func giveBack(_ index: Int) {
        let next: CheckedContinuation<Int, Never>? = state.withLock { s in
            if s.waiting.isEmpty {
                s.idle.append(index)
                return nil
            }
            return s.waiting.removeFirst()
        }
        next?.resume(returning: index)
    }

    public func shutdown() {
        for e in executors { e.shutdown() }
    }
}
