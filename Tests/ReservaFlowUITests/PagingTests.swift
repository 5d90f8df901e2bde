import Foundation
@testable import ReservationDomain
import Testing
@testable import ReservaFlowUI

/// Issue 8, item 17: at 80x24 PgDn through the timeline shows every table (T18 never appeared).
@Suite struct PagingTests {
    /// The demo's floor: 20 tables in the first area, 12 and 8 in the others (labelled T1-T40 here), so
    /// pages cross area headings.
    func bigSheet() -> DaySheet {
        var sheet = Fixture.sheet()
        sheet.tables = (1...40).map { i in
            DiningTable(id: Int64(100 + i), areaID: i <= 20 ? 1 : i <= 32 ? 2 : 3, label: "T\(i)", minCovers: 1, maxCovers: 4,
                        x: (i % 5) * 5, y: (i / 5) * 3, width: 4, height: 3)
        }
        sheet.entries = []
        sheet.leases = []
        return sheet
    }

    @Test(arguments: [Size(width: 80, height: 22), Size(width: 80, height: 23), Size(width: 80, height: 24), Size(width: 80, height: 25), Size(width: 80, height: 26), Size(width: 80, height: 30), Size(width: 160, height: 48), Size(width: 100, height: 30)])
    func pageDownShowsEveryTable(_ size: Size) {
        var s = Fixture.send(Fixture.state(width: size.width, height: size.height), .dayLoaded(bigSheet())).0
        while s.focus != .timeline { s = Fixture.send(s, .key(.tab)).0 }
        var seen = Set<String>()
        func look() {
            for line in render(s, size: size).lines() {
                for word in line.split(whereSeparator: { !$0.isLetter && !$0.isNumber }) where word.hasPrefix("T") { seen.insert(String(word)) }
            }
        }
        look()
        for _ in 0..<20 {
            s = Fixture.send(s, .key(.pageDown)).0
            look()
        }
        let missing = (1...40).map { "T\($0)" }.filter { !seen.contains($0) }
        #expect(missing.isEmpty, "never shown at \(size.width)x\(size.height): \(missing)")
        // And back up, PgUp shows every table as well.
        seen.removeAll()
        look()
        for _ in 0..<20 {
            s = Fixture.send(s, .key(.pageUp)).0
            look()
        }
        #expect((1...40).map { "T\($0)" }.filter { !seen.contains($0) }.isEmpty)
    }
}
