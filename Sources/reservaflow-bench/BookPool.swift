import Foundation
import ReservationCore
import ReservationDomain

/// N client threads, each with its own `ReservationBook` (its own PostgreSQL and Redis connections, as each
/// terminal has), connected before anything is timed and released together for every round.
///
/// `ReservationBook` is not Sendable: each one is made, used and dropped on its own thread. Only jobs (plain
/// closures) and their results cross threads, through the gate's lock and `Locked`.
final class BookPool: @unchecked Sendable {
    let size: Int
    private let gate = StartGate()
    private let ready = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    private let exited = DispatchSemaphore(value: 0)
    // Written by the main thread before `gate.release`, read by clients after `gate.wait` (ordered by the gate's lock).
    private var job: (@Sendable (ReservationBook, Int) -> Void)?
    private var stopping = false
    private let failures = Locked<[String]>([])

    init(size: Int, configuration: Configuration) throws {
        self.size = size
        for i in 0..<size {
            let t = Thread { [self] in
                let book: ReservationBook
                do {
                    book = try ReservationBook(configuration: configuration)
                } catch {
                    failures.with { $0.append("client \(i): \(error)") }
                    ready.signal()
                    exited.signal()
                    return
                }
                ready.signal()
                var seen = 0
                while true {
                    seen = gate.wait(after: seen)
                    if stopping { break }
                    job?(book, i)
                    done.signal()
                }
                exited.signal()
            }
            t.stackSize = 1 << 20
            t.start()
        }
        for _ in 0..<size { ready.wait() }
        if let first = failures.current.first {
            let n = failures.current.count
            shutdown()
            throw BenchFailure("\(n) of \(size) clients could not open the book: \(first)")
        }
    }

    /// Releases every client into `job` at once and waits for all of them; returns the release instant.
    @discardableResult
    func round(_ job: @escaping @Sendable (ReservationBook, Int) -> Void) -> UInt64 {
        self.job = job
        let t = gate.release(whenWaiting: size)
        for _ in 0..<size { done.wait() }
        return t
    }

    func shutdown() {
        let alive = size - failures.current.count
        stopping = true
        if alive > 0 { _ = gate.release(whenWaiting: alive) }
        for _ in 0..<size { exited.wait() }
    }
}
