import Foundation
import Synchronization
import ReservationDomain
import ReservationNative

/// A thread of its own for blocking calls (libpq, hiredis, libcurl), with `async` entry points.
///
/// Swift's cooperative pool has one thread per core; a blocking C call made there stalls every other task
/// (on two cores a 10 ms heartbeat stalled for a second). Work submitted here runs in order, one job at a
/// time, on this thread only, which is also what makes thread-confined handles (a `PGConnection`, an
/// `SMTPClient`) safe to keep in the jobs' captured state.
public final class BlockingThread: Sendable {
    private let jobs = Mutex<[@Sendable () -> Void]>([])
    private let wanted = DispatchSemaphore(value: 0)
    private let stopping = Atomic<Bool>(false)

    public init(name: String) {
        let thread = Thread { [self] in loop() }
        thread.name = name
        thread.start()
    }

    /// Runs `body` on the thread and returns its result. The caller suspends without blocking its own thread.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            submit { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Queues `body` without waiting for it.
    public func submit(_ body: @escaping @Sendable () -> Void) {
        jobs.withLock { $0.append(body) }
        wanted.signal()
    }

    /// The thread ends after the jobs already queued.
    public func stop() {
        stopping.store(true, ordering: .relaxed)
        wanted.signal()
    }

    private func loop() {
        while true {
            wanted.wait()
            let job = jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
            if let job { job(); continue }
            if stopping.load(ordering: .relaxed) { return }
        }
    }
}

/// A `ReservationBook` owned by a `BlockingThread`: opened on first use, reopened after the database was
/// lost, and touched only on its thread (GRDB's DatabaseQueue is the model). Front ends call
/// `run { book in ... }` from async code.
///
/// This is the one place a lost connection is dropped: after every job, whatever the job made of the
/// error (the API turns errors into answers inside its job, the TUI into messages), a book whose connection
/// broke or whose server stopped being the primary is let go, and the next job opens a new one, which
/// finds the primary wherever it now is (libpq multi-host URLs). Opening again after a failure waits a
/// jittered, growing delay (`ReconnectBackoff`); a job arriving inside that delay fails at once with
/// "unreachable" rather than queueing behind connection attempts.
public final class BookExecutor: Sendable {
    private let thread: BlockingThread
    private let open: @Sendable () throws -> ReservationBook
    /// Only ever read or written by jobs on `thread` (so never concurrently): why it may be unchecked.
    private let slot: ThreadConfined<ReservationBook?>
    private let backoff: ThreadConfined<ReconnectBackoff>

    public init(name: String, open: @escaping @Sendable () throws -> ReservationBook) {
        thread = BlockingThread(name: name)
        self.open = open
        slot = ThreadConfined(nil)
        backoff = ThreadConfined(ReconnectBackoff())
    }

    public func run<T: Sendable>(_ body: @escaping @Sendable (ReservationBook) throws -> T) async throws -> T {
        try await thread.run { [self] in try withBook(body) }
    }

    /// Queues `body` without waiting, for callers that are not async (the TUI's event loop). Jobs run in the
    /// order submitted; a failure, the opening of the book included, goes to `failed` as the core's typed
    /// error, on the book's thread.
    public func submit(_ body: @escaping @Sendable (ReservationBook) throws -> Void,
                       failed: @escaping @Sendable (ReservationError) -> Void) {
        thread.submit { [self] in
            do { try withBook(body) } catch let error as ReservationError { failed(error) } catch {
                failed(.internalError("\(error)"))
            }
        }
    }

    /// On `thread` only.
    private func withBook<T>(_ body: (ReservationBook) throws -> T) throws -> T {
        let book = try currentBook()
        defer { if book.needsReconnect { slot.value = nil } }
        return try body(book)
    }

    /// On `thread` only: the open book, or a new one when the backoff allows.
    private func currentBook() throws -> ReservationBook {
        if let existing = slot.value { return existing }
        let now = Date()
        if let wait = backoff.value.wait(at: now) {
            throw ReservationError.databaseUnavailable(detail: "reconnecting; next attempt in \(Int((wait * 1000).rounded(.up))) ms")
        }
        do {
            let book = try open()
            slot.value = book
            backoff.value.succeeded()
            return book
        } catch {
            backoff.value.failed(at: now, jitter: Double.random(in: 0.5...1))
            throw error
        }
    }

    /// Drops the book (its connections close) and ends the thread, after queued work.
    public func shutdown() {
        let slot = self.slot
        thread.submit { slot.value = nil }
        thread.stop()
    }
}

/// A value that one thread owns. The compiler cannot see that confinement, so the type says it.
public final class ThreadConfined<Value>: @unchecked Sendable {
    public var value: Value
    public init(_ value: Value) { self.value = value }
}
