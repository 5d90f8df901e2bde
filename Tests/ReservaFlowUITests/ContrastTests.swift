import Foundation
import Testing
@testable import ReservaFlowUI

/// Issue 20, item 12: the selected timeline block was dark grey on cyan in xterm (black made bold is drawn
/// as bright black there), the hardest block to read. Every shipped theme's timeline blocks, as the renderer
/// styles them, must read at WCAG's 4.5:1 on xterm's colours.
@Suite struct ContrastTests {
    /// xterm's default 16 colours.
    static let ansi: [(Double, Double, Double)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    static func rgb(_ c: Color) -> (Double, Double, Double)? {
        switch c {
        case .default: return nil
        case .ansi(let i): return ansi[Int(i)]
        case .indexed(let i) where i >= 232:
            let v = Double(8 + 10 * (Int(i) - 232))
            return (v, v, v)
        case .indexed(let i):
            let levels: [Double] = [0, 95, 135, 175, 215, 255]
            let c = Int(i) - 16
            return (levels[c / 36], levels[(c / 6) % 6], levels[c % 6])
        }
    }

    static func luminance(_ c: (Double, Double, Double)) -> Double {
        func lin(_ v: Double) -> Double { let s = v / 255; return s <= 0.03928 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4) }
        return 0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
    }

    /// Contrast of a cell as xterm draws it: reverse swaps, bold turns colours 0-7 into 8-15.
    static func contrast(_ theme: Theme, _ style: Style) -> Double? {
        let s = theme.style(for: style.role)
        let attrs = s.attrs.union(style.attrs)
        let bg = attrs.contains(.reverse) ? s.fg : s.bg
        var fg = attrs.contains(.reverse) ? s.bg : s.fg
        if attrs.contains(.bold), case .ansi(let i) = fg, i < 8 { fg = .ansi(i + 8) }
        guard let f = rgb(fg), let b = rgb(bg) else { return nil }
        let (l1, l2) = (luminance(f), luminance(b))
        return (max(l1, l2) + 0.05) / (min(l1, l2) + 0.05)
    }

    /// The style the renderer gives the selected timeline block, read off a drawn screen (its ▶ cell).
    static func selectedBlockStyle() throws -> Style {
        var s = Fixture.press(Fixture.state(width: 160, height: 48), .tab).0
        s.selectedReservation = Fixture.entries[2].id  // 王小明 at T3, 21:30
        let screen = render(s, size: s.size)
        for y in 0..<48 { for x in 0..<160 where screen[x, y].text == "▶" && screen[x, y].style.role == .selection { return screen[x, y].style } }
        throw CancellationError()
    }

    @Test(arguments: ["default", "256", "light", "high-contrast"])
    func timelineBlocksRead(_ name: String) throws {
        let text = try String(contentsOf: ThemeTests.themesDir.appendingPathComponent(name + ".toml"), encoding: .utf8)
        let theme = try Theme.parse(toml: text, fallbackName: name)
        let styles = [try Self.selectedBlockStyle()] + [Role.blockPending, .blockConfirmed, .blockSeated, .blockLate].map { Style($0) }
        for style in styles {
            let ratio = try #require(Self.contrast(theme, style), "\(name): \(style.role) has no colours")
            #expect(ratio >= 4.5, "\(name): \(style.role) \(style.attrs) reads at \(String(format: "%.1f", ratio)):1")
        }
    }
}
