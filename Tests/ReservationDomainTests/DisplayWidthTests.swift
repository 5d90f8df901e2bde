import Testing
@testable import ReservationDomain

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
