import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Clear answers for scripts: with `--json` every error is a JSON object on stdout with the documented
/// exit code, echoed input is capped, and JSON never carries a raw control character.
extension CLITests {
    /// The JSON error body every refusal prints with `--json`, checked field by field.
    func expectErrorBody(_ run: Run, code: String, exit: Int32, field: String?, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.status == exit, "\(run.stderr)", sourceLocation: sourceLocation)
        let body = run.object
        #expect(body["code"] as? String == code, "\(run.stdout)", sourceLocation: sourceLocation)
        #expect(body["exit_code"] as? Int == Int(exit), sourceLocation: sourceLocation)
        #expect(!((body["error"] as? String) ?? "").isEmpty, sourceLocation: sourceLocation)
        // "field" is always there: a name or null.
        #expect(body.keys.contains("field"), sourceLocation: sourceLocation)
        if let field { #expect(body["field"] as? String == field, sourceLocation: sourceLocation) } else {
            #expect(body["field"] is NSNull, sourceLocation: sourceLocation)
        }
        #expect(Set(body.keys) == ["error", "code", "field", "exit_code"], sourceLocation: sourceLocation)
    }

    @Test func jsonErrorsAreJSONOnStdoutWithTheDocumentedExitCode() throws {
        let t = try TestEnv(now: Date())
        let r = try t.venue(Fixtures.floor(advanceDays: 400))
        let day = r.clock.localDate(of: Date()).adding(days: 7).description
        let base = ["book", "--restaurant", r.slug, "--date", day, "--party", "2", "--json"]
        #expect(try Self.run(base + ["--table", "T3", "--time", "19:00", "--name", "Ana Ruiz", "--phone", "600 123 456"],
                             database: t.databaseURL).status == 0)

        // 2: invalid input names its field; the plain message still goes to stderr.
        let invalid = try Self.run(base + ["--time", "19:00", "--name", "Cy", "--phone", "call me"], database: t.databaseURL)
        expectErrorBody(invalid, code: "invalid", exit: 2, field: "phone")
        #expect(invalid.stderr.contains("phone"))
        // 2: the argument parser's own refusals are JSON too, naming the option.
        let notANumber = try Self.run(["book", "--restaurant", r.slug, "--date", day, "--time", "19:00", "--party", "two",
                                       "--name", "Cy", "--phone", "600123458", "--json"], database: t.databaseURL)
        expectErrorBody(notANumber, code: "invalid", exit: 2, field: "party")
        #expect((notANumber.object["error"] as? String)?.contains("The value 'two' is invalid for '--party <party>'") == true, "\(notANumber.stdout)")
        #expect(notANumber.stderr.contains("See 'reservaflow book --help'"), "\(notANumber.stderr)")
        // 2: not found.
        expectErrorBody(try Self.run(["reservation", "abcdef12", "cancel", "--json"], database: t.databaseURL),
                        code: "not_found", exit: 2, field: nil)
        expectErrorBody(try Self.run(["tables", "--restaurant", "nowhere", "--json"], database: t.databaseURL),
                        code: "not_found", exit: 2, field: nil)
        // 3: taken.
        let taken = try Self.run(base + ["--table", "T3", "--time", "19:30", "--name", "Bob", "--phone", "600 123 457"], database: t.databaseURL)
        expectErrorBody(taken, code: "unavailable", exit: 3, field: "table")
        #expect((taken.object["error"] as? String)?.contains("Table T3 is taken 19:00-20:30 by Ana Ruiz") == true)
        // 4: locked by another terminal's lease.
        let dayDate = try #require(LocalDate(iso: day))
        let lease = try #require(try t.book.acquireLease(restaurantID: r.id, tableID: t.tableID(r.id, "T1"),
                                                         start: Fixtures.instant(dayDate, 21), end: Fixtures.instant(dayDate, 23), holder: "Marta"))
        defer { t.book.releaseLease(restaurantID: r.id, token: lease.token) }
        let locked = try Self.run(base + ["--table", "T1", "--time", "21:30", "--name", "Di", "--phone", "600123459"], database: t.databaseURL)
        expectErrorBody(locked, code: "locked", exit: 4, field: "table")
        #expect((locked.object["error"] as? String)?.contains("being booked by Marta") == true)
        // 5: the database unreachable.
        let down = try Self.run(base + ["--time", "19:00", "--name", "Fi", "--phone", "600123461"], database: "postgresql://x@127.0.0.1:1/none")
        expectErrorBody(down, code: "unreachable", exit: 5, field: nil)
        // 5: no schema yet.
        let empty = try TestStack.makeEmptyDatabase()
        defer { TestStack.dropDatabase(empty) }
        expectErrorBody(try Self.run(["tables", "--json"], database: TestStack.url(forDatabase: empty)), code: "schema", exit: 5, field: nil)
        // Without --json, stdout stays empty on an error.
        #expect(try Self.run(["tables", "--restaurant", "nowhere"], database: t.databaseURL).stdout.isEmpty)
    }

    @Test func echoedInputIsCappedAndCleaned() throws {
        let t = try TestEnv(now: Date())
        let r = try t.venue()
        let huge = String(repeating: "9", count: 100_000)  // Linux refuses single arguments past 128 KiB
        for args in [["book", "--restaurant", r.slug, "--date", huge, "--time", "19:00", "--party", "2", "--name", "A", "--phone", "600123456"],
                     ["book", "--restaurant", r.slug, "--date", "tomorrow", "--time", "19:00", "--party", "2", "--name", "A", "--phone", "x" + huge],
                     ["book", "--restaurant", r.slug, "--date", "tomorrow", "--time", "19:00", "--party", huge, "--name", "A", "--phone", "600123456"],
                     ["reservation", huge, "cancel"], ["tables", "--restaurant", huge], ["walk-in", "--restaurant", r.slug, "--party", "2", huge]] {
            let run = try Self.run(args + ["--json"], database: t.databaseURL)
            #expect(run.status == 2, "\(args.map { $0.prefix(20) }): \(run.stderr.prefix(300))")
            #expect(run.stderr.count < 2_000, "\(args.map { $0.prefix(20) }): stderr has \(run.stderr.count) characters")
            #expect(run.stdout.count < 2_000, "\(args.map { $0.prefix(20) }): stdout has \(run.stdout.count) characters")
            #expect(run.stderr.contains("…") || !run.stderr.contains(String(repeating: "9", count: 61)))
            #expect((run.object["error"] as? String)?.contains("…") == true, "\(run.stdout)")
        }
        // Escape sequences typed into an argument come back cleaned, on stderr as in JSON.
        let hostile = try Self.run(["book", "--restaurant", r.slug, "--date", "\u{1B}]0;pwned\u{07}soon\u{9B}2J", "--time", "19:00",
                                    "--party", "2", "--name", "A", "--phone", "600123456", "--json"], database: t.databaseURL)
        #expect(hostile.status == 2)
        #expect(!hostile.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B || $0.value == 0x07 })
        #expect((hostile.object["error"] as? String)?.contains("\"soon\" is not a date") == true, "\(hostile.stdout)")
    }

    @Test func jsonOutputNeverCarriesRawControlCharacters() throws {
        let t = try TestEnv(now: Date())
        let r = try t.venue(Fixtures.floor(advanceDays: 400))
        let day = r.clock.localDate(of: Date()).adding(days: 3)
        let entry = try t.book.book(Fixtures.request(r, date: day, time: Fixtures.time(19), party: 2, name: "Placeholder"), actor: t.admin).entry
        // A name that reached the database another way (raw SQL, an import): OSC, C1 CSI, DEL and a bidi override.
        let raw = "Eve\u{1B}]0;owned\u{07} \u{9B}31mRed\u{7F} \u{202E}txt.exe"
        try t.sql.query("UPDATE customers SET name = $1 WHERE id = $2", [raw, entry.customer.id])
        let run = try Self.run(["reservations", "--restaurant", r.slug, "--date", day.description, "--json"], database: t.databaseURL)
        #expect(run.status == 0, "\(run.stderr)")
        let forbidden: Set<UInt32> = [0x1B, 0x07, 0x9B, 0x7F, 0x202E]
        #expect(!run.stdout.unicodeScalars.contains { forbidden.contains($0.value) }, "raw control characters in \(run.stdout.debugDescription)")
        // Escaped, not lost: a JSON reader gets the stored value back exactly.
        #expect((run.json as? [[String: Any]])?.first?["guest"] as? String == raw)
    }
}

extension CLITests {
    @Test func walkInExitCodes() throws {
        let t = try TestEnv(now: Date())
        // Real time (another process): a venue serving around the clock, so the run does not depend on the hour.
        let r = try t.venue(Fixtures.floor(hours: Fixtures.aroundTheClock))
        // 0: seated now (only T4 takes six).
        let seated = try Self.run(["walk-in", "--restaurant", r.slug, "--party", "6", "--json"], database: t.databaseURL)
        #expect(seated.status == 0, "\(seated.stderr)")
        #expect(seated.object["table"] as? String == "T4")
        #expect(seated.object["status"] as? String == "seated")
        // 3: nothing free and no --waitlist: unavailable, with the wait quoted; nothing written.
        let before = try t.writeCounts()
        let full = try Self.run(["walk-in", "--restaurant", r.slug, "--party", "6", "--json"], database: t.databaseURL)
        expectErrorBody(full, code: "unavailable", exit: 3, field: nil)
        #expect((full.object["error"] as? String)?.contains("about 150 min") == true, "\(full.stdout)")
        let fullText = try Self.run(["walk-in", "--restaurant", r.slug, "--party", "6"], database: t.databaseURL)
        #expect(fullText.status == 3)
        #expect(fullText.stderr.contains("waitlist"))
        #expect(try t.writeCounts() == before)
        // 0: put on the waitlist, which succeeded: the entry is printed, and a script does not retry.
        let waitlisted = try Self.run(["walk-in", "--restaurant", r.slug, "--party", "6", "--name", "Familia Ruiz", "--waitlist", "--json"],
                                      database: t.databaseURL)
        #expect(waitlisted.status == 0, "\(waitlisted.stderr)")
        #expect(waitlisted.object["seated"] as? Bool == false)
        let entry = try #require(waitlisted.object["waitlist"] as? [String: Any], "\(waitlisted.stdout)")
        #expect(entry["name"] as? String == "Familia Ruiz")
        #expect(entry["party_size"] as? Int == 6)
        #expect(entry["status"] as? String == "waiting")
        #expect(entry["quoted_minutes"] as? Int == 150)
        let id = try #require(entry["id"] as? Int)
        #expect(waitlisted.object["waitlist_id"] as? Int == id)
        #expect(try t.count("waitlist", where: "id = $1 AND status = 'waiting'", [Int64(id)]) == 1)
        let text = try Self.run(["walk-in", "--restaurant", r.slug, "--party", "6", "--waitlist"], database: t.databaseURL)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("waitlist"))
        #expect(try t.count("waitlist") == 2)
        // 3: no table here can ever take twelve: not added, whatever --waitlist says.
        let never = try Self.run(["walk-in", "--restaurant", r.slug, "--party", "12", "--waitlist", "--json"], database: t.databaseURL)
        expectErrorBody(never, code: "unavailable", exit: 3, field: nil)
        #expect(try t.count("waitlist") == 2)
    }
}

extension CLITests {
    @Test func datesOutsideTheBookingWindowAreRefusedEverywhere() throws {
        let t = try TestEnv(now: Date())
        let r = try t.venue()  // 60 days ahead
        let today = r.clock.localDate(of: Date())
        for date in ["9999-12-31", today.adding(days: 61).description, today.adding(days: -1).description] {
            let offered = try Self.run(["availability", "--restaurant", r.slug, "--date", date, "--party", "2", "--json"], database: t.databaseURL)
            expectErrorBody(offered, code: "invalid", exit: 2, field: "date")
            let booked = try Self.run(["book", "--restaurant", r.slug, "--date", date, "--time", "21:00", "--party", "2",
                                       "--name", "Ana", "--phone", "600123456", "--json"], database: t.databaseURL)
            expectErrorBody(booked, code: "invalid", exit: 2, field: "date")
            #expect(offered.object["error"] as? String == booked.object["error"] as? String)
        }
        #expect(try Self.run(["availability", "--restaurant", r.slug, "--date", today.adding(days: 60).description, "--party", "2"],
                             database: t.databaseURL).status == 0)
        // Seating a booking twelve days ahead is refused (2), and so is a no-show.
        let ahead = try t.book.book(Fixtures.request(r, table: "T3", date: today.adding(days: 12), time: Fixtures.time(21), party: 2), actor: t.admin).entry
        for action in ["seat", "no-show"] {
            let run = try Self.run(["reservation", ahead.reservation.shortID, action, "--json"], database: t.databaseURL)
            expectErrorBody(run, code: "invalid", exit: 2, field: "action")
        }
    }
}

extension CLITests {
    /// Writes a floor file for `floor import` and returns its path.
    static func floorFile(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "rf-floor-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).toml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func floorImportExitCodesAndLines() throws {
        let t = try TestEnv(now: Date())
        let base = Fixtures.floor(slug: "lines")
        func importing(_ text: String, json: Bool = true) throws -> Run {
            let path = try Self.floorFile(text)
            defer { try? FileManager.default.removeItem(atPath: path) }
            return try Self.run(["floor", "import", path] + (json ? ["--json"] : []), database: t.databaseURL)
        }
        // 2, not 1: duplicate hours, turn times and closures and out-of-range integers, with the line named.
        let duplicateHours = base + "\n[[hours]]\ndays = [\"fri\"]\nservice = \"late\"\nopens = \"19:00\"\ncloses = \"23:00\"\n"
        let duplicateTurn = base.replacingOccurrences(of: "up_to_party = 99", with: "up_to_party = 4")
        let duplicateClosure = base.replacingOccurrences(of: "reason = \"Private event\"", with: "reason = \"x\"\n[[closures]]\nfrom = \"\(Fixtures.holiday)\"")
        let outOfRange = base.replacingOccurrences(of: "hold_minutes = 15", with: "hold_minutes = 99999999999")
        let tooManyCovers = base.replacingOccurrences(of: "max = 6", with: "max = 1000")
        let typo = base.replacingOccurrences(of: "max_party = 12", with: "max_partyy = 2")
        let nul = base.replacingOccurrences(of: "name = \"Sala\"", with: "name = \"Sa\\u0000la\"")
        let crlf = base.replacingOccurrences(of: "time_zone = ", with: "email = \"a@b.es\\r\\nBcc: x@evil.example\"\ntime_zone = ")
        for (what, text) in [("hours", duplicateHours), ("turn", duplicateTurn), ("closure", duplicateClosure), ("range", outOfRange),
                             ("covers", tooManyCovers), ("typo", typo), ("nul", nul), ("crlf", crlf)] {
            let run = try importing(text)
            expectErrorBody(run, code: "invalid", exit: 2, field: "floor file")
            let message = (run.object["error"] as? String) ?? ""
            #expect(message.range(of: "^floor file: line [0-9]+: ", options: .regularExpression) != nil, "\(what): \(message)")
            #expect(run.stderr.contains("line "), "\(what): \(run.stderr)")
        }
        #expect(try t.book.restaurants().isEmpty)
        #expect(try importing(typo).object["error"] as? String == "floor file: line \(FloorFileTests.line(typo, "max_partyy")): unknown key max_partyy in restaurant (did you mean max_party?); known keys here: \(FloorFile.knownKeys["restaurant"]!.joined(separator: ", "))")
        // 2: a file that cannot be read.
        expectErrorBody(try Self.run(["floor", "import", "/nonexistent/floor.toml", "--json"], database: t.databaseURL),
                        code: "invalid", exit: 2, field: "file")
        // 0: overlapping tables are imported, with a warning on stderr and in the JSON.
        let overlapping = base.replacingOccurrences(of: "x = 6\ny = 0", with: "x = 2\ny = 1")
        let warned = try importing(overlapping)
        #expect(warned.status == 0, "\(warned.stderr)")
        #expect(warned.stderr.contains("warning: line"))
        #expect(warned.stderr.contains("table T2 overlaps table T1"))
        #expect((warned.object["warnings"] as? [String])?.count == 1)
        let clean = try importing(base, json: false)
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stderr.isEmpty)
        #expect(clean.stdout.contains("5 tables in service"))
    }
}

extension CLITests {
    /// Data that reached the database another way (raw SQL, an import from the original system) is shown
    /// cleaned by every human table and line, and by error messages on stderr.
    @Test func humanOutputIsSanitised() throws {
        let t = try TestEnv(now: Date())
        let r = try t.venue(Fixtures.floor(advanceDays: 400))
        let day = r.clock.localDate(of: Date()).adding(days: 3)
        let entry = try t.book.book(Fixtures.request(r, table: "T3", date: day, time: Fixtures.time(19), party: 2, name: "Placeholder",
                                                     holdMinutes: 600), actor: t.admin).entry
        _ = try t.book.addToWaitlist(restaurantID: r.id, name: "Waiting", phone: nil, party: 2, actor: t.admin)
        _ = try t.book.addStaff(username: "eve", displayName: "Eve", role: .host, password: "a-long-password", actor: t.admin)
        // OSC (set the window title), CSI (clear the screen), a C1 CSI, BEL, DEL and a bidi override.
        let evil = "\u{1B}]0;owned\u{07}Eve\u{1B}[2J \u{9B}31mRed\u{7F}\u{202E}gnp.exe"
        try t.sql.query("UPDATE customers SET name = $1, allergies = $1 WHERE id = $2", [evil, entry.customer.id])
        try t.sql.query("UPDATE areas SET name = $1 WHERE restaurant_id = $2 AND name = 'Sala'", ["Sala\u{1B}[31m", r.id])
        try t.sql.query("UPDATE restaurants SET name = $1 WHERE id = $2", ["Casa\u{1B}]8;;http://evil\u{1B}\\", r.id])
        try t.sql.query("UPDATE opening_hours SET service = $1 WHERE restaurant_id = $2", ["din\u{9B}1mner", r.id])
        try t.sql.query("UPDATE closures SET reason = $1 WHERE restaurant_id = $2", ["closed\u{1B}[5m", r.id])
        try t.sql.query("UPDATE waitlist SET name = $1 WHERE restaurant_id = $2", [evil, r.id])
        try t.sql.query("UPDATE staff SET display_name = $1 WHERE username = 'eve'", ["Eve\u{1B}[8m"])
        let forbidden = { (s: Unicode.Scalar) -> Bool in s.value < 0x20 && s != "\n" || (0x7F...0x9F).contains(s.value) || TextSanitizer.isForbidden(s) && s != "\n" }
        let runs: [(String, [String])] = [
            ("reservations", ["reservations", "--restaurant", r.slug, "--date", day.description]),
            ("closed day", ["reservations", "--restaurant", r.slug, "--date", Fixtures.holiday.description]),
            ("tables", ["tables", "--restaurant", r.slug]),
            ("availability", ["availability", "--restaurant", r.slug, "--date", day.description, "--party", "2"]),
            ("waitlist", ["waitlist", "--restaurant", r.slug]),
            ("confirm", ["reservation", entry.reservation.shortID, "confirm"]),
            ("users", ["user", "list"]),
            ("taken", ["book", "--restaurant", r.slug, "--table", "T3", "--date", day.description, "--time", "19:30", "--party", "2",
                       "--name", "Bob", "--phone", "600123457"]),
        ]
        for (what, args) in runs {
            let run = try Self.run(args, database: t.databaseURL)
            #expect(!run.stdout.unicodeScalars.contains(where: forbidden), "\(what) stdout: \(run.stdout.debugDescription)")
            #expect(!run.stderr.unicodeScalars.contains(where: forbidden), "\(what) stderr: \(run.stderr.debugDescription)")
            #expect(!run.stdout.contains("owned") && !run.stderr.contains("owned"), "\(what): the OSC payload was printed")
        }
        // Cleaned, not dropped: the readable part is still there.
        let list = try Self.run(["reservations", "--restaurant", r.slug, "--date", day.description], database: t.databaseURL)
        #expect(list.stdout.contains("Eve Redgnp.exe"), "\(list.stdout)")
        let taken = try Self.run(runs.last!.1, database: t.databaseURL)
        #expect(taken.status == 3)
        #expect(taken.stderr.contains("by Eve Redgnp.exe"), "\(taken.stderr)")
    }
}
