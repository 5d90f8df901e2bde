import Foundation
import Testing
@testable import ReservaFlowUI

@Suite struct ThemeTests {
    static let themesDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("themes")

    func load(_ name: String) throws -> Theme {
        let text = try String(contentsOf: ThemeTests.themesDir.appendingPathComponent(name + ".toml"), encoding: .utf8)
        return try Theme.parse(toml: text, fallbackName: name)
    }

    @Test(arguments: ["default", "256", "light", "high-contrast", "monochrome"])
    func shippedThemesParseAndCoverTheMeaningfulRoles(_ name: String) throws {
        let t = try load(name)
        #expect(t.name == name)
        // The roles whose meaning must be visible even in monochrome: each must look different from normal.
        for role: Role in [.tableSoon, .tableSeated, .tableLate, .tableHeld, .selection, .cursor, .allergyWarning, .error, .header, .footer] {
            let s = t.style(for: role)
            #expect(s != RoleStyle() , "\(name): \(role) has no style")
        }
    }

    @Test func builtinsMatchTheirFiles() throws {
        #expect(try load("default") == Theme.builtinDefault)
        #expect(try load("monochrome") == Theme.builtinMonochrome)
    }

    @Test func monochromeHasNoColours() throws {
        let t = try load("monochrome")
        #expect(t.monochrome)
        #expect(t.styles.values.allSatisfy { $0.fg == .default && $0.bg == .default })
        #expect(Theme.builtinDefault.withoutColour.styles.values.allSatisfy { $0.fg == .default && $0.bg == .default })
    }

    @Test func roundTripsThroughTOML() throws {
        let t = try load("256")
        #expect(try Theme.parse(toml: t.toTOML(), fallbackName: "x") == t)
    }

    @Test func errorsNameTheProblem() {
        #expect(throws: ThemeError.unknownRole("tablefree")) {
            try Theme.parse(toml: "[roles]\ntablefree = { fg = \"red\" }", fallbackName: "x")
        }
        #expect(throws: ThemeError.badColour(role: "error", value: "\"crimson\"")) {
            try Theme.parse(toml: "[roles]\nerror = { fg = \"crimson\" }", fallbackName: "x")
        }
        #expect(throws: ThemeError.badAttribute(role: "error", value: "\"blink\"")) {
            try Theme.parse(toml: "[roles]\nerror = { attrs = [\"blink\"] }", fallbackName: "x")
        }
        do {
            _ = try Theme.parse(toml: "[roles\n", fallbackName: "x")
            Issue.record("accepted broken TOML")
        } catch {
            guard case .syntax = error else { Issue.record("wrong error \(error)"); return }
        }
    }

    @Test func coloursByNameAndNumberAndTheirDowngrade() {
        #expect(Color(name: "bright-red") == .ansi(9))
        #expect(Color(name: "blue") == .ansi(4))
        #expect(Color(name: "default") == .default)
        #expect(Color(name: "196") == .indexed(196))
        #expect(Color(name: "7") == .ansi(7))
        #expect(Color(name: "256") == nil)
        #expect(Color.indexed(196).downgraded == .ansi(9))  // bright red
        #expect(Color.indexed(22).downgraded == .ansi(2))  // dark green
        #expect(Color.indexed(250).downgraded == .ansi(7))
    }
}
