import Foundation
import Testing
@testable import ReservaFlowDaemon
@testable import ReservationCore
@testable import ReservationDomain

/// Issue 22: the daemon writes tomorrow's printed sheet each night into the operator's folder.
@Suite("Daemon: tomorrow's sheet", .serialized)
struct DaemonSheetTests {
    @Test("from the hour on, tomorrow's sheet is written whole, with a booking taken that evening; before it, nothing")
    func nightly() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.wednesday, 21, 30))
        let r = try t.venue()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sheets-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let writer = SheetWriter(directory: folder, hour: 22)
        #expect(try writer.writeDue(t.book, now: t.clock.now).isEmpty, "21:30: not yet")
        t.clock.set(Fixtures.wednesday, 22, 10)
        let thursday = Fixtures.wednesday.adding(days: 1)
        _ = try t.book.book(Fixtures.request(r, table: "T2", date: thursday, time: Fixtures.time(14), party: 2, name: "Late Booker"), actor: t.host)
        let files = try writer.writeDue(t.book, now: t.clock.now)
        #expect(files == [folder + "/casa-\(thursday).txt"])
        let text = try String(contentsOfFile: files[0], encoding: .utf8)
        #expect(text.hasPrefix("Casa Test (casa) · Thursday \(thursday)"))
        #expect(text.contains("14:00 T2      2     Late Booker"), "\(text)")
    }
}
