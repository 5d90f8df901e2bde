import ReservationDomain
import Testing
@testable import ReservaFlowUI

/// Compares a whole screen with the expected rows and, on a mismatch, reports only the rows that differ,
/// each as expected/actual with a caret under the first differing column, so a failure reads like a diff.
func expectScreen(_ buffer: ScreenBuffer, _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    let actual = buffer.lines()
    let report = screenDiff(expected: expected, actual: actual)
    if let report { Issue.record(Comment(rawValue: report), sourceLocation: sourceLocation) }
}

func screenDiff(expected: [String], actual: [String]) -> String? {
    var out: [String] = []
    if expected.count != actual.count { out.append("row count: expected \(expected.count), got \(actual.count)") }
    for i in 0..<max(expected.count, actual.count) {
        let e = i < expected.count ? expected[i] : "<missing>"
        let a = i < actual.count ? actual[i] : "<missing>"
        guard e != a else { continue }
        // Caret at the first differing character, measured in display columns.
        let ec = Array(e), ac = Array(a)
        var k = 0
        while k < ec.count && k < ac.count && ec[k] == ac[k] { k += 1 }
        let col = DisplayWidth.of(String(ec.prefix(k)))
        out.append(String(format: "row %2d expected |%@|", i, e))
        out.append(String(format: "       actual   |%@|", a))
        out.append("                 " + String(repeating: " ", count: col) + "^ column \(col)")
    }
    if out.isEmpty { return nil }
    return "Screen differs:\n" + out.joined(separator: "\n") + "\n\nActual screen:\n" + actual.map { "\"\($0)\"," }.joined(separator: "\n")
}

@Suite struct SnapshotHelperTests {
    @Test func diffPointsAtTheDifferingRowAndColumn() throws {
        let report = try #require(screenDiff(expected: ["abc", "def"], actual: ["abc", "dxf"]))
        #expect(report.contains("row  1 expected |def|"))
        #expect(report.contains("actual   |dxf|"))
        #expect(report.contains("^ column 1"))
        #expect(!report.contains("row  0"))
        #expect(screenDiff(expected: ["same"], actual: ["same"]) == nil)
        #expect(screenDiff(expected: ["a"], actual: ["a", "b"])?.contains("row count") == true)
    }
}
