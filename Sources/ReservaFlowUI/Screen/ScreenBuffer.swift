import ReservationDomain

/// An in-memory screen: what `render` produces and what a terminal backend diffs and applies.
/// Pure data, so a whole screen can be compared in a test.
public struct ScreenBuffer: Sendable, Equatable {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should sit (a text field being edited), or nil to hide it.
    public var cursor: (x: Int, y: Int)? = nil

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public static func == (a: ScreenBuffer, b: ScreenBuffer) -> Bool {
        a.width == b.width && a.height == b.height && a.cells == b.cells
            && a.cursor?.x == b.cursor?.x && a.cursor?.y == b.cursor?.y
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// Blanks every cell, keeping the storage (render reuses one buffer per frame).
    public mutating func reset(width w: Int, height h: Int) {
        cursor = nil
        if w == width && h == height {
            for i in cells.indices { cells[i] = .blank }
        } else {
            width = max(0, w)
            height = max(0, h)
            cells = Array(repeating: .blank, count: width * height)
        }
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
    }

    public func row(_ y: Int) -> ArraySlice<Cell> { cells[(y * width)..<((y + 1) * width)] }

    /// Puts one grapheme of known width, repairing any wide character it overwrites half of.
    @inline(__always)
    mutating func set(_ x: Int, _ y: Int, _ text: String, _ w: Int, _ style: Style) {
        guard y >= 0, y < height, x >= 0, x + max(w, 1) <= width else { return }
        let i = y * width + x
        if cells[i].width == 0 && x > 0 { cells[i - 1] = Cell(text: " ", width: 1, style: cells[i - 1].style) }
        if cells[i].width == 2 && x + 1 < width && w < 2 {
            cells[i + 1] = Cell(text: " ", width: 1, style: cells[i + 1].style)
        }
        cells[i] = Cell(text: text, width: UInt8(w), style: style)
        if w == 2 {
            if cells[i + 1].width == 2 && x + 2 < width {
                cells[i + 2] = Cell(text: " ", width: 1, style: cells[i + 2].style)
            }
            cells[i + 1] = Cell(text: "", width: 0, style: style)
        }
    }

    /// Writes text from (x, y), clipped to `maxWidth` cells and the screen edge. Control characters are
    /// drawn as "?" even though the core cleans text on entry: a terminal must never receive them raw.
    /// Returns the number of cells used.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: Style = .normal, maxWidth: Int = .max) -> Int {
        guard y >= 0, y < height else { return 0 }
        let limit = min(width, maxWidth == .max ? width : x + max(0, maxWidth))
        var cx = x
        for ch in text {
            if cx >= limit { break }
            var g = ch
            var w = DisplayWidth.of(ch)
            if ScreenBuffer.isControl(ch) {
                g = "?"
                w = 1
            } else if w == 0 {
                continue
            }
            if cx + w > limit { break }
            if cx >= 0 { set(cx, y, String(g), w, style) }
            cx += w
        }
        return cx - x
    }

    /// Writes a single-cell ASCII glyph (box lines, markers) without going through grapheme iteration.
    public mutating func put(_ glyph: String, x: Int, y: Int, style: Style) {
        set(x, y, glyph, DisplayWidth.of(glyph) == 2 ? 2 : 1, style)
    }

    static func isControl(_ ch: Character) -> Bool {
        for s in ch.unicodeScalars {
            let v = s.value
            if v < 0x20 || (0x7F...0x9F).contains(v) { return true }
        }
        return false
    }

    /// Paints `rect` with spaces in `style`.
    public mutating func fill(_ rect: Rect, style: Style, glyph: String = " ") {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { set(x, y, glyph, 1, style) }
        }
    }

    /// Changes the style of the cells in `rect`, keeping their text (selection highlight, cursor).
    public mutating func restyle(_ rect: Rect, style: Style) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { cells[y * width + x].style = style }
        }
    }

    public mutating func hline(x: Int, y: Int, width w: Int, glyph: String, style: Style) {
        for cx in max(0, x)..<max(max(0, x), min(width, x + w)) { set(cx, y, glyph, 1, style) }
    }

    public mutating func vline(x: Int, y: Int, height h: Int, glyph: String, style: Style) {
        for cy in max(0, y)..<max(max(0, y), min(height, y + h)) { set(x, cy, glyph, 1, style) }
    }

    /// Draws a border around `rect` with an optional title in the top edge.
    public mutating func box(_ rect: Rect, glyphs: Glyphs, style: Style, title: String? = nil, titleStyle: Style? = nil) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let x0 = rect.x, y0 = rect.y, x1 = rect.maxX - 1, y1 = rect.maxY - 1
        hline(x: x0 + 1, y: y0, width: rect.width - 2, glyph: glyphs.horizontal, style: style)
        hline(x: x0 + 1, y: y1, width: rect.width - 2, glyph: glyphs.horizontal, style: style)
        vline(x: x0, y: y0 + 1, height: rect.height - 2, glyph: glyphs.vertical, style: style)
        vline(x: x1, y: y0 + 1, height: rect.height - 2, glyph: glyphs.vertical, style: style)
        put(glyphs.topLeft, x: x0, y: y0, style: style)
        put(glyphs.topRight, x: x1, y: y0, style: style)
        put(glyphs.bottomLeft, x: x0, y: y1, style: style)
        put(glyphs.bottomRight, x: x1, y: y1, style: style)
        if let title, rect.width > 4 {
            write(" " + title + " ", x: x0 + 1, y: y0, style: titleStyle ?? style, maxWidth: rect.width - 2)
        }
    }

    /// The screen as text, one string per row, for snapshot tests and debugging.
    public func lines() -> [String] {
        (0..<height).map { y in
            var s = ""
            for c in row(y) where !c.isContinuation { s += c.text }
            return s
        }
    }
}

extension ScreenBuffer {
    /// Single-cell ASCII stand-ins for the symbols the UI's own text uses (×, …, ·, arrows, ticks).
    static let asciiStandIns: [String: String] = [
        "×": "x", "…": ".", "·": "-", "•": "*", "★": "*", "↑": "^", "↓": "v", "←": "<", "→": ">",
        "✓": "+", "✗": "X", "‹": "<", "›": ">", "≤": "<", "▶": ">", "▼": "v", "┆": ":",
    ]

    /// For `--ascii`: replaces those symbols wherever they appear. Done on the finished frame so the
    /// views keep one set of strings; guest text that used them would not show on such a terminal either.
    public mutating func replaceSymbolsWithASCII() {
        for i in cells.indices where !cells[i].text.isEmpty && !(cells[i].text.utf8.first.map { $0 < 0x80 } ?? true) {
            if let r = ScreenBuffer.asciiStandIns[cells[i].text] { cells[i].text = r }
        }
    }
}
