import CNcurses
import Foundation
import ReservaFlowUI

/// Applies screen buffers to curses, writing only the cells that changed since the previous frame
/// (`ScreenDiff`), and turns theme roles into colour pairs, allocated on first use so any theme works
/// within the terminal's pair limit.
struct Painter {
    private var previous: ScreenBuffer?
    private var previousTheme: Theme?
    private var pairs: [PairKey: Int16] = [:]
    private var styleCache: [Style: (attr_t, Int16)] = [:]
    let colours: Int
    /// Only ASCII reaches the terminal (its characters are not UTF-8): see `Terminal.unicode`.
    let asciiOnly: Bool
    private var asciiCache: [String: String] = [:]
    private var text: [wchar_t] = []

    struct PairKey: Hashable {
        var fg: Int
        var bg: Int
    }

    init(colours: Int, asciiOnly: Bool = false) {
        self.colours = colours
        self.asciiOnly = asciiOnly
    }

    mutating func invalidate() { previous = nil }

    mutating func paint(_ b: ScreenBuffer, theme: Theme) {
        if previousTheme != theme {
            styleCache.removeAll(keepingCapacity: true)
            previousTheme = theme
            previous = nil
        }
        // In ASCII a wide character becomes one "?" per cell it covers, so the row keeps its columns.
        let diff = ScreenDiff.between(previous, b, continuations: asciiOnly)
        if diff.clear { erase() }
        for change in diff.changes { put(change.cell, x: change.x, y: change.y) }
        previous = b
    }

    private mutating func put(_ c: Cell, x: Int, y: Int) {
        let (attrs, pair) = resolve(c.style)
        text.removeAll(keepingCapacity: true)
        let shown = asciiOnly ? ascii(c.isContinuation ? "?" : c.text) : c.text
        for s in shown.unicodeScalars {
            // Never hand a control character to the terminal, whatever reached the buffer.
            let v = s.value
            text.append(wchar_t(bitPattern: (v < 0x20 || (0x7F...0x9F).contains(v)) ? 0x3F : v))
        }
        if text.isEmpty { text.append(0x20) }
        text.append(0)
        _ = rf_put_cell(Int32(y), Int32(x), text, attrs, pair)
    }

    /// A grapheme as one ASCII character: itself, its letter without the accent ("Á" is "A", "ñ" is "n"),
    /// or "?" for what has no ASCII form. Never dropped, so the columns after it stay where the UI put them.
    private mutating func ascii(_ grapheme: String) -> String {
        if grapheme.utf8.allSatisfy({ $0 < 0x80 }) { return grapheme }
        if let known = asciiCache[grapheme] { return known }
        let base = grapheme.decomposedStringWithCanonicalMapping.unicodeScalars.filter { $0.value >= 0x20 && $0.value < 0x7F }
        let r = base.count == 1 ? String(String.UnicodeScalarView(base)) : "?"
        asciiCache[grapheme] = r
        return r
    }

    private mutating func resolve(_ style: Style) -> (attr_t, Int16) {
        if let r = styleCache[style] { return r }
        let rs = previousTheme?.style(for: style.role) ?? RoleStyle()
        var flags = Int32(rs.attrs.union(style.attrs).rawValue)
        var pair: Int16 = 0
        if colours > 0, !(previousTheme?.monochrome ?? false) {
            let (fg, brightFG) = fit(rs.fg)
            let (bg, _) = fit(rs.bg)
            if brightFG { flags |= Int32(Attrs.bold.rawValue) }  // 8-colour terminals show bright as bold
            pair = pairNumber(fg: fg, bg: bg)
        }
        let r = (rf_attrs(flags), pair)
        styleCache[style] = r
        return r
    }

    /// The colour number this terminal can show for a theme colour, and whether brightness was lost.
    private func fit(_ c: Color) -> (Int, Bool) {
        if colours >= 256 { return (c.number, false) }
        let n = c.downgraded.number
        if colours >= 16 || n < 8 { return (n, false) }
        return (n - 8, true)
    }

    private mutating func pairNumber(fg: Int, bg: Int) -> Int16 {
        if fg == -1 && bg == -1 { return 0 }
        let key = PairKey(fg: fg, bg: bg)
        if let p = pairs[key] { return p }
        let n = Int16(pairs.count + 1)
        guard Int32(n) < rf_color_pairs() else { return 0 }
        init_pair(n, Int16(fg), Int16(bg))
        pairs[key] = n
        return n
    }
}
