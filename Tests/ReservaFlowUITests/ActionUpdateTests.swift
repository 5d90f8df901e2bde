import Foundation
@testable import ReservationDomain
import Testing
@testable import ReservaFlowUI

@Suite struct ActionUpdateTests {
    func onWang() -> AppState { Fixture.keys(Fixture.state(), "ll").0 }

    @Test func cancelAsksFirst() {
        let (asked, fx) = Fixture.keys(onWang(), "x")
        #expect(fx.isEmpty)
        guard case .confirm(let p, nil) = asked.overlay else { Issue.record("no question"); return }
        #expect(p.question.contains("Cancel 王小明"))
        let (no, fxNo) = Fixture.keys(asked, "n")
        #expect(no.overlay == nil && fxNo.isEmpty)
        let (_, fxYes) = Fixture.keys(asked, "y")
        #expect(fxYes == [.apply(.cancel, Fixture.entries[2].id)])
    }

    @Test func anImpossibleMoveIsOneClearLine() {
        let (s, fx) = Fixture.keys(Fixture.state(), "c")  // T1 is seated: cannot be confirmed
        #expect(fx.isEmpty)
        #expect(s.message?.isError == true)
        #expect(s.message?.text == "A seated reservation cannot become confirmed; it can become completed.")
    }

    @Test func changesGoThroughPrompts() {
        var s = Fixture.keys(onWang(), "r").0
        guard case .prompt(let p) = s.overlay else { Issue.record("no prompt"); return }
        #expect(p.field.text == "21:30")
        s = Fixture.send(s, .key(.ctrl("u"))).0
        s = Fixture.keys(s, "9:45").0  // dinner service: 9:45 means 21:45
        let (_, fx) = Fixture.send(s, .key(.enter))
        #expect(fx == [.change(Fixture.entries[2].id, ReservationChange(time: TimeOfDay(hour: 21, minute: 45)!))])

        var m = Fixture.keys(onWang(), "m").0
        m = Fixture.send(m, .key(.ctrl("u"))).0
        m = Fixture.keys(m, "T99").0
        let (bad, badFx) = Fixture.send(m, .key(.enter))
        #expect(badFx.isEmpty)
        guard case .prompt(let bp) = bad.overlay else { Issue.record("prompt closed"); return }
        #expect(bp.error == "There is no table \"T99\".")
        let fixed = Fixture.keys(Fixture.send(Fixture.send(bad, .key(.ctrl("u"))).0, .key(.char("t"))).0, "11")
        let (_, okFx) = Fixture.send(fixed.0, .key(.enter))
        #expect(okFx == [.change(Fixture.entries[2].id, ReservationChange(tableLabel: "T11"))])

        var p2 = Fixture.keys(onWang(), "p").0
        p2 = Fixture.send(p2, .key(.backspace)).0
        p2 = Fixture.keys(p2, "4").0
        #expect(Fixture.send(p2, .key(.enter)).1 == [.change(Fixture.entries[2].id, ReservationChange(partySize: 4))])
    }

    @Test func aResultClosesThePromptAndReloads() {
        var s = Fixture.keys(onWang(), "e").0
        var e = Fixture.entries[2]
        e.reservation.notes = "window"
        let (after, fx) = Fixture.send(s, .reservationUpdated(e))
        #expect(after.overlay == nil)
        #expect(fx == [.loadDay(1, Fixture.date)])
        s = after
        #expect(s.message?.text == "王小明 ×3 at T3 21:30: confirmed.")
    }

    @Test func errorsFromTheCoreShowInTheOpenForm() {
        let s = Fixture.keys(onWang(), "m").0
        let after = Fixture.send(s, .failed(.tableTaken(table: "T11", from: "21:00", to: "22:30", guest: "Dupont"))).0
        guard case .prompt(let p) = after.overlay else { Issue.record("prompt closed"); return }
        #expect(p.error?.hasPrefix("Table T11 is taken") == true)
        let plain = Fixture.send(Fixture.state(), .failed(.databaseUnavailable(detail: "x"))).0
        #expect(plain.message == StatusMessage("The database cannot be reached (x). Retrying; what you typed is kept.", isError: true))
    }
}

@Suite struct ReadOnlyTests {
    @Test func nothingThatWritesCanBeStarted() {
        let s = Fixture.state(readOnly: true)
        for key in ["n", "w", "s", "x", "m", "c"] {
            let (after, fx) = Fixture.keys(s, key)
            #expect(fx.allSatisfy { !$0.isWrite }, "\(key)")
            #expect(after.overlay == nil, "\(key)")
            #expect(after.message?.text.hasPrefix("Read-only mode") == true, "\(key)")
        }
        var c = Fixture.send(s, .key(.char(":"))).0
        c = Fixture.keys(c, "seat T3").0
        let (_, fx) = Fixture.send(c, .key(.enter))
        #expect(fx.isEmpty)
    }

    @Test func updateDropsWriteEffectsEvenIfAPathForgotToCheck() {
        var s = Fixture.state(readOnly: true)
        s.overlay = .confirm(ConfirmPrompt("?", .cancelReservation(Fixture.entries[2].id)), under: nil)
        let (_, fx) = Fixture.keys(s, "y")
        #expect(fx.isEmpty)
    }
}

@Suite struct DayAndCommandTests {
    @Test func bracketsTAndGoChangeTheDay() {
        var (s, fx) = Fixture.keys(Fixture.state(), "[")
        #expect(s.date == LocalDate(year: 2026, month: 12, day: 17)!)
        #expect(fx == [.loadDay(1, LocalDate(year: 2026, month: 12, day: 17)!)])
        #expect(s.day == nil)
        // The late answer for the day we left is ignored.
        s = Fixture.send(s, .dayLoaded(Fixture.sheet())).0
        #expect(s.day == nil)
        (s, fx) = Fixture.keys(s, "t")
        #expect(fx == [.loadDay(1, Fixture.date)])
        (s, fx) = Fixture.keys(Fixture.state(), "g")
        s = Fixture.keys(s, "24/12").0
        (s, fx) = Fixture.send(s, .key(.enter))
        #expect(fx == [.loadDay(1, LocalDate(year: 2026, month: 12, day: 24)!)])
        #expect(s.overlay == nil)
    }

    @Test func commandLineRunsCommands() {
        func run(_ line: String, _ s: AppState = Fixture.state()) -> (AppState, [Effect]) {
            var st = Fixture.send(s, .key(.char(":"))).0
            st = Fixture.keys(st, line).0
            return Fixture.send(st, .key(.enter))
        }
        #expect(run("seat T3").1 == [.apply(.seat, Fixture.entries[2].id)])
        #expect(run("theme light").1 == [.loadTheme("light")])
        #expect(run("theme neon").0.message?.isError == true)
        #expect(run("date tomorrow").1 == [.loadDay(1, LocalDate(year: 2026, month: 12, day: 19)!)])
        let (w, _) = run("walkin 3")
        guard case .walkIn(let f) = w.overlay else { Issue.record("no walk-in"); return }
        #expect(f.party.text == "3")
        let (_, fx) = run("book 4 19:30 Garcia 600123456")
        #expect(fx == [.book(BookingRequest(restaurantID: 1, date: Fixture.date, time: TimeOfDay(hour: 19, minute: 30)!,
                                            partySize: 4, guest: .new(name: "Garcia", phone: "600123456", email: nil)))])
        #expect(run("seat T6").0.message?.text.contains("No confirmed booking to seat at T6") == true)
        #expect(run("bogus").0.message?.isError == true)
    }

    @Test func tabCompletesAndCycles() {
        var s = Fixture.send(Fixture.state(), .key(.char(":"))).0
        s = Fixture.keys(s, "theme ").0
        s = Fixture.send(s, .key(.tab)).0
        #expect(s.commandLine?.field.text == "theme default")
        s = Fixture.send(s, .key(.tab)).0
        #expect(s.commandLine?.field.text == "theme 256")
        s = Fixture.send(s, .key(.esc)).0
        #expect(s.commandLine == nil)
    }

    @Test func changesElsewhereReloadOnlyTheDayShown() {
        #expect(Fixture.send(Fixture.state(), .changeFeed(date: Fixture.date)).1 == [.loadDay(1, Fixture.date)])
        #expect(Fixture.send(Fixture.state(), .changeFeed(date: nil)).1 == [.loadDay(1, Fixture.date)])
        #expect(Fixture.send(Fixture.state(), .changeFeed(date: Fixture.date.adding(days: 3))).1.isEmpty)
    }

    @Test func ticksMoveTheClockAskForHealthAndFollowMidnight() {
        var s = Fixture.state()
        let (a, fx) = Fixture.send(s, .tick(Fixture.at(21, 11)))
        #expect(fx == [.checkHealth])
        #expect(Fixture.send(a, .tick(Fixture.at(21, 11).addingTimeInterval(5))).1.isEmpty)
        s = a
        let (b, fx2) = Fixture.send(s, .tick(Fixture.at(0, 5, on: Fixture.date.adding(days: 1))))
        #expect(b.date == Fixture.date.adding(days: 1))
        #expect(fx2.contains(.loadDay(1, Fixture.date.adding(days: 1))))
    }
}
