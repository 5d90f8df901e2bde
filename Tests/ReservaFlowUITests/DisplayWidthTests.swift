import Testing
@testable import ReservaFlowUI

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("abc", 3), ("García", 6), ("王小明", 6), ("Zoë 🎉", 6), ("e\u{301}", 1), ("한국", 4),
        ("🇪🇸", 2), ("👩‍👩‍👧", 2), ("❤️", 2), ("👍🏽", 2), ("ｶ", 1), ("Ａ", 2), ("a\u{200B}b", 2), ("", 0),
    ])
    func widths(_ text: String, _ width: Int) {
        #expect(DisplayWidth.of(text) == width, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test func controlsAndCombiningMarksAreZero() {
        #expect(DisplayWidth.of(Unicode.Scalar(0x1B)!) == 0)
        #expect(DisplayWidth.of(Unicode.Scalar(0x85)!) == 0)
        #expect(DisplayWidth.of(Unicode.Scalar(0x301)!) == 0)
        #expect(DisplayWidth.of(Unicode.Scalar(0x4E00)!) == 2)
    }

    @Test func clippingNeverSplitsAWideCharacter() {
        #expect("王小明".clipped(toWidth: 3) == "王")
        #expect("王小明".truncated(toWidth: 5) == "王小…")
        #expect("abc".padded(toWidth: 5) == "abc  ")
        #expect("王小明".padded(toWidth: 5) == "王小 ")
        #expect("García".truncated(toWidth: 10) == "García")
    }
}

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
