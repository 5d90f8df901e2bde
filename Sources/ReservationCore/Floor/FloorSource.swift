import ReservationDomain
/// Where each table and key of a floor file sits, so every refusal can name its line. TOMLKit reports
/// positions only for syntax errors, so the file is read once more here, line by line: headers
/// (`[restaurant]`, `[[areas]]`, `[[areas.tables]]`) and `key = value` lines, through strings (basic,
/// literal, multi-line) and arrays that span lines.
///
/// The same pass refuses what the TOML parser would let through silently: a NUL, raw or written as an
/// escape (`\u0000`), which ends the string (or the whole file) at that point once it reaches C.
struct FloorSource: Sendable {
    /// "restaurant" -> header line, "restaurant.max_party" -> its line, "areas[0].tables[2].max" -> its line.
    private(set) var lines: [String: Int] = [:]

    /// The line of `path`, or of the nearest enclosing table or array that has one.
    func line(of path: String) -> Int? {
        var p = Substring(path)
        while !p.isEmpty {
            if let l = lines[String(p)] { return l }
            guard let cut = p.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            p = p[..<cut]
        }
        return nil
    }

    enum Problem: Error, Equatable {
        case nul(line: Int)
    }

    static func scan(_ text: String) throws(Problem) -> FloorSource {
        var source = FloorSource()
        var arrayCounts: [String: Int] = [:]
        var current = ""  // the table the next keys belong to ("" is the root)
        var multiline: String? = nil  // "\"\"\"" or "'''" while inside a multi-line string
        var depth = 0  // open [ and { of a value spanning lines

        let lineTexts = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (n, lineText) in lineTexts.enumerated() {
            let lineNo = n + 1
            let s = Array(lineText.unicodeScalars)
            if s.contains("\u{0}") { throw .nul(line: lineNo) }
            var i = 0

            /// Scans a value from `i`: strings, brackets, comments. Returns at the end of the line.
            func scanValue() throws(Problem) {
                while i < s.count {
                    if let closing = multiline {
                        if starts(closing, at: i) {
                            i += 3
                            // A closing """ may be followed by one or two more quotes that belong to the string.
                            while i < s.count, String(s[i]) == String(closing.first!) { i += 1 }
                            multiline = nil
                            continue
                        }
                        if closing == "\"\"\"", s[i] == "\\" { try escape(); continue }
                        i += 1
                        continue
                    }
                    switch s[i] {
                    case "#": i = s.count
                    case "\"":
                        if starts("\"\"\"", at: i) { multiline = "\"\"\""; i += 3; continue }
                        i += 1
                        while i < s.count, s[i] != "\"" {
                            if s[i] == "\\" { try escape() } else { i += 1 }
                        }
                        i += 1
                    case "'":
                        if starts("'''", at: i) { multiline = "'''"; i += 3; continue }
                        i += 1
                        while i < s.count, s[i] != "'" { i += 1 }
                        i += 1
                    case "[", "{": depth += 1; i += 1
                    case "]", "}": depth = max(0, depth - 1); i += 1
                    default: i += 1
                    }
                }
            }

            /// A backslash escape at `i` in a basic string: `\u0000`, `\U00000000` and `\x00` are NULs.
            func escape() throws(Problem) {
                let kind = i + 1 < s.count ? s[i + 1] : " "
                let digits = kind == "u" ? 4 : kind == "U" ? 8 : kind == "x" ? 2 : 0
                if digits > 0, i + 2 + digits <= s.count {
                    let hex = String(String.UnicodeScalarView(s[(i + 2)..<(i + 2 + digits)]))
                    if UInt32(hex, radix: 16) == 0 { throw .nul(line: lineNo) }
                }
                i += 2
            }

            func starts(_ token: String, at index: Int) -> Bool {
                let t = Array(token.unicodeScalars)
                return index + t.count <= s.count && Array(s[index..<(index + t.count)]) == t
            }

            if multiline != nil || depth > 0 {
                try scanValue()
                continue
            }
            while i < s.count, s[i] == " " || s[i] == "\t" { i += 1 }
            guard i < s.count, s[i] != "#", s[i] != "\r" else { continue }
            if s[i] == "[" {
                // [table] or [[array of tables]]
                let isArray = starts("[[", at: i)
                let open = isArray ? 2 : 1
                guard let close = (i + open..<s.count).first(where: { s[$0] == "]" }) else { continue }
                let name = String(String.UnicodeScalarView(s[(i + open)..<close]))
                let parts = name.split(separator: ".").map { $0.trimmingQuotes }
                var resolved = ""
                for (k, part) in parts.enumerated() {
                    let candidate = resolved.isEmpty ? part : resolved + "." + part
                    if k == parts.count - 1 {
                        if isArray {
                            let index = arrayCounts[candidate, default: 0]
                            arrayCounts[candidate] = index + 1
                            if source.lines[candidate] == nil { source.lines[candidate] = lineNo }
                            resolved = candidate + "[\(index)]"
                        } else {
                            resolved = candidate
                        }
                    } else if let count = arrayCounts[candidate] {
                        resolved = candidate + "[\(count - 1)]"
                    } else {
                        resolved = candidate
                    }
                }
                source.lines[resolved] = lineNo
                current = resolved
                i = close + 1
                try scanValue()  // a comment after the header
                continue
            }
            // key = value: the key runs to the first = outside quotes.
            var key = ""
            var quote: Unicode.Scalar? = nil
            while i < s.count {
                let c = s[i]
                if let q = quote {
                    if c == q { quote = nil } else { key.unicodeScalars.append(c) }
                } else if c == "\"" || c == "'" {
                    quote = c
                } else if c == "=" {
                    break
                } else {
                    key.unicodeScalars.append(c)
                }
                i += 1
            }
            guard i < s.count else { continue }
            i += 1
            let bare = key.split(separator: ".").map { $0.trimmingQuotes }.joined(separator: ".")
            let path = current.isEmpty ? bare : current + "." + bare
            if source.lines[path] == nil { source.lines[path] = lineNo }
            try scanValue()
        }
        return source
    }
}

private extension Substring {
    var trimmingQuotes: String {
        var t = self.drop { $0 == " " || $0 == "\t" }
        while let last = t.last, last == " " || last == "\t" { t = t.dropLast() }
        if t.count >= 2, let f = t.first, f == "\"" || f == "'", t.last == f { t = t.dropFirst().dropLast() }
        return String(t)
    }
}
