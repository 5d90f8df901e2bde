import Foundation
import ReservationCore
import ReservationDomain

/// Runs `n` bookings at once, each on its own thread with its own ReservationBook (own PostgreSQL and
/// Redis connections), released together from a barrier. Returns each attempt's result, or nil if the
/// round did not finish within `deadline` seconds (a hang; generous, not a speed threshold).
func race(_ n: Int, configuration: Configuration, clock: TestClock, deadline: TimeInterval = 120,
          attempt: @escaping @Sendable (Int, ReservationBook) throws -> BookingOutcome) -> [Result<BookingOutcome, any Error>]? {
    let results = RaceResults(n)
    let ready = DispatchSemaphore(value: 0)
    let go = DispatchSemaphore(value: 0)
    let done = DispatchGroup()
    for i in 0..<n {
        done.enter()
        let thread = Thread {
            defer { done.leave() }
            let book: ReservationBook
            do {
                book = try ReservationBook(configuration: configuration, now: { clock.now })
            } catch {
                results.set(i, .failure(error))
                ready.signal()
                return
            }
            ready.signal()
            go.wait()
            results.set(i, Result { try attempt(i, book) })
        }
        thread.start()
    }
    for _ in 0..<n { ready.wait() }
    for _ in 0..<n { go.signal() }
    guard done.wait(timeout: .now() + deadline) == .success else { return nil }
    return results.all
}

/// Written by the racing threads, read after they finish.
private final class RaceResults: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Result<BookingOutcome, any Error>?]
    init(_ n: Int) { values = Array(repeating: nil, count: n) }
    func set(_ i: Int, _ r: Result<BookingOutcome, any Error>) { lock.withLock { values[i] = r } }
    var all: [Result<BookingOutcome, any Error>] { lock.withLock { values.map { $0! } } }
}
