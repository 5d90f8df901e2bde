/// One terminal cell. A wide grapheme occupies its cell plus a continuation cell (empty text, width 0)
/// to its right, so columns always line up with what the terminal shows.
public struct Cell: Sendable, Hashable {
    /// One grapheme, "" for the right half of a wide one.
    public var text: String
    public var width: UInt8
    public var style: Style

    public init(text: String, width: UInt8, style: Style) {
        self.text = text
        self.width = width
        self.style = style
    }

    public static let blank = Cell(text: " ", width: 1, style: .normal)
    public var isContinuation: Bool { width == 0 }
}
