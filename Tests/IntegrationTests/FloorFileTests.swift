import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Floor files: every mistake is refused with its line and key named, before anything is written.
@Suite("Floor files")
struct FloorFileTests {
    /// The 1-based line of the first line containing `needle`.
    static func line(_ text: String, _ needle: String, after: String? = nil) -> Int {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let start = after.map { a in lines.firstIndex { $0.contains(a) } ?? 0 } ?? 0
        return (lines[start...].firstIndex { $0.contains(needle) } ?? -1) + 1
    }

    /// The floor-file message of parsing and validating `text`, or nil (recording an issue) when accepted.
    static func refusal(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        expectInvalid("floor file", sourceLocation: sourceLocation) { try FloorFile.parse(text).validate() }
    }

    static func expectRefused(_ text: String, line: Int, _ words: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        let message = refusal(text, sourceLocation: sourceLocation)
        #expect(message?.hasPrefix("line \(line): ") == true, "\(message ?? "nil")", sourceLocation: sourceLocation)
        for w in words { #expect(message?.contains(w) == true, "\(message ?? "nil") lacks \(w)", sourceLocation: sourceLocation) }
    }

    static let base = Fixtures.floor()

    @Test("the project's own floors are accepted without warnings")
    func goodFloors() throws {
        #expect(try FloorFile.parse(Self.base).validate().isEmpty)
        #expect(try FloorFile.parse(DemoFloor.toml).validate().isEmpty)
        #expect(try FloorFile.parse(E2EVenue.floor).validate().isEmpty)
        #expect(try FloorFile.parse(Fixtures.floor(hours: Fixtures.nightHours())).validate().isEmpty)
    }

    @Test("unknown keys are refused with the line, and the nearest known key suggested")
    func unknownKeys() {
        let typo = Self.base.replacingOccurrences(of: "max_party = 12", with: "max_partyy = 2\nmax_party = 12")
        Self.expectRefused(typo, line: Self.line(typo, "max_partyy"), ["max_partyy", "restaurant", "did you mean max_party?"])
        let tableTypo = Self.base.replacingOccurrences(of: "label = \"T3\"", with: "label = \"T3\"\nshap = \"round\"")
        Self.expectRefused(tableTypo, line: Self.line(tableTypo, "shap ="), ["areas[0].tables[2]", "did you mean shape?"])
        let section = Self.base + "\n[extras]\nwine = true\n"
        Self.expectRefused(section, line: Self.line(section, "[extras]"), ["unknown key extras", "top of the file"])
        let nothingClose = Self.base.replacingOccurrences(of: "reminder_hours = 24", with: "reminder_hours = 24\nparking = \"yes\"")
        let message = Self.refusal(nothingClose)
        #expect(message?.contains("did you mean") == false)
        #expect(message?.hasPrefix("line \(Self.line(nothingClose, "parking")): ") == true)
    }

    @Test("a NUL, raw or escaped, is refused with its line instead of cutting the text short")
    func nul() {
        let escaped = Self.base.replacingOccurrences(of: "name = \"Casa Test\"", with: "name = \"Casa\\u0000 Evil\"")
        Self.expectRefused(escaped, line: Self.line(escaped, "Casa\\u0000"), ["NUL"])
        let long = Self.base.replacingOccurrences(of: "reason = \"Private event\"", with: "reason = \"Private\\U00000000event\"")
        Self.expectRefused(long, line: Self.line(long, "reason ="), ["NUL"])
        let raw = Self.base.replacingOccurrences(of: "name = \"Sala\"", with: "name = \"Sala\u{0}\"")
        Self.expectRefused(raw, line: Self.line(raw, "name = \"Sala"), ["NUL"])
        // An escaped backslash followed by u0000 is text, not a NUL.
        let text = Self.base.replacingOccurrences(of: "reason = \"Private event\"", with: "reason = \"C:\\\\u0000\"")
        #expect(throws: Never.self) { try FloorFile.parse(text).validate() }
    }

    @Test("every field goes through the core's validators, with the line named")
    func validators() {
        // A CR/LF e-mail (a header injection) and a plain bad one.
        let crlf = Self.base.replacingOccurrences(of: "time_zone = ", with: "email = \"a@b.es\\r\\nBcc: x@evil.example\"\ntime_zone = ")
        Self.expectRefused(crlf, line: Self.line(crlf, "email ="), ["restaurant.email", "e-mail"])
        let phone = Self.base.replacingOccurrences(of: "time_zone = ", with: "phone = \"call us\"\ntime_zone = ")
        Self.expectRefused(phone, line: Self.line(phone, "phone = \"call"), ["restaurant.phone"])
        let zalgo = Self.base.replacingOccurrences(of: "name = \"Casa Test\"", with: "name = \"C" + String(repeating: "\u{301}", count: 300) + "\"")
        Self.expectRefused(zalgo, line: 3, ["restaurant.name", "at most 120 characters"])
        let area = Self.base.replacingOccurrences(of: "name = \"Terraza\"", with: "name = \"" + String(repeating: "T", count: 41) + "\"")
        Self.expectRefused(area, line: Self.line(area, "TTTTTTTT"), ["areas[1].name", "at most 40"])
        let blank = Self.base.replacingOccurrences(of: "service = \"lunch\"", with: "service = \"\\u001b[2J\"")
        Self.expectRefused(blank, line: Self.line(blank, "service = \"\\u001b"), ["hours[0].service"])
        let zone = Self.base.replacingOccurrences(of: "time_zone = \"Europe/Madrid\"", with: "time_zone = \"Mars/Olympus\"")
        Self.expectRefused(zone, line: Self.line(zone, "time_zone"), ["restaurant.time_zone", "IANA"])
        let wrongType = Self.base.replacingOccurrences(of: "max_party = 12", with: "max_party = \"twelve\"")
        Self.expectRefused(wrongType, line: Self.line(wrongType, "max_party"), ["restaurant.max_party", "whole number"])
        let missing = Self.base.replacingOccurrences(of: "label = \"T2\"", with: "")
        Self.expectRefused(missing, line: Self.line(missing, "[[areas.tables]]", after: "label = \"T1\"") , ["label", "missing"])
        let syntax = Self.base.replacingOccurrences(of: "hold_minutes = 15", with: "hold_minutes = = 15")
        Self.expectRefused(syntax, line: Self.line(syntax, "hold_minutes"), ["not valid TOML"])
    }

    @Test("duplicates and out-of-range numbers are refused with the line (they used to fail in the database, exit 1)")
    func duplicatesAndRanges() {
        let hours = Self.base + """

            [[hours]]
            days = ["fri"]
            service = "late"
            opens = "19:00"
            closes = "23:00"
            """
        Self.expectRefused(hours, line: Self.line(hours, "opens = \"19:00\"", after: "service = \"late\""), ["Friday", "19:00", "already"])
        let turns = Self.base.replacingOccurrences(of: "up_to_party = 99", with: "up_to_party = 4")
        Self.expectRefused(turns, line: Self.line(turns, "up_to_party = 4", after: "minutes = 150"), ["turn_times[3].up_to_party", "already"])
        let closure = Self.base.replacingOccurrences(of: "reason = \"Private event\"", with: """
            reason = "Private event"

            [[closures]]
            from = "\(Fixtures.holiday)"
            reason = "Again"
            """)
        Self.expectRefused(closure, line: Self.line(closure, "from = ", after: "reason = \"Private event\""), ["closures[1].from", "already"])
        let sameDay = Self.base.replacingOccurrences(of: "days = [\"mon\", \"tue\"", with: "days = [\"mon\", \"mon\"")
        Self.expectRefused(sameDay, line: Self.line(sameDay, "\"mon\", \"mon\""), ["twice"])
        for (from, to, key) in [("max_party = 12", "max_party = 500", "restaurant.max_party"), ("hold_minutes = 15", "hold_minutes = 99999999999", "restaurant.hold_minutes"),
                                ("advance_days = 60", "advance_days = -1", "restaurant.advance_days"), ("minutes = 90", "minutes = 5", "turn_times[0].minutes"),
                                ("x = 18", "x = -1", "areas[0].tables[3].x"), ("max = 6", "max = 0", "areas[0].tables[3].max"),
                                ("min_party = 1", "min_party = 20", "restaurant.max_party")] {
            let text = Self.base.replacingOccurrences(of: from, with: to)
            #expect(text != Self.base)
            let message = Self.refusal(text)
            #expect(message?.contains(key) == true, "\(to): \(message ?? "nil")")
            #expect(message?.hasPrefix("line ") == true, "\(to): \(message ?? "nil")")
        }
        let labels = Self.base.replacingOccurrences(of: "label = \"T2\"", with: "label = \"t1\"")
        Self.expectRefused(labels, line: Self.line(labels, "label = \"t1\""), ["table t1 is already given at line \(Self.line(labels, "label = \"T1\"") - 1)"])
    }

    @Test("sizes are bounded to what a real venue could need")
    func bounds() {
        var many = Self.base
        for i in 0..<500 { many += "\n[[areas.tables]]\nlabel = \"X\(i)\"\nmax = 2\nx = \(i % 100 * 5)\ny = \(20 + i / 100 * 3)\n" }
        let message = Self.refusal(many)
        #expect(message?.contains("505 tables") == true, "\(message ?? "nil")")
        #expect(message?.contains("at most 500") == true)
        var areas = Self.base
        for i in 0..<50 { areas += "\n[[areas]]\nname = \"Room \(i)\"\ntables = []\n" }
        #expect(Self.refusal(areas)?.contains("at most 50") == true)
        let huge = Self.base + "\n# " + String(repeating: "x", count: 1_000_001)
        #expect(Self.refusal(huge)?.contains("larger than 1 MB") == true)
    }

    @Test("tables on the same floor cells are imported, with a warning naming both")
    func overlapWarns() throws {
        let text = Self.base.replacingOccurrences(of: "x = 6\ny = 0", with: "x = 2\ny = 1")
        #expect(text != Self.base)
        let warnings = try FloorFile.parse(text).validate()
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("line \(Self.line(text, "label = \"T2\"") - 1): table T2 overlaps table T1") == true, "\(warnings)")
        // Other areas have floors of their own: the same cells there are no overlap.
        #expect(try FloorFile.parse(Self.base.replacingOccurrences(of: "x = 0\ny = 10", with: "x = 0\ny = 0")).validate().isEmpty)
    }

    @Test("a refused file writes nothing; a CR/LF e-mail never reaches the database")
    func nothingWritten() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let bad = Self.base.replacingOccurrences(of: "time_zone = ", with: "email = \"a@b.es\\r\\nBcc: x@evil.example\"\ntime_zone = ")
            .replacingOccurrences(of: "name = \"Casa Test\"", with: "name = \"Renamed\"")
        #expect(throws: ReservationError.self) { try t.book.importFloor(FloorFile.parse(bad), actor: t.admin) }
        #expect(try t.book.restaurant(id: r.id).name == "Casa Test")
        #expect(try t.book.restaurant(id: r.id).email == nil)
        let good = Self.base.replacingOccurrences(of: "time_zone = ", with: "email = \"Reservas@Casa.Example\"\ntime_zone = ")
        #expect(try t.book.importFloor(FloorFile.parse(good), actor: t.admin).email == "Reservas@casa.example")
    }
}
