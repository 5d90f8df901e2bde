import Testing
@testable import ReservationDomain
@testable import ReservaFlowUI

/// Tables are laid out on the floor pane: scaled up in whole cells when there is room, scaled down when
/// the plan is larger than the pane, and never cut off.
@Suite struct FloorGeometryTests {
    static func grid(columns: Int, rows: Int, width: Int, height: Int, gap: Int) -> [DiningTable] {
        (0..<(columns * rows)).map { i in
            DiningTable(id: Int64(i + 1), areaID: 1, label: "T\(i + 1)", minCovers: 1, maxCovers: 4,
                        x: (i % columns) * (width + gap), y: (i / columns) * (height + gap), width: width, height: height)
        }
    }

    @Test(arguments: [(80, 14), (40, 8), (112, 13)])
    func aPlanLargerThanThePaneIsScaledDownNotClipped(paneWidth: Int, paneHeight: Int) {
        // 5 x 4 tables of 8 x 3 cells with gaps: far larger than any of these panes.
        let tables = Self.grid(columns: 5, rows: 4, width: 8, height: 3, gap: 4)
        let geo = FloorGeometry(pane: Rect(x: 0, y: 0, width: paneWidth, height: paneHeight), tables: tables)
        #expect(geo.rects.count == tables.count)
        for (_, r) in geo.rects {
            #expect(!r.isEmpty)
            #expect(r.x >= geo.plan.x && r.maxX <= geo.plan.maxX)
            #expect(r.y >= geo.plan.y && r.maxY <= geo.plan.maxY)
        }
        // Tables in different rows stay in different rows, in order.
        let ys = Dictionary(grouping: geo.rects, by: { $0.1.y }).keys.sorted()
        #expect(ys.count == 4)
    }

    @Test func aSmallPlanIsScaledUpInWholeCells() {
        let tables = Self.grid(columns: 3, rows: 2, width: 2, height: 1, gap: 1)
        let geo = FloorGeometry(pane: Rect(x: 0, y: 0, width: 100, height: 30), tables: tables)
        // 8 cells per unit across (the cap), so a 2-unit table is 15 cells plus a gap column.
        let first = geo.rects[0].1, second = geo.rects[1].1
        #expect(first.width == 15)
        #expect(second.x - first.x == 24)
        #expect(first.height == 4)
    }
}
