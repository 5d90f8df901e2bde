/// What a terminal must write to turn the frame it shows into the next one: the painter applies it, and
/// it is a pure function of the two buffers so it is tested without a terminal (ratatui's `Buffer::diff`).
public struct ScreenDiff: Sendable, Equatable {
    /// One cell to write, at its column and row.
    public struct Change: Sendable, Equatable {
        public var x: Int
        public var y: Int
        public var cell: Cell
        public init(x: Int, y: Int, cell: Cell) {
            self.x = x
            self.y = y
            self.cell = cell
        }
    }

    /// The screen must be erased first: there was no frame before, or it had another size.
    public var clear: Bool
    /// Row by row, left to right.
    public var changes: [Change]

    public init(clear: Bool, changes: [Change]) {
        self.clear = clear
        self.changes = changes
    }

    public var isEmpty: Bool { !clear && changes.isEmpty }

    /// The cells of `next` that differ from `previous` (all of them when there is none to compare with, or
    /// its size differs).
    ///
    /// - Parameter continuations: whether the right half of a wide character is a cell of its own. A terminal
    ///   that shows wide characters draws both halves from the left cell, so the right half is left out: a
    ///   new character there changes its left cell too, and a change to the right half alone has nothing to
    ///   show. A terminal without UTF-8 writes one "?" per cell instead, so there it is a cell like any other.
    public static func between(_ previous: ScreenBuffer?, _ next: ScreenBuffer, continuations: Bool = false) -> ScreenDiff {
        let full = previous.map { $0.width != next.width || $0.height != next.height } ?? true
        var changes: [Change] = []
        for y in 0..<next.height {
            for x in 0..<next.width {
                let c = next[x, y]
                if c.isContinuation && !continuations { continue }
                if !full, let p = previous, p[x, y] == c { continue }
                changes.append(Change(x: x, y: y, cell: c))
            }
        }
        return ScreenDiff(clear: full, changes: changes)
    }
}
