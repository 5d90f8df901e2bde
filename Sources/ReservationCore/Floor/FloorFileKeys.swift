import Foundation
import ReservationDomain
import TOMLKit

extension FloorFile {
    /// The keys each part of the file may have, in the order the docs list them.
    /// From each part's CodingKeys (declared in the order the docs list the keys): the compiler holds those
    /// to the fields, so a key added to the shape is known here too.
    static let knownKeys: [String: [String]] = [
        "": names(CodingKeys.self),
        "restaurant": names(Venue.CodingKeys.self),
        "turn_times": names(Turn.CodingKeys.self),
        "hours": names(Hours.CodingKeys.self),
        "closures": names(ClosureDays.CodingKeys.self),
        "areas": names(AreaSpec.CodingKeys.self),
        "areas.tables": names(Table.CodingKeys.self),
        "combinations": names(Combination.CodingKeys.self),
    ]

    private static func names<K: CodingKey & CaseIterable>(_: K.Type) -> [String] { K.allCases.map(\.stringValue) }


    /// Refuses keys the importer would otherwise ignore (`max_partyy = 2`), naming the nearest known one.
    static func checkKeys(_ table: TOMLTable, kind: String, path: String, source: FloorSource) throws(ReservationError) {
        let known = knownKeys[kind] ?? []
        for key in table.keys.sorted(by: { (source.line(of: join(path, $0)) ?? 0) < (source.line(of: join(path, $1)) ?? 0) }) {
            let here = join(path, key)
            guard known.contains(key) else {
                let name = TextSanitizer.excerpt(key, max: 40)
                let scope = path.isEmpty ? "at the top of the file" : "in \(path)"
                let hint = nearest(key, in: known).map { " (did you mean \($0)?)" } ?? ""
                throw bad(source.line(of: here), "unknown key \(name) \(scope)\(hint); known keys here: \(known.joined(separator: ", "))")
            }
            let childKind = kind.isEmpty ? key : kind + "." + key
            guard knownKeys[childKind] != nil, let value = table[key] else { continue }
            if let sub = value.table {
                try checkKeys(sub, kind: childKind, path: here, source: source)
            } else if let array = value.array {
                for i in 0..<array.count {
                    if let sub = array[i].table { try checkKeys(sub, kind: childKind, path: here + "[\(i)]", source: source) }
                }
            }
        }
    }

    private static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// The known key closest to a misspelt one, if it is close enough to be a typo.
    static func nearest(_ key: String, in known: [String]) -> String? {
        let k = Array(key.lowercased().prefix(64))
        func distance(_ b: [Character]) -> Int {
            var row = Array(0...b.count)
            for (i, ca) in k.enumerated() {
                var previous = row[0]
                row[0] = i + 1
                for (j, cb) in b.enumerated() {
                    let keep = row[j + 1]
                    row[j + 1] = Swift.min(row[j + 1] + 1, row[j] + 1, previous + (ca == cb ? 0 : 1))
                    previous = keep
                }
            }
            return row[b.count]
        }
        let scored = known.map { ($0, distance(Array($0))) }.min { $0.1 < $1.1 }
        guard let (best, d) = scored, d <= Swift.max(1, Swift.min(3, best.count / 3)) else { return nil }
        return best
    }
}
