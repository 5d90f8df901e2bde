import Foundation
import ReservationDomain

extension FloorFile {
    /// `[[areas]]` and their `[[areas.tables]]`: names and labels once each, sizes and positions in range,
    /// known shapes and features. Tables that overlap on the floor are warnings, not refusals.
    func validateAreas(_ c: FloorChecks) throws(ReservationError) -> [String] {
        try c.count(areas.count, "areas", max: Limits.areas, "areas")
        let tableCount = areas.map(\.tables.count).reduce(0, +)
        try c.count(tableCount, "areas", max: Limits.tables, "tables")
        var areaNames: [String: Int] = [:]
        var labels: [String: Int] = [:]
        var warnings: [String] = []
        for (a, area) in areas.enumerated() {
            let ap = "areas[\(a)]"
            try c.text(area.name, ap + ".name", max: Limits.areaNameLength, required: true)
            let cleanName = TextSanitizer.clean(area.name)
            if let first = areaNames[cleanName] { throw c.fail(ap + ".name", "an area \"\(cleanName)\" is already given at line \(first)") }
            areaNames[cleanName] = source.line(of: ap) ?? 0
            var placed: [(label: String, line: Int, x: Int, y: Int, w: Int, h: Int)] = []
            for (i, t) in area.tables.enumerated() {
                let p = ap + ".tables[\(i)]"
                guard t.label.range(of: "^[A-Za-z0-9-]{1,8}$", options: .regularExpression) != nil else {
                    throw c.fail(p + ".label", "\"\(TextSanitizer.excerpt(t.label))\" must be 1-8 letters, digits or dashes")
                }
                if let first = labels[t.label.lowercased()] { throw c.fail(p + ".label", "table \(t.label) is already given at line \(first)") }
                labels[t.label.lowercased()] = source.line(of: p) ?? 0
                try c.range(t.min, p + ".min", 1...100, "a table's covers")
                try c.range(t.max, p + ".max", 1...100, "a table's covers")
                guard (t.min ?? 1) <= t.max else { throw c.fail(p + ".min", "table \(t.label): min (\(t.min ?? 1)) is larger than max (\(t.max))") }
                try c.range(t.x, p + ".x", 0...1000, "a position on the floor grid")
                try c.range(t.y, p + ".y", 0...1000, "a position on the floor grid")
                try c.range(t.w, p + ".w", 1...50, "a table's width in cells")
                try c.range(t.h, p + ".h", 1...50, "a table's height in cells")
                if let s = t.shape, TableShape(rawValue: s) == nil {
                    throw c.fail(p + ".shape", "unknown shape \"\(TextSanitizer.excerpt(s))\" (\(TableShape.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                var features = Set<String>()
                for f in t.features ?? [] {
                    guard TableFeature(rawValue: f) != nil else {
                        throw c.fail(p + ".features", "unknown feature \"\(TextSanitizer.excerpt(f))\" (\(TableFeature.allCases.map(\.rawValue).joined(separator: ", ")))")
                    }
                    guard features.insert(f).inserted else { throw c.fail(p + ".features", "\(f) is listed twice") }
                }
                let here = (label: t.label, line: source.line(of: p) ?? 0, x: t.x, y: t.y, w: t.w ?? FloorFile.defaultWidth, h: t.h ?? FloorFile.defaultHeight)
                for other in placed where here.x < other.x + other.w && other.x < here.x + here.w && here.y < other.y + other.h && other.y < here.y + here.h {
                    warnings.append("line \(here.line): table \(here.label) overlaps table \(other.label) (line \(other.line)) on the floor of \(cleanName)")
                }
                placed.append(here)
            }
        }
        return warnings
    }

    /// What each table of the file is: its area (index and name) and covers, by lower-cased label.
    private var tablesByLabel: [String: (area: Int, areaName: String, label: String, min: Int, max: Int)] {
        var out: [String: (area: Int, areaName: String, label: String, min: Int, max: Int)] = [:]
        for (a, area) in areas.enumerated() {
            for t in area.tables { out[t.label.lowercased()] = (a, TextSanitizer.clean(area.name), t.label, t.min ?? 1, t.max) }
        }
        return out
    }

    /// `[[combinations]]`: 2-8 known tables of one area, each once; covers within range, min <= max;
    /// no set given twice. Defaults: min = the smallest member's min, max = the sum of the members' maxes.
    func validateCombinations(_ c: FloorChecks) throws(ReservationError) {
        let combos = combinations ?? []
        try c.count(combos.count, "combinations", max: Limits.combinations, "combinations")
        let known = tablesByLabel
        var sets: [Set<String>: Int?] = [:]
        for (i, combo) in combos.enumerated() {
            let p = "combinations[\(i)]"
            guard (2...Limits.tablesPerCombination).contains(combo.tables.count) else {
                throw c.fail(p + ".tables", "a combination joins 2 to \(Limits.tablesPerCombination) tables, not \(combo.tables.count)")
            }
            var seen = Set<String>()
            for label in combo.tables {
                guard let t = known[label.lowercased()] else {
                    throw c.fail(p + ".tables", "there is no table \"\(TextSanitizer.excerpt(label))\" in this file")
                }
                guard seen.insert(label.lowercased()).inserted else { throw c.fail(p + ".tables", "table \(t.label) is listed twice") }
                if let first = known[combo.tables[0].lowercased()], first.area != t.area {
                    throw c.fail(p + ".tables", "table \(t.label) is in \(t.areaName), \(first.label) in \(first.areaName): only tables of one area can be joined")
                }
            }
            if let first = sets[seen] {
                // A file has lines; a venue edit (`:floor`, `venue combination add`) has none to point at.
                throw c.fail(p + ".tables", "the combination \(combo.tables.joined(separator: "+")) is already given" + (first.map { " at line \($0)" } ?? ""))
            }
            sets[seen] = source.line(of: p)
            try c.range(combo.min, p + ".min", 1...400, "a combination's covers")
            try c.range(combo.max, p + ".max", 1...400, "a combination's covers")
            let (lo, hi) = coverDefaults(combo, known)
            guard lo <= hi else {
                throw c.fail(combo.min != nil ? p + ".min" : p + ".max", "min (\(lo)) is larger than max (\(hi))")
            }
        }
    }

    private func coverDefaults(_ c: Combination, _ known: [String: (area: Int, areaName: String, label: String, min: Int, max: Int)]) -> (Int, Int) {
        let members = c.tables.compactMap { known[$0.lowercased()] }
        return (c.min ?? members.map(\.min).min() ?? 1, c.max ?? members.map(\.max).reduce(0, +))
    }

    /// The combinations as the importer writes them: member labels as the tables spell them, and covers.
    var resolvedCombinations: [(labels: [String], min: Int, max: Int)] {
        let known = tablesByLabel
        return (combinations ?? []).map { c in
            let (lo, hi) = coverDefaults(c, known)
            return (c.tables.map { known[$0.lowercased()]?.label ?? $0 }, lo, hi)
        }
    }
}
