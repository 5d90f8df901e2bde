import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// `reservaflow sheet` (issue 22): the day's book and floor as a page to print, through the real binary.
@Suite("Command line: sheet", .serialized)
struct CLISheetTests {
    @Test("the book by service with allergies and notes, the floor by table, the waitlist; cancelled bookings left off; 78 columns")
    func sheet() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let ana = try t.book.book(Fixtures.request(r, table: "T3", time: Fixtures.time(20), party: 4, name: "García López, Ana", notes: "window seat"),
                                  actor: t.host).entry
        _ = try t.book.updateGuest(ana.customer.id, GuestUpdate(allergies: "nuts", tags: ["vip"]), actor: t.admin)
        _ = try t.book.book(Fixtures.request(r, table: "T1", time: Fixtures.time(13, 30), party: 2, name: "Bea Sanz", phone: Fixtures.phone(2)),
                            actor: t.host)
        let gone = try t.book.book(Fixtures.request(r, table: "T4", time: Fixtures.time(21), party: 5, name: "Carla Ida", phone: Fixtures.phone(3)),
                                   actor: t.host).entry
        _ = try t.book.apply(.cancel, to: gone.id, actor: t.host)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sheet-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let run = try CLITests.run(["sheet", "--restaurant", "casa", "--date", Fixtures.friday.description, "--out", file], database: t.databaseURL)
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        #expect(lines[0] == "Casa Test (casa) · Friday 2026-05-15 · Europe/Madrid")
        #expect(lines[1].hasSuffix("2 bookings, 6 covers."), "\(lines[1])")
        #expect(lines.contains("lunch 13:00-16:00: 1 bookings, 2 covers"))
        #expect(lines.contains { $0.hasPrefix("13:30 T1      2     Bea Sanz") }, "\(text)")
        let garcia = try #require(lines.firstIndex { $0.hasPrefix("20:00 T3      4     García López, Ana") && $0.hasSuffix("confirmed") }, "\(text)")
        #expect(lines[garcia + 1] == "      ALLERGY nuts; VIP; window seat", "the allergy whole, under the booking")
        #expect(lines.contains { $0.hasPrefix("  T3 (2-4)    20:00 García López ×4") }, "\(text)")
        #expect(lines.contains { $0.hasPrefix("  T4 (3-6)    free all day") }, "the cancelled booking is not on the sheet: \(text)")
        #expect(!text.contains("Carla"))
        #expect(lines.allSatisfy { $0.displayWidth <= 78 })
    }
}
