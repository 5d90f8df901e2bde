import Foundation
@testable import ReservationDomain
import Testing
@testable import ReservaFlowUI

/// Issue 8, "the podium, right every time": the waitlist as hosts use it (phone, quote as minutes and time
/// of day, told-ready time, order, seating at a chosen table), arrival marks, and the day's shift notes.
@Suite struct PodiumWaitlistTests {
    /// Pérez (waiting since 21:00, quoted 20 min) and Ibáñez (added 21:05, told at 21:08), at 21:10.
    static func state(width: Int = 80, height: Int = 24) -> AppState {
        var sheet = Fixture.sheet()
        sheet.waitlist.append(WaitlistEntry(id: 2, restaurantID: 1, name: "Ibáñez", phone: "+447700900123", partySize: 4,
                                            quotedMinutes: 15, status: .notified, createdAt: Fixture.at(21, 5),
                                            position: 0, notifiedAt: Fixture.at(21, 8)))
        let s = Fixture.state(width: width, height: height)
        return Fixture.send(s, .dayLoaded(sheet)).0
    }

    func text(_ s: AppState) -> [String] { render(s, size: s.size).lines() }

    @Test func theListShowsPhoneQuoteTimeWaitAndToldInTheHostsOrder() {
        for (w, h) in [(80, 24), (160, 48)] {
            let s = Fixture.keys(Self.state(width: w, height: h), "W").0
            let lines = text(s)
            let all = lines.joined(separator: "\n")
            // Position first: Ibáñez (position 0) was moved above Pérez (position 1, its id).
            let ibanez = lines.firstIndex { $0.contains("Ibáñez") }, perez = lines.firstIndex { $0.contains("Pérez") }
            #expect(ibanez != nil && perez != nil && ibanez! < perez!, "\(w)x\(h):\n\(all)")
            #expect(all.contains("633 444 555"), "the venue's own number without +34, grouped: \(w)x\(h)\n\(all)")
            #expect(all.contains("+44 770 090 0123"), "a foreign one with its code: \(w)x\(h)\n\(all)")
            #expect(all.contains("~20 min, by 21:20 · waited 10 min"), "\(w)x\(h)\n\(all)")
            #expect(all.contains("~15 min, by 21:20 · waited 5 min · told 2 min ago"), "\(w)x\(h)\n\(all)")
            #expect(all.contains("K/J move"), "\(w)x\(h)")
        }
    }

    @Test func seatingOffersTheBestFreeTableAndArrowsOrATypedLabelChooseAnother() throws {
        var s = Fixture.keys(Self.state(), "Wj").0  // Pérez ×2 (second in the host's order)
        s = Fixture.keys(s, "s").0
        guard case .waitlistSeat(let f) = s.overlay else { Issue.record("no seat form"); return }
        #expect(f.entryID == 1 && f.party == 2)
        let plan = try #require(s.waitlistSeatPlan(f))
        #expect(plan.table?.label == "B1", "the smallest free table that fits, as the walk-in form offers")
        let screen = text(s).joined(separator: "\n")
        #expect(screen.contains("Seat Pérez ×2"))
        #expect(screen.contains("B1 (1-2) is free now"), "\(screen)")
        // → the next free table, as in the walk-in form; Enter seats there.
        let second = try #require(plan.choices.dropFirst().first)
        let (moved, fx) = Fixture.press(s, .right, .enter)
        #expect(fx == [.seatWaitlist(1, table: second.label)])
        guard case .waitlistSeat(let busy) = moved.overlay else { Issue.record("form closed early"); return }
        #expect(busy.submitting)
        // A typed label: a table that is taken is explained and nobody is seated.
        var typed = Fixture.keys(s, "T2").0
        (typed, _) = Fixture.press(typed, .enter)
        guard case .waitlistSeat(let refused) = typed.overlay else { Issue.record("closed"); return }
        #expect(refused.error == "T2 is not free for 2 now: booked: Müller 19:00-21:00.")
        #expect(Fixture.press(typed, .enter).1.isEmpty)
        // Esc goes back to the list, on the same row.
        #expect(Fixture.press(s, .esc).0.overlay == .waitlist(index: 1))
        // Seated: back on the list.
        let done = Fixture.send(moved, .waitlistUpdated(.seated(Fixture.entries[0]))).0
        guard case .waitlist = done.overlay else { Issue.record("not back on the list"); return }
    }

    @Test func movingUpAndDownAsksTheCoreAndTheCursorFollows() {
        let s = Fixture.keys(Self.state(), "Wj").0
        let (up, fx) = Fixture.keys(s, "K")
        #expect(fx == [.moveWaitlist(1, up: true)])
        #expect(up.overlay == .waitlist(index: 0))
        // Already last: said, nothing asked.
        let (last, none) = Fixture.keys(s, "J")
        #expect(none.isEmpty)
        #expect(last.message?.text == "Pérez is already last on the waitlist.")
        #expect(Fixture.keys(Fixture.keys(Self.state(), "W").0, "+").1 == [.moveWaitlist(2, up: false)])
        // Read-only terminals move nothing.
        let ro = Fixture.keys(Fixture.state(readOnly: true), "WK")
        #expect(ro.1.isEmpty)
    }

    @Test func toldReadyIsRecordedAndSaysSo() {
        let s = Fixture.keys(Self.state(), "Wj").0
        #expect(Fixture.keys(s, "m").1 == [.notifyWaitlist(1)])
        var told = Fixture.waitlist[0]
        told.status = .notified
        told.notifiedAt = Fixture.now
        let after = Fixture.send(s, .waitlistUpdated(.notified(told))).0
        #expect(after.message?.text == "Pérez: told their table is ready (recorded)")
    }
}

@Suite struct ArrivalMarkTests {
    let zoe = Fixture.entries[3]  // T4 21:00, confirmed, 10 min late at 21:10

    func with(_ arrival: ArrivalState, width: Int = 160, height: Int = 48) -> AppState {
        var sheet = Fixture.sheet()
        sheet.entries[3].reservation.arrival = arrival
        var s = Fixture.send(Fixture.state(width: width, height: height), .dayLoaded(sheet)).0
        s.selectedReservation = zoe.id
        return s
    }

    @Test func vCyclesNotPartlyAllAndUndoIsOffered() {
        #expect(Fixture.keys(with(.none), "v").1 == [.setArrival(zoe.id, .partial)])
        #expect(Fixture.keys(with(.partial), "v").1 == [.setArrival(zoe.id, .arrived)])
        #expect(Fixture.keys(with(.arrived), "v").1 == [.setArrival(zoe.id, .none)])
        var marked = zoe
        marked.reservation.arrival = .partial
        let s = Fixture.send(with(.none), .arrivalChanged(marked)).0
        #expect(s.message?.text.hasPrefix("Zoë 🎉 Party ×5 at T4 21:00: partly arrived. u undoes it") == true)
        #expect(Fixture.keys(s, "u").1 == [.undo(zoe.id)])
        var back = zoe
        back.reservation.arrival = .partial
        #expect(Fixture.send(s, .undone(.restored(back))).0.message?.text == "Undone: Zoë 🎉 Party ×5 at T4 21:00 is confirmed, partly arrived again.")
    }

    @Test func aSeatedPartyIsNotMarkedAndReadOnlyWritesNothing() {
        var s = with(.none)
        s.selectedReservation = Fixture.entries[0].id  // Ana, seated
        let (after, fx) = Fixture.keys(s, "v")
        #expect(fx.isEmpty)
        #expect(after.message?.text == "García López, Ana ×2 is already seated: the whole party is in.")
        var ro = Fixture.state(readOnly: true)
        ro.selectedReservation = zoe.id
        #expect(Fixture.keys(ro, "v").1.isEmpty)
    }

    @Test func floorTimelineAndLateListShowTheMarks() {
        // Floor tile: the arrival glyph and word instead of the minutes late; the timeline block starts with it.
        let partly = render(with(.partial), size: Size(width: 160, height: 48)).lines().joined(separator: "\n")
        #expect(partly.contains("◑ 21:00 part"), "\(partly)")
        #expect(partly.contains("◑Zoë"), "\(partly)")
        let all = render(with(.arrived), size: Size(width: 160, height: 48)).lines().joined(separator: "\n")
        #expect(all.contains("◉ 21:00 here"), "\(all)")
        #expect(all.contains("◉Zoë"), "\(all)")
        // ASCII twins.
        var ascii = with(.partial)
        ascii.config.ascii = true
        #expect(render(ascii, size: ascii.size).lines().joined().contains("% 21:00 part"))
        // The late list: a party partly here is still late, and says so; one all here is not late.
        let late = Fixture.keys(with(.partial, width: 80, height: 24), "o").0
        #expect(render(late, size: late.size).lines().contains { $0.contains("10  min late  ◑ partly arrived  Zoë") })
        #expect(DayIndex(sheet: with(.arrived).day!.sheet).lateArrivals(now: Fixture.now).isEmpty)
        // The status line sentence.
        #expect(TableStatus.arriving(with(.partial).day!.sheet.entries[3]).sentence(clock: Fixture.clock, now: Fixture.now)
                == "partly arrived for 21:00: Zoë 🎉 Party ×5")
    }
}

@Suite struct ShiftNoteUITests {
    static let note = ShiftNote(restaurantID: 1, date: Fixture.date, text: "VIP Ruiz at T4 21:30, birthday cake; short one waiter until 22:00",
                                updatedBy: "Lola Mena", updatedAt: Fixture.at(17, 45))

    static func state(width: Int, height: Int, role: StaffRole = .host, note: ShiftNote? = note) -> AppState {
        var sheet = Fixture.sheet()
        sheet.shiftNote = note
        var s = Fixture.state(width: width, height: height)
        s.staff?.role = role
        return Fixture.send(s, .dayLoaded(sheet)).0
    }

    @Test func theHeaderShowsTheNoteCutToFit() {
        let wide = render(Self.state(width: 160, height: 48), size: Size(width: 160, height: 48)).lines()[0]
        #expect(wide.contains("✎ VIP Ruiz at T4 21:30, birthday cake"), "\(wide)")
        #expect(wide.contains("Dinner 19:00-23:30"), "the full day form still fits at 160: \(wide)")
        #expect(wide.contains("Marta Vidal (host)"))
        let narrow = render(Self.state(width: 80, height: 24), size: Size(width: 80, height: 24)).lines()[0]
        #expect(narrow.contains("✎ VIP Ruiz"), "\(narrow)")
        #expect(narrow.contains("…"), "cut with an ellipsis: \(narrow)")
        #expect(narrow.contains("21:10") && narrow.contains("Marta Vidal (host)"), "the clock and who stay: \(narrow)")
        #expect(narrow.displayWidth <= 80)
        // No note: the header as before.
        let plain = render(Self.state(width: 80, height: 24, note: nil), size: Size(width: 80, height: 24)).lines()[0]
        #expect(!plain.contains("✎"))
    }

    @Test func aHostSeesTheWholeNoteAndIsToldWhyNotToEdit() {
        let host = Self.state(width: 80, height: 24)
        let shown = Fixture.send(Fixture.keys(host, ":note").0, .key(.enter))
        #expect(shown.1.isEmpty)
        #expect(shown.0.message?.text == "Shift notes (Lola Mena, 17:45): \(Self.note.text)")
        let refused = Fixture.send(Fixture.keys(host, ":note Cake at 22").0, .key(.enter))
        #expect(refused.1.isEmpty)
        #expect(refused.0.message?.text == "A host cannot change the shift notes. Ask a manager.")
    }

    @Test func aManagerEditsInAPromptAndOtherTerminalsSeeIt() {
        let manager = Self.state(width: 80, height: 24, role: .manager)
        var s = Fixture.send(Fixture.keys(manager, ":note").0, .key(.enter)).0
        guard case .prompt(let p) = s.overlay, case .shiftNote(let d) = p.kind else { Issue.record("no prompt"); return }
        #expect(d == Fixture.date && p.field.text == Self.note.text)
        s = Fixture.keys(s, " + terrace closed").0
        let (_, fx) = Fixture.press(s, .enter)
        #expect(fx == [.setShiftNote(1, Fixture.date, Self.note.text + " + terrace closed")])
        // Saved: the header shows it at once, and the prompt closes.
        var saved = Self.note
        saved.text = "Terrace closed"
        let after = Fixture.send(s, .shiftNoteSaved(Fixture.date, saved)).0
        #expect(after.overlay == nil)
        #expect(render(after, size: after.size).lines()[0].contains("✎ Terrace clos"))
        let direct = Fixture.send(Fixture.keys(manager, ":note Cake at 22").0, .key(.enter))
        #expect(direct.1 == [.setShiftNote(1, Fixture.date, "Cake at 22")])
    }
}
