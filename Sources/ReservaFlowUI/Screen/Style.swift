/// What a cell means, not how it looks. Themes map roles to colours and attributes, so the renderer never
/// picks a colour and monochrome terminals still get the meaning from glyphs and attributes.
public enum Role: String, CaseIterable, Sendable, Hashable {
    case normal, muted, border, borderFocused, title
    case header, headerAlert, headerOK
    case footer, footerKey
    case tabActive, tabInactive
    case tableFree, tableSoon, tableSeated, tableLate, tableHeld, tableOut
    case blockPending, blockConfirmed, blockSeated, blockLate, blockDone
    case nowLine, gap
    case selection, cursor
    case allergyWarning, vip
    case error, success, warning
    case input, inputFocused, label, key
}

/// Attributes a renderer may add on top of a role's theme (emphasis that is part of the meaning).
public struct Attrs: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = Attrs(rawValue: 1)
    public static let underline = Attrs(rawValue: 2)
    public static let reverse = Attrs(rawValue: 4)
    public static let dim = Attrs(rawValue: 8)
}

public struct Style: Sendable, Hashable {
    public var role: Role
    public var attrs: Attrs
    public init(_ role: Role, _ attrs: Attrs = []) {
        self.role = role
        self.attrs = attrs
    }
    public static let normal = Style(.normal)
}

public struct Rect: Sendable, Hashable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width <= 0 || height <= 0 }
    public func contains(x px: Int, y py: Int) -> Bool { px >= x && px < maxX && py >= y && py < maxY }
    /// The area inside a one-cell border.
    public var inner: Rect { Rect(x: x + 1, y: y + 1, width: width - 2, height: height - 2) }
    public func inset(dx: Int, dy: Int) -> Rect { Rect(x: x + dx, y: y + dy, width: width - 2 * dx, height: height - 2 * dy) }
    public func intersection(_ o: Rect) -> Rect {
        let x0 = max(x, o.x), y0 = max(y, o.y)
        return Rect(x: x0, y: y0, width: min(maxX, o.maxX) - x0, height: min(maxY, o.maxY) - y0)
    }
    /// A rectangle of this size centred inside `self`.
    public func centered(width w: Int, height h: Int) -> Rect {
        let ww = min(w, width), hh = min(h, height)
        return Rect(x: x + (width - ww) / 2, y: y + (height - hh) / 2, width: ww, height: hh)
    }
    public var description: String { "(\(x),\(y) \(width)x\(height))" }
}

public struct Size: Sendable, Hashable {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}
