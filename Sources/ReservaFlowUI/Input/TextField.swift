import Foundation
import ReservationDomain

/// A one-line editable text with a cursor, counted in grapheme clusters so a cursor never lands inside
/// an emoji or a letter with its accent.
public struct TextField: Sendable, Hashable {
    public private(set) var text: String
    /// Cursor position in characters, 0...text.count.
    public private(set) var cursor: Int
    public var maxLength: Int

    public init(_ text: String = "", maxLength: Int = 200) {
        self.text = text
        self.cursor = text.count
        self.maxLength = maxLength
    }

    public var isEmpty: Bool { text.isEmpty }
    public var trimmed: String { text.trimmingCharacters(in: .whitespaces) }

    /// The whole text is selected: the next character typed replaces it, Backspace or Delete clears it, and a
    /// cursor key keeps it and edits from there (select-all on focus, as on every platform's forms: typing
    /// into "21:00" gives "19:30", not "21:0019:30").
    public private(set) var selected = false

    public mutating func set(_ t: String) {
        text = t
        cursor = t.count
        selected = false
    }

    /// Sets the text, selected (see `selected`): a prefilled value the host may keep or type over.
    public mutating func prefill(_ t: String) {
        set(t)
        selected = !t.isEmpty
    }

    /// Selects what is there (when the field gets the focus); an empty field has nothing to select.
    public mutating func selectAll() {
        selected = !text.isEmpty
        cursor = text.count
    }

    /// Applies an editing key; returns false when the key is not an editing key (the caller handles it).
    @discardableResult
    public mutating func apply(_ key: Key) -> Bool {
        if selected {
            selected = false
            switch key {
            case .char(let c) where !c.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }):
                set("")
            case .backspace, .delete, .ctrl("d"):
                set("")
                return true
            default: break
            }
        }
        switch key {
        case .char(let c):
            // Control characters never enter a field: the terminal must not echo them back later.
            guard !c.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else { return true }
            guard text.count < maxLength else { return true }
            let i = text.index(text.startIndex, offsetBy: cursor)
            text.insert(c, at: i)
            cursor += 1
        case .backspace:
            guard cursor > 0 else { return true }
            let i = text.index(text.startIndex, offsetBy: cursor - 1)
            text.remove(at: i)
            cursor -= 1
        case .delete, .ctrl("d"):
            guard cursor < text.count else { return true }
            text.remove(at: text.index(text.startIndex, offsetBy: cursor))
        case .left, .ctrl("b"): cursor = max(0, cursor - 1)
        case .right, .ctrl("f"): cursor = min(text.count, cursor + 1)
        case .home, .ctrl("a"): cursor = 0
        case .end, .ctrl("e"): cursor = text.count
        case .ctrl("u"):
            text.removeFirst(cursor)
            cursor = 0
        case .ctrl("k"):
            text = String(text.prefix(cursor))
        case .ctrl("w"):
            var chars = Array(text)
            var i = cursor
            while i > 0 && chars[i - 1] == " " { i -= 1 }
            while i > 0 && chars[i - 1] != " " { i -= 1 }
            chars.removeSubrange(i..<cursor)
            text = String(chars)
            cursor = i
        default:
            return false
        }
        return true
    }

    /// Display columns before the cursor, for placing the terminal cursor.
    public var cursorColumn: Int { DisplayWidth.of(String(text.prefix(cursor))) }
}
