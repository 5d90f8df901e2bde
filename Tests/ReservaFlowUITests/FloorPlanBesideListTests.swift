import Foundation
import Testing
import ReservationDomain
@testable import ReservaFlowUI

/// Issue 21: `:floor` at 160x48 draws the venue's plan beside the list (the floor pane's drawing), in the
/// selected row's area with its table, or a combination's tables, highlighted, so HJKL and <> show the table
/// moving as it moves; at 80x22 the list is alone and whole.
@Suite struct FloorPlanBesideListTests {
    typealias Screen = FloorCombinationScreenTests

    /// Where the plan's box starts at 160x48: right of the list, which keeps three fifths of the body.
    static let planX: Int = {
        let body = Layout(size: Size(width: 160, height: 48), focus: .floor).body, inner = body.inset(dx: 2, dy: 1)
        return inner.x + (FloorAdminPlan.listWidth(.floor, body: body, inner: inner) ?? 0) + 1
    }()

    static func planColumns(_ b: ScreenBuffer) -> Range<Int> { planX..<b.width }

    static func text(_ b: ScreenBuffer, _ columns: Range<Int>, row y: Int) -> String {
        columns.map { b[$0, y].text }.joined()
    }

    @Test("at 160x48 the plan of the selected table's area is beside the list, the table highlighted; a move shows at once")
    func planBeside() throws {
        let b = render(Screen.opened(), size: Size(width: 160, height: 48))
        let lines = b.lines()
        let titleRow = try #require(lines.firstIndex { $0.contains(":floor") })
        let planTitle = try #require((0..<b.height).first { Self.text(b, Self.planColumns(b), row: $0).contains("Plan") })
        #expect(planTitle == titleRow + 1, "the plan's box starts under the screen's title")
        // The list keeps its left half whole: no tile drawn over a row.
        let t1Row = try #require(lines.firstIndex { $0.contains("T1") && $0.contains("in service") })
        #expect(Self.text(b, 0..<Self.planX, row: t1Row).contains("at 0,0 2×1") && Self.text(b, 0..<Self.planX, row: t1Row).contains("in service"))
        // Sala's tiles, the selected one (T1) in the cursor role; Terraza's P1 not drawn.
        let plan = (0..<b.height).map { Self.text(b, Self.planColumns(b), row: $0) }
        #expect(plan.contains { $0.contains("T1(2)") } && plan.contains { $0.contains("T2(4)") } && !plan.contains { $0.contains("P1(") }, "\(plan)")
        #expect(plan.contains { $0.contains("1 Sala") && $0.contains("2 Terraza") })
        let (x1, y1) = try #require(Self.find("T1(2)", in: b))
        #expect(b[x1, y1].style.role == .cursor)
        let (x2, y2) = try #require(Self.find("T2(4)", in: b))
        #expect(b[x2, y2].style.role != .cursor)

        // L sends the move; once the core has it the list is read again, and the tile stands further right.
        #expect(Fixture.keys(Screen.opened(), "L").1 == [.changeVenue(1, [.table(.move(label: "T1", dx: 1, dy: 0))], strandingBookings: false)])
        var moved = Screen.tables
        moved[0].x += 2
        let after = Fixture.send(Screen.opened(), .adminLoaded(.floor, .floor(moved, areas: FloorScreenTests.areas, closures: [], combinations: Screen.combos))).0
        let (x1b, y1b) = try #require(Self.find("T1(2)", in: render(after, size: Size(width: 160, height: 48))))
        #expect(x1b > x1 && y1b == y1, "\(x1) → \(x1b)")

        // A combination selected: both its tables highlighted. Terraza's P1 selected: its area's plan.
        let combo = render(Screen.on("c:T1+T2"), size: Size(width: 160, height: 48))
        for label in ["T1(2)", "T2(4)"] {
            let (x, y) = try #require(Self.find(label, in: combo))
            #expect(combo[x, y].style.role == .cursor, "\(label)")
        }
        // Moved onto T2, the selected T1 is drawn over it, whole.
        var onto = Screen.tables
        onto[0].x = 6
        let over = render(Fixture.send(Screen.opened(), .adminLoaded(.floor, .floor(onto, areas: FloorScreenTests.areas, closures: [], combinations: Screen.combos))).0,
                          size: Size(width: 160, height: 48))
        #expect(Self.find("T1(2)", in: over) != nil, "\((0..<over.height).map { Self.text(over, Self.planColumns(over), row: $0) })")
        let terrace = render(Screen.on("t:P1"), size: Size(width: 160, height: 48))
        #expect(Self.find("P1(4)", in: terrace) != nil && Self.find("T1(2)", in: terrace) == nil)
    }

    @Test("at 80x22 the list is alone, whole, nothing drawn over it")
    func smallTerminal() {
        let b = render(Screen.opened(80, 22), size: Size(width: 80, height: 22))
        let text = b.lines().joined(separator: "\n")
        #expect(!text.contains("Plan") && !text.contains("T1(2)"), "\(text)")
        #expect(text.contains("out of service") && text.contains("T1+T2"), "\(text)")
    }

    /// Where `label` starts on screen (a tile's top edge), if drawn.
    static func find(_ label: String, in b: ScreenBuffer) -> (Int, Int)? {
        for y in 0..<b.height {
            let row = (0..<b.width).map { b[$0, y].text }
            for x in 0..<b.width where x >= planX && row[x...].joined().hasPrefix(label) { return (x, y) }
        }
        return nil
    }
}
