import Foundation
import TOMLKit

/// How one role looks.
public struct RoleStyle: Sendable, Hashable {
    public var fg: Color
    public var bg: Color
    public var attrs: Attrs
    public init(fg: Color = .default, bg: Color = .default, attrs: Attrs = []) {
        self.fg = fg
        self.bg = bg
        self.attrs = attrs
    }
}

/// A mapping from semantic roles to colours and attributes, loaded from `themes/NAME.toml`.
/// Roles a file leaves out fall back to the terminal's default colours, so a theme can be small.
public struct Theme: Sendable, Hashable {
    public var name: String
    /// True for themes that must not use colour at all (monochrome, NO_COLOR): the backend then
    /// ignores fg/bg and keeps only attributes.
    public var monochrome: Bool
    public var styles: [Role: RoleStyle]

    public init(name: String, monochrome: Bool = false, styles: [Role: RoleStyle]) {
        self.name = name
        self.monochrome = monochrome
        self.styles = styles
    }

    public func style(for role: Role) -> RoleStyle { styles[role] ?? RoleStyle() }

    /// The theme with every colour removed, for NO_COLOR or a terminal without colours.
    public var withoutColour: Theme {
        var t = self
        t.monochrome = true
        for (k, v) in styles { t.styles[k] = RoleStyle(attrs: v.attrs) }
        return t
    }
}

public enum ThemeError: Error, Equatable, CustomStringConvertible {
    case syntax(String)
    case unknownRole(String)
    case badColour(role: String, value: String)
    case badAttribute(role: String, value: String)

    public var description: String {
        switch self {
        case .syntax(let m): "Theme file is not valid TOML: \(m)"
        case .unknownRole(let r): "Theme names an unknown role \"\(r)\" (known: \(Role.allCases.map(\.rawValue).joined(separator: ", ")))."
        case .badColour(let r, let v): "Theme role \(r): \"\(v)\" is not a colour (use a name like red or bright-blue, default, or 0-255)."
        case .badAttribute(let r, let v): "Theme role \(r): \"\(v)\" is not an attribute (bold, underline, reverse, dim)."
        }
    }
}

extension Theme {
    /// Parses a theme file:
    ///
    ///     name = "default"
    ///     monochrome = false
    ///     [roles]
    ///     tableFree = { fg = "green", attrs = ["bold"] }
    ///     selection = { fg = "black", bg = "cyan" }
    public static func parse(toml text: String, fallbackName: String) throws(ThemeError) -> Theme {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch { throw .syntax("\(error)") }
        let name = table["name"]?.string ?? fallbackName
        let mono = table["monochrome"]?.bool ?? false
        var styles: [Role: RoleStyle] = [:]
        if let roles = table["roles"]?.table {
            for key in roles.keys {
                guard let role = Role(rawValue: key) else { throw .unknownRole(key) }
                guard let entry = roles[key]?.table else { throw .badColour(role: key, value: "not a table") }
                var style = RoleStyle()
                if let fg = entry["fg"] {
                    guard let c = colour(fg) else { throw .badColour(role: key, value: "\(fg)") }
                    style.fg = c
                }
                if let bg = entry["bg"] {
                    guard let c = colour(bg) else { throw .badColour(role: key, value: "\(bg)") }
                    style.bg = c
                }
                if let attrs = entry["attrs"]?.array {
                    for a in attrs {
                        guard let s = a.string, let attr = attribute(s) else {
                            throw .badAttribute(role: key, value: "\(a)")
                        }
                        style.attrs.insert(attr)
                    }
                }
                styles[role] = style
            }
        }
        let theme = Theme(name: name, monochrome: mono, styles: styles)
        return mono ? theme.withoutColour : theme
    }

    private static func colour(_ v: TOMLValueConvertible) -> Color? {
        if let s = v.string { return Color(name: s) }
        if let i = v.int, (0...255).contains(i) { return Color(number: i) }
        return nil
    }

    static func attribute(_ s: String) -> Attrs? {
        switch s.lowercased() {
        case "bold": .bold
        case "underline": .underline
        case "reverse": .reverse
        case "dim": .dim
        default: nil
        }
    }

    /// Renders the theme back to the file format (used to write the shipped files and in tests).
    public func toTOML() -> String {
        var out = "name = \"\(name)\"\nmonochrome = \(monochrome)\n\n[roles]\n"
        for role in Role.allCases {
            guard let s = styles[role] else { continue }
            var parts: [String] = []
            if s.fg != .default { parts.append("fg = \"\(s.fg)\"") }
            if s.bg != .default { parts.append("bg = \"\(s.bg)\"") }
            var attrs: [String] = []
            if s.attrs.contains(.bold) { attrs.append("\"bold\"") }
            if s.attrs.contains(.underline) { attrs.append("\"underline\"") }
            if s.attrs.contains(.reverse) { attrs.append("\"reverse\"") }
            if s.attrs.contains(.dim) { attrs.append("\"dim\"") }
            if !attrs.isEmpty { parts.append("attrs = [\(attrs.joined(separator: ", "))]") }
            out += "\(role.rawValue) = { \(parts.joined(separator: ", ")) }\n"
        }
        return out
    }
}
