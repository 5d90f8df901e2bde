import Testing
@testable import ReservaFlowUI

/// The painter's diff (issue 23, item 9): which cells a terminal must write to go from one frame to the next.
@Suite struct ScreenDiffTests {
    static func screen(_ lines: [String], width: Int = 6, style: Style = .normal) -> ScreenBuffer {
        var b = ScreenBuffer(width: width, height: lines.count)
        for (y, l) in lines.enumerated() { b.write(l, x: 0, y: y, style: style) }
        return b
    }

    static func at(_ d: ScreenDiff) -> [String] { d.changes.map { "\($0.x),\($0.y) \($0.cell.text)" } }

    @Test func identicalFramesWriteNothing() {
        let a = Self.screen(["Floor", "T1 4"])
        let d = ScreenDiff.between(a, a)
        #expect(d.isEmpty)
        #expect(d == ScreenDiff(clear: false, changes: []))
    }

    @Test func oneChangedCellIsTheOnlyOneWritten() {
        let d = ScreenDiff.between(Self.screen(["Floor", "T1 4"]), Self.screen(["Floor", "T1 6"]))
        #expect(!d.clear)
        #expect(Self.at(d) == ["3,1 6"])
    }

    @Test func theFirstFrameIsWrittenWholeOnAClearedScreen() {
        let d = ScreenDiff.between(nil, Self.screen(["ab"], width: 2))
        #expect(d.clear)
        #expect(Self.at(d) == ["0,0 a", "1,0 b"])
    }

    @Test func aResizeClearsAndWritesEveryCell() {
        let before = Self.screen(["abc"], width: 3)
        let d = ScreenDiff.between(before, Self.screen(["abc", "de"], width: 3))
        #expect(d.clear)
        #expect(Self.at(d) == ["0,0 a", "1,0 b", "2,0 c", "0,1 d", "1,1 e", "2,1  "])
        // Narrower with the same text too: the old columns past the edge must go.
        #expect(ScreenDiff.between(before, Self.screen(["ab"], width: 2)).clear)
    }

    @Test func aStyleChangeAloneIsWritten() {
        let plain = Self.screen(["T1"], width: 2)
        var lit = plain
        lit.restyle(Rect(x: 1, y: 0, width: 1, height: 1), style: Style(.selection, .bold))
        let d = ScreenDiff.between(plain, lit)
        #expect(d.changes == [ScreenDiff.Change(x: 1, y: 0, cell: Cell(text: "1", width: 1, style: Style(.selection, .bold)))])
    }

    @Test func aWideCharacterIsOneWriteOfItsLeftCell() {
        let d = ScreenDiff.between(Self.screen(["abc de"]), Self.screen(["a李 de"]))
        // "李" covers columns 1 and 2: written once at 1; the "c" it replaced at 2 is its right half.
        #expect(Self.at(d) == ["1,0 李"])
        let emoji = ScreenDiff.between(Self.screen(["abk"]), Self.screen(["🍷k"]))
        #expect(Self.at(emoji) == ["0,0 🍷"])
    }

    @Test func aWideCharacterGoneLeavesBothColumnsToWrite() {
        let d = ScreenDiff.between(Self.screen(["a李 de"]), Self.screen(["axy de"]))
        #expect(Self.at(d) == ["1,0 x", "2,0 y"])
    }

    @Test func anASCIITerminalWritesBothHalvesOfAWideCharacter() {
        let d = ScreenDiff.between(Self.screen(["abc de"]), Self.screen(["a李 de"]), continuations: true)
        #expect(d.changes.map(\.x) == [1, 2])
        #expect(d.changes[1].cell.isContinuation)
    }
}
