import Foundation
import ReservationCore
import ReservationDomain

/// A clock the test moves by hand. Shared between the test and the books it drives (a book may live
/// on another thread in the concurrency tests), hence the lock.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ date: Date) { current = date }

    /// The wall-clock time `hh:mm` of `date` in `zone`, which must exist.
    convenience init(_ date: LocalDate, _ hour: Int, _ minute: Int = 0, zone: String = Fixtures.madrid) {
        self.init(Fixtures.instant(date, hour, minute, zone: zone))
    }

    var now: Date { lock.withLock { current } }

    func set(_ date: Date) { lock.withLock { current = date } }

    func set(_ date: LocalDate, _ hour: Int, _ minute: Int = 0, zone: String = Fixtures.madrid) {
        set(Fixtures.instant(date, hour, minute, zone: zone))
    }

    func advance(minutes: Double) { lock.withLock { current = current.addingTimeInterval(minutes * 60) } }
    func advance(seconds: Double) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}
