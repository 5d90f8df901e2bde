import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Issue 21: two managers changing the same venue at once. Each change is made on the venue's floor file as
/// it was read; a file read before another change committed must not overwrite that change.
@Suite("Two managers changing one venue")
struct VenueEditRaceTests {
    @Test("a file read before another change is not imported over it: nothing is written, and the change is made again")
    func staleFileIsNotImported() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.wednesday, 12, 0))
        let r = try t.venue()
        let m = VenueEditTests.manager(r)
        let version = try t.book.venue(r.id, reload: true).version
        var stale = try t.book.floorFile(slug: r.slug, actor: m)
        try t.book.changeVenue(restaurantID: r.id, [.setting(.holdMinutes, "25")], actor: m)  // another manager's, committed
        try stale.apply(.covers(label: "T4", min: 2, max: 6))
        #expect(try t.book.importFloor(stale, actor: m, action: .venueEdit, ifVersion: version) == nil)
        #expect(try t.book.restaurant(id: r.id).rules.holdMinutes == 25, "the other change stands")
        #expect(try t.book.tables(restaurantID: r.id).first { $0.label == "T4" }?.minCovers == 3, "the stale file wrote nothing")
        // Through changeVenue it is read again and made on the new file: both changes stand.
        try t.book.changeVenue(restaurantID: r.id, [.table(.covers(label: "T4", min: 2, max: 6))], actor: m)
        #expect(try t.book.restaurant(id: r.id).rules.holdMinutes == 25)
        #expect(try t.book.tables(restaurantID: r.id).first { $0.label == "T4" }?.minCovers == 2)
    }

    @Test("two terminals changing different settings at the same time: every change stands")
    func concurrentChangesAllStand() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.wednesday, 12, 0))
        let r = try t.venue()
        let m = VenueEditTests.manager(r)
        let boxes = (ThreadConfined(try t.anotherBook()), ThreadConfined(try t.anotherBook()))
        let go = DispatchSemaphore(value: 0), done = DispatchGroup()
        let failures = Failures()
        done.enter()
        Thread {
            go.wait()
            for minutes in 11...25 {
                do { try boxes.0.value.changeVenue(restaurantID: r.id, [.setting(.holdMinutes, "\(minutes)")], actor: m) } catch { failures.add("\(error)") }
            }
            done.leave()
        }.start()
        done.enter()
        Thread {
            go.wait()
            for hours in 1...15 {
                do { try boxes.1.value.changeVenue(restaurantID: r.id, [.setting(.reminderHours, "\(hours)")], actor: m) } catch { failures.add("\(error)") }
            }
            done.leave()
        }.start()
        go.signal(); go.signal()
        #expect(done.wait(timeout: .now() + 120) == .success)
        #expect(failures.all.isEmpty, "\(failures.all)")
        let rules = try t.book.restaurant(id: r.id).rules
        #expect(rules.holdMinutes == 25 && rules.reminderHours == 15, "hold \(rules.holdMinutes), reminder \(rules.reminderHours)")
    }
}

private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ s: String) { lock.withLock { list.append(s) } }
    var all: [String] { lock.withLock { list } }
}
