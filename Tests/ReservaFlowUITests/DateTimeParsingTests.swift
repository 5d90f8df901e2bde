import ReservationCore
import Testing
@testable import ReservaFlowUI

@Suite struct DateInputTests {
    // Friday 18 December 2026.
    let today = LocalDate(year: 2026, month: 12, day: 18)!

    @Test(arguments: [
        ("today", "2026-12-18"), ("Tomorrow", "2026-12-19"), ("yesterday", "2026-12-17"), ("tmr", "2026-12-19"),
        ("friday", "2026-12-18"), ("fri", "2026-12-18"), ("next fri", "2026-12-25"), ("saturday", "2026-12-19"),
        ("mon", "2026-12-21"), ("thursday", "2026-12-24"), ("+3", "2026-12-21"),
        ("24/12", "2026-12-24"), ("24.12", "2026-12-24"), ("1/1", "2027-01-01"), ("17/12", "2027-12-17"),
        ("18/12", "2026-12-18"), ("24/12/2027", "2027-12-24"), ("24/12/27", "2027-12-24"),
        ("2026-12-24", "2026-12-24"), ("24 dec", "2026-12-24"), ("dec 24", "2026-12-24"), ("3 January", "2027-01-03"),
        ("29/2", "2028-02-29"), ("  tomorrow  ", "2026-12-19"),
    ])
    func parses(_ text: String, _ iso: String) {
        #expect(DateInput.parse(text, today: today)?.description == iso, "\(text)")
    }

    @Test(arguments: ["", "someday", "31/11", "2026-02-30", "32/1", "t", "next", "next 24/12", "24/12/123", "s", "1/13"])
    func rejects(_ text: String) {
        #expect(DateInput.parse(text, today: today) == nil, "\(text)")
    }

    @Test func formats() {
        #expect(DateInput.long(today) == "Fri 18 Dec 2026")
        #expect(DateInput.short(today) == "Fri 18 Dec")
    }
}

@Suite struct TimeInputTests {
    @Test(arguments: [
        ("19:30", "19:30"), ("19.30", "19:30"), ("19h30", "19:30"), ("1930", "19:30"), ("930", "09:30"),
        ("7:30pm", "19:30"), ("7:30 pm", "19:30"), ("7pm", "19:00"), ("7 PM", "19:00"), ("7p", "19:00"),
        ("12am", "00:00"), ("12pm", "12:00"), ("12:15am", "00:15"), ("noon", "12:00"), ("midnight", "00:00"),
        ("19", "19:00"), ("0", "00:00"), ("8am", "08:00"), ("23:59", "23:59"),
    ])
    func parses(_ text: String, _ expected: String) {
        #expect(TimeInput.parse(text)?.description == expected, "\(text)")
    }

    @Test(arguments: ["", "24:00", "19:60", "7:5", "13pm", "0am", "12345", "ab", "19:3x", "-1", "7::30"])
    func rejects(_ text: String) {
        #expect(TimeInput.parse(text) == nil, "\(text)")
    }

    @Test func aBareHourMovesToTheAfternoonOnlyWhenThatIsTheServiceReading() {
        let dinner = (19 * 60)...(23 * 60 + 30)
        #expect(TimeInput.parse("7", service: dinner)?.description == "19:00")
        #expect(TimeInput.parse("9:30", service: dinner)?.description == "21:30")
        #expect(TimeInput.parse("7am", service: dinner)?.description == "07:00")
        let allDay = (8 * 60)...(23 * 60)
        #expect(TimeInput.parse("9", service: allDay)?.description == "09:00")
        #expect(TimeInput.parse("21", service: dinner)?.description == "21:00")
    }
}

@Suite struct PartyInputTests {
    @Test func parses() {
        #expect(PartyInput.parse("4") == 4)
        #expect(PartyInput.parse("4p") == 4)
        #expect(PartyInput.parse(" 12 pax") == 12)
        #expect(PartyInput.parse("0") == nil)
        #expect(PartyInput.parse("100") == nil)
        #expect(PartyInput.parse("four") == nil)
        #expect(PartyInput.parse("") == nil)
    }
}

@Suite struct CommandParserTests {
    let today = LocalDate(year: 2026, month: 12, day: 18)!

    @Test func bookTakesWordsInAnyOrder() {
        #expect(CommandParser.parse("book 4 19:30 Garcia 600123456", today: today)
            == .success(.book(party: 4, time: TimeOfDay(hour: 19, minute: 30)!, date: nil, name: "Garcia", phone: "600123456")))
        #expect(CommandParser.parse("book Ana Pérez 7:30pm 2 tomorrow +34600123456", today: today)
            == .success(.book(party: 2, time: TimeOfDay(hour: 19, minute: 30)!, date: LocalDate(year: 2026, month: 12, day: 19)!,
                              name: "Ana Pérez", phone: "+34600123456")))
        #expect(CommandParser.parse("b 3 1930 24/12 Lee", today: today)
            == .success(.book(party: 3, time: TimeOfDay(hour: 19, minute: 30)!, date: LocalDate(year: 2026, month: 12, day: 24)!, name: "Lee", phone: nil)))
    }

    @Test func bookExplainsWhatIsMissing() {
        guard case .failure(let e) = CommandParser.parse("book 19:30 Garcia", today: today) else { Issue.record("parsed"); return }
        #expect(e.message.contains("party size"))
        guard case .failure(let e2) = CommandParser.parse("book 4 Garcia", today: today) else { Issue.record("parsed"); return }
        #expect(e2.message.contains("time"))
        guard case .failure(let e3) = CommandParser.parse("book 4 19:30", today: today) else { Issue.record("parsed"); return }
        #expect(e3.message.contains("name"))
    }

    @Test func otherCommands() {
        #expect(CommandParser.parse("seat T12", today: today) == .success(.seat(table: "T12")))
        #expect(CommandParser.parse("walkin 3", today: today) == .success(.walkIn(party: 3)))
        #expect(CommandParser.parse("date 2026-12-24", today: today) == .success(.date(LocalDate(year: 2026, month: 12, day: 24)!)))
        #expect(CommandParser.parse("date next fri", today: today) == .success(.date(LocalDate(year: 2026, month: 12, day: 25)!)))
        #expect(CommandParser.parse("theme high-contrast", today: today) == .success(.theme("high-contrast")))
        #expect(CommandParser.parse("q", today: today) == .success(.quit))
        #expect(CommandParser.parse("search gar cia", today: today) == .success(.search("gar cia")))
        if case .failure(let e) = CommandParser.parse("frobnicate", today: today) {
            #expect(e.message.contains("Unknown command"))
        } else { Issue.record("accepted an unknown command") }
        if case .success = CommandParser.parse("walkin three", today: today) { Issue.record("accepted a bad party") }
    }

    @Test func completion() {
        #expect(CommandParser.complete("th", themes: ["default"], tables: []) == ["theme"])
        #expect(CommandParser.complete("w", themes: [], tables: []) == ["waitlist", "walkin"])
        #expect(CommandParser.complete("theme h", themes: ["default", "high-contrast", "light"], tables: []) == ["theme high-contrast"])
        #expect(CommandParser.complete("theme ", themes: ["default", "light"], tables: []) == ["theme default", "theme light"])
        #expect(CommandParser.complete("seat t1", themes: [], tables: ["T1", "T10", "B1"]) == ["seat T1", "seat T10"])
        #expect(CommandParser.complete("date tom", themes: [], tables: []) == ["date tomorrow"])
        #expect(CommandParser.complete("book 4 ", themes: [], tables: []) == [])
    }
}

@Suite struct TextFieldTests {
    @Test func editsByGraphemes() {
        var f = TextField("Zoë🎉")
        f.apply(.backspace)
        #expect(f.text == "Zoë")
        f.apply(.left)
        f.apply(.char("x"))
        #expect(f.text == "Zoxë")
        #expect(f.cursorColumn == 3)
        f.apply(.ctrl("a"))
        f.apply(.delete)
        #expect(f.text == "oxë")
        f.apply(.ctrl("e"))
        f.apply(.char(" "))
        f.apply(.char("w"))
        f.apply(.ctrl("w"))
        #expect(f.text == "oxë ")
        f.apply(.ctrl("u"))
        #expect(f.text == "" && f.cursor == 0)
    }

    @Test func controlCharactersNeverEnterAField() {
        var f = TextField()
        f.apply(.char("\u{1B}"))
        f.apply(.char("\u{9B}"))
        #expect(f.isEmpty)
        #expect(f.apply(.enter) == false)
    }

    @Test func widthOfWideTextAtTheCursor() {
        let f = TextField("王小明")
        #expect(f.cursorColumn == 6)
    }
}
