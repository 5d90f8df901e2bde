import ReservationDomain
import Testing
@testable import ReservaFlowUI

@Suite struct ScreenBufferTests {
    @Test func wideCharactersTakeTwoCellsAndLinesStayAligned() {
        var b = ScreenBuffer(width: 8, height: 1)
        let used = b.write("王x", x: 1, y: 0)
        #expect(used == 3)
        #expect(b[1, 0].text == "王" && b[1, 0].width == 2)
        #expect(b[2, 0].isContinuation)
        #expect(b.lines() == [" 王x    "])
    }

    @Test func controlCharactersAreDrawnAsQuestionMarks() {
        var b = ScreenBuffer(width: 10, height: 1)
        b.write("a\u{1B}[2Jb\u{9B}c", x: 0, y: 0)
        #expect(b.lines() == ["a?[2Jb?c  "])
        #expect(!b.cells.contains { $0.text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) } })
    }

    @Test func aWideCharacterThatWouldCrossTheEdgeIsNotDrawn() {
        var b = ScreenBuffer(width: 4, height: 1)
        #expect(b.write("ab王", x: 1, y: 0) == 2)
        #expect(b.lines() == [" ab "])
        var c = ScreenBuffer(width: 10, height: 1)
        #expect(c.write("王小明", x: 0, y: 0, maxWidth: 5) == 4)
        #expect(c.lines() == ["王小      "])
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var b = ScreenBuffer(width: 6, height: 1)
        b.write("王小", x: 0, y: 0)
        b.write("x", x: 1, y: 0)  // lands on the right half of 王
        #expect(b.lines() == [" x小  "])
        b.write("y", x: 2, y: 0)  // left half of 小
        #expect(b.lines() == [" xy   "])
    }

    @Test func boxesInUnicodeAndASCII() {
        var b = ScreenBuffer(width: 8, height: 3)
        b.box(b.bounds, glyphs: .unicode, style: .normal, title: "T")
        #expect(b.lines() == ["┌ T ───┐", "│      │", "└──────┘"])
        var a = ScreenBuffer(width: 5, height: 3)
        a.box(a.bounds, glyphs: .ascii, style: .normal)
        #expect(a.lines() == ["+---+", "|   |", "+---+"])
    }

    @Test func resetKeepsSizeAndBlanksCells() {
        var b = ScreenBuffer(width: 3, height: 2)
        b.write("abc", x: 0, y: 1, style: Style(.error))
        b.cursor = (1, 1)
        b.reset(width: 3, height: 2)
        #expect(b == ScreenBuffer(width: 3, height: 2))
        b.reset(width: 4, height: 1)
        #expect(b.lines() == ["    "])
    }
}
