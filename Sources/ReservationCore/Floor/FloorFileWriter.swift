import Foundation

extension FloorFile {
    /// The file as TOML that `FloorFile.parse` reads back unchanged, laid out as docs/floor-file.md shows it
    /// (the venue, turn times, hours, closures, areas with their tables, combinations; keys in the order a
    /// manager reads them) and with names as typed ("Casa Lucía", not "Casa Luc\u00EDa"): a file to edit,
    /// not only to reload. A generic encoder sorts keys and escapes every accent.
    public func toml() -> String {
        var out = TOMLLines()
        out.comment("\(restaurant.name): written by `reservaflow floor export`. Edit it, then `reservaflow floor import` it;")
        out.comment("docs/floor-file.md says what each key does.")
        out.blank()
        let v = restaurant
        out.header("[restaurant]")
        out.key("slug", v.slug)
        out.key("name", v.name)
        out.key("time_zone", v.time_zone)
        out.key("phone", v.phone)
        out.key("email", v.email)
        out.key("address", v.address)
        out.key("description", v.description)
        out.key("phone_country_code", v.phone_country_code)
        out.key("hold_minutes", v.hold_minutes)
        out.key("advance_days", v.advance_days)
        out.key("min_party", v.min_party)
        out.key("max_party", v.max_party)
        out.key("reminder_hours", v.reminder_hours)
        out.key("accepts_walk_ins", v.accepts_walk_ins)
        out.key("pacing_covers", v.pacing_covers)
        for t in turn_times ?? [] {
            out.header("[[turn_times]]")
            out.key("up_to_party", t.up_to_party)
            out.key("minutes", t.minutes)
        }
        for h in hours {
            out.header("[[hours]]")
            out.key("days", h.days)
            out.key("service", h.service)
            out.key("opens", h.opens)
            out.key("closes", h.closes)
        }
        for c in closures ?? [] {
            out.header("[[closures]]")
            out.key("from", c.from)
            out.key("to", c.to)
            out.key("reason", c.reason)
        }
        for a in areas {
            out.header("[[areas]]")
            out.key("name", a.name)
            // An area with no tables still needs its (empty) list: the importer requires one.
            if a.tables.isEmpty { out.key("tables", [String]()) }
            for t in a.tables {
                out.header("  [[areas.tables]]")
                out.key("label", t.label, indent: "  ")
                out.key("min", t.min, indent: "  ")
                out.key("max", t.max, indent: "  ")
                out.key("x", t.x, indent: "  ")
                out.key("y", t.y, indent: "  ")
                out.key("w", t.w, indent: "  ")
                out.key("h", t.h, indent: "  ")
                out.key("shape", t.shape, indent: "  ")
                if let f = t.features, !f.isEmpty { out.key("features", f, indent: "  ") }
                out.key("active", t.active, indent: "  ")
            }
        }
        for c in combinations ?? [] {
            out.header("[[combinations]]")
            out.key("tables", c.tables)
            out.key("min", c.min)
            out.key("max", c.max)
        }
        return out.text
    }
}

/// TOML written line by line: only the value kinds a floor file has.
struct TOMLLines {
    private(set) var text = ""

    mutating func comment(_ s: String) { text += "# \(s)\n" }
    mutating func blank() { text += "\n" }

    mutating func header(_ h: String) {
        if !text.isEmpty && !text.hasSuffix("\n\n") { text += "\n" }
        text += h + "\n"
    }

    mutating func key(_ k: String, _ value: String?, indent: String = "") {
        if let value { text += "\(indent)\(k) = \(Self.quoted(value))\n" }
    }

    mutating func key(_ k: String, _ value: Int?, indent: String = "") {
        if let value { text += "\(indent)\(k) = \(value)\n" }
    }

    mutating func key(_ k: String, _ value: Bool?, indent: String = "") {
        if let value { text += "\(indent)\(k) = \(value)\n" }
    }

    mutating func key(_ k: String, _ values: [String], indent: String = "") {
        text += "\(indent)\(k) = [\(values.map(Self.quoted).joined(separator: ", "))]\n"
    }

    /// A TOML basic string: quotes, backslashes and control characters escaped, everything else as it is.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += String(format: "\\u%04X", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
