/// Terminal display width of text, like wcwidth(3) but for graphemes: East Asian wide and fullwidth
/// characters and emoji take two cells, combining marks and format characters take none.
/// Layout must use this, never `String.count`, or a Chinese name would push a table's border off the grid.
public enum DisplayWidth {
    /// Width of one Unicode scalar on its own.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x7F { return v < 0x20 ? 0 : 1 }  // the common case, no table lookups
        if v < 0xA0 { return 0 }  // DEL and C1
        if v == 0x00AD { return 1 }  // soft hyphen is shown by most terminals
        if (0x200B...0x200F).contains(v) || (0x2028...0x202E).contains(v) || (0x2060...0x206F).contains(v)
            || (0xFE00...0xFE0F).contains(v) || v == 0xFEFF || (0xE0000...0xE0FFF).contains(v) {
            return 0  // zero-width spaces, joiners, bidi controls, variation selectors, tags
        }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(v) { return 0 }  // Hangul medial vowels and final consonants join the syllable
        if isWide(v) { return 2 }
        return 1
    }

    /// Width of one grapheme cluster as a terminal draws it.
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        var it = scalars.makeIterator()
        guard let first = it.next() else { return 0 }
        guard let second = it.next() else { return of(first) }
        // Emoji sequences (flags, ZWJ families, keycaps, VS16 presentation) render as one wide glyph.
        if second.value == 0xFE0F || second.value == 0x200D || isRegionalIndicator(first.value)
            || (0x1F3FB...0x1F3FF).contains(second.value) {
            return 2
        }
        var width = of(first)
        if width == 0 {
            // A lone mark or joiner that grouped with what follows: take the widest part.
            for s in scalars { width = max(width, of(s)) }
        }
        return width
    }

    public static func of(_ text: String) -> Int {
        var total = 0
        for ch in text { total += of(ch) }
        return total
    }

    /// Same as `of(_:)` over a substring.
    public static func of(_ text: Substring) -> Int {
        var total = 0
        for ch in text { total += of(ch) }
        return total
    }

    static func isRegionalIndicator(_ v: UInt32) -> Bool { (0x1F1E6...0x1F1FF).contains(v) }

    /// East Asian Wide (W) and Fullwidth (F) blocks, plus emoji with default emoji presentation.
    static func isWide(_ v: UInt32) -> Bool {
        if v < 0x1100 { return false }
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
             0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB,
             0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA, 0x26FD,
             0x2705, 0x270A...0x270B, 0x2728, 0x274C, 0x274E, 0x2753...0x2755, 0x2757, 0x2795...0x2797,
             0x27B0, 0x27BF, 0x2B1B...0x2B1C, 0x2B50, 0x2B55,
             0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,
             0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F251, 0x1F260...0x1F265,
             0x1F300...0x1F320, 0x1F32D...0x1F335, 0x1F337...0x1F37C, 0x1F37E...0x1F393, 0x1F3A0...0x1F3CA,
             0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0, 0x1F3F4, 0x1F3F8...0x1F43E, 0x1F440, 0x1F442...0x1F4FC,
             0x1F4FF...0x1F53D, 0x1F54B...0x1F54E, 0x1F550...0x1F567, 0x1F57A, 0x1F595...0x1F596, 0x1F5A4,
             0x1F5FB...0x1F64F, 0x1F680...0x1F6C5, 0x1F6CC, 0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6D7,
             0x1F6DC...0x1F6DF, 0x1F6EB...0x1F6EC, 0x1F6F4...0x1F6FC, 0x1F7E0...0x1F7EB, 0x1F7F0,
             0x1F90C...0x1F93A, 0x1F93C...0x1F945, 0x1F947...0x1F9FF, 0x1FA70...0x1FAFF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}

extension String {
    /// Display width in terminal cells.
    public var displayWidth: Int { DisplayWidth.of(self) }

    /// The longest prefix that fits in `width` cells (a wide character that would straddle the edge is dropped).
    public func clipped(toWidth width: Int) -> String {
        var used = 0
        var end = startIndex
        for i in indices {
            let w = DisplayWidth.of(self[i])
            if used + w > width { break }
            used += w
            end = index(after: i)
        }
        return String(self[..<end])
    }

    /// Clipped with an ellipsis when it does not fit.
    public func truncated(toWidth width: Int, ellipsis: String = "…") -> String {
        if displayWidth <= width { return self }
        guard width > 0 else { return "" }
        let e = ellipsis.displayWidth
        if width <= e { return clipped(toWidth: width) }
        return clipped(toWidth: width - e) + ellipsis
    }

    /// Pads with spaces on the right to exactly `width` cells (clipping if longer).
    public func padded(toWidth width: Int) -> String {
        let c = clipped(toWidth: width)
        let w = c.displayWidth
        return w >= width ? c : c + String(repeating: " ", count: width - w)
    }
}
