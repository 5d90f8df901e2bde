import ReservationDomain
import Testing

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
