import ReservationDomain
import Testing
@testable import ReservaFlowUI

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
