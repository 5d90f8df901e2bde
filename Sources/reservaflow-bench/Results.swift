import Foundation

/// One figure: `.bench/results.json` holds an array of these (docs/benchmarks.md explains each scenario).
/// `baseline`, `baseline_value` and `ratio` are present only where a ceiling or baseline was measured in the
/// same run; `ratio` is value / baseline for throughput and baseline / value for latency, so higher is
/// always better and 1 means "as good as the ceiling".
struct Record: Codable {
    var scenario: String
    var value: Double
    var unit: String
    var baseline: String?
    var baselineValue: Double?
    var ratio: Double?

    enum CodingKeys: String, CodingKey {
        case scenario, value, unit, baseline
        case baselineValue = "baseline_value"
        case ratio
    }
}

/// Units where less is better (the ratio is then baseline / value).
private let latencyUnits: Set<String> = ["ms", "us", "s"]

final class Results {
    private(set) var records: [Record] = []
    /// Lines printed under the table (what was checked, what was skipped).
    private(set) var notes: [String] = []

    func add(_ scenario: String, _ value: Double, _ unit: String, baseline: String? = nil, baselineValue: Double? = nil) {
        guard value.isFinite else {
            note("\(scenario): no figure (nothing was measured)")
            return
        }
        let baselineValue = baselineValue.flatMap { $0.isFinite ? $0 : nil }
        var ratio: Double? = nil
        if let b = baselineValue, b.isFinite, value.isFinite, value > 0, b > 0 {
            ratio = latencyUnits.contains(unit) ? b / value : value / b
        }
        let r = Record(scenario: scenario, value: value, unit: unit, baseline: baselineValue == nil ? nil : baseline,
                       baselineValue: baselineValue, ratio: ratio)
        records.append(r)
        print("  " + Results.line(r))
        fflush(nil)
    }

    func note(_ text: String) {
        notes.append(text)
        print("  note: " + text)
        fflush(nil)
    }

    func value(of scenario: String) -> Double? { records.last { $0.scenario == scenario }?.value }

    /// Records written by scripts/bench.sh (one JSON object per line), with ratios filled in where their
    /// baseline was measured here.
    func merge(jsonLines path: String) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return }
        for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let r = try? JSONDecoder().decode(Record.self, from: Data(line.utf8)) else {
                note("ignored a malformed line in \(path): \(line.prefix(80))")
                continue
            }
            if let b = r.baseline, r.baselineValue == nil, let v = value(of: b) {
                add(r.scenario, r.value, r.unit, baseline: b, baselineValue: v)
            } else {
                records.append(r)
            }
        }
    }

    func write(to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(records.map(Rounded.init))
        try data.write(to: URL(fileURLWithPath: directory + "/results.json"), options: .atomic)
    }

    func printTable(title: String) {
        let header = ["scenario", "value", "unit", "baseline (same run)", "baseline value", "ratio"]
        var rows = records.map { r -> [String] in
            [r.scenario, Results.format(r.value), r.unit, r.baseline ?? "", r.baselineValue.map(Results.format) ?? "",
             r.ratio.map { String(format: "%.2f", $0) } ?? ""]
        }
        rows.insert(header, at: 0)
        var widths = Array(repeating: 0, count: header.count)
        for row in rows { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
        print("\n" + title)
        for (n, row) in rows.enumerated() {
            let cells = row.enumerated().map { i, c in
                let pad = String(repeating: " ", count: widths[i] - c.count)
                return (i == 1 || i == 4 || i == 5) ? pad + c : c + pad
            }
            print("| " + cells.joined(separator: " | ") + " |")
            if n == 0 { print("|" + widths.enumerated().map { i, w in (i == 1 || i == 4 || i == 5) ? String(repeating: "-", count: w + 1) + ":" : ":" + String(repeating: "-", count: w + 1) }.joined(separator: "|") + "|") }
        }
        for n in notes { print("- " + n) }
    }

    static func line(_ r: Record) -> String {
        var s = "\(r.scenario): \(format(r.value)) \(r.unit)"
        if let b = r.baseline, let v = r.baselineValue {
            s += "  [\(b): \(format(v))" + (r.ratio.map { String(format: ", ratio %.2f", $0) } ?? "") + "]"
        }
        return s
    }

    static func format(_ v: Double) -> String {
        guard v.isFinite else { return "n/a" }
        let a = abs(v)
        if a >= 1000 { return String(format: "%.0f", v) }
        if a >= 100 { return String(format: "%.1f", v) }
        if a >= 10 { return String(format: "%.2f", v) }
        if a >= 0.1 { return String(format: "%.3f", v) }
        return String(format: "%.4f", v)
    }
}

/// Figures rounded to what the measurement can tell (4 significant digits), for a readable JSON file.
private struct Rounded: Encodable {
    var record: Record
    init(_ r: Record) { record = r }
    func encode(to encoder: any Encoder) throws {
        var r = record
        r.value = Rounded.round(r.value)
        r.baselineValue = r.baselineValue.map(Rounded.round)
        r.ratio = r.ratio.map { ($0 * 1000).rounded() / 1000 }
        try r.encode(to: encoder)
    }
    static func round(_ v: Double) -> Double {
        guard v.isFinite, v != 0 else { return v.isFinite ? v : 0 }
        let digits = 4 - Int(floor(log10(abs(v)))) - 1
        let f = pow(10.0, Double(max(min(digits, 9), -9)))
        return (v * f).rounded() / f
    }
}
