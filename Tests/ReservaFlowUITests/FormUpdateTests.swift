import Foundation
@testable import ReservationDomain
import Testing
@testable import ReservaFlowUI

@Suite struct SearchTests {
    @Test func incrementalSearchAndStepping() {
        var (s, fx) = Fixture.keys(Fixture.state(), "/ga")
        #expect(s.search?.matches == [Fixture.entries[0].id, Fixture.entries[7].id])  // García seated at T1, then done at B1
        #expect(fx == [.searchCustomers(1, fragment: "ga")])
        s = Fixture.press(s, .tab).0
        #expect(s.selectedReservation == Fixture.entries[7].id)
        s = Fixture.press(s, .backTab).0
        #expect(s.selectedReservation == Fixture.entries[0].id)
        s = Fixture.send(s, .key(.enter)).0
        #expect(s.search == nil)
        #expect(s.message?.text == "Match 1 of 2: García López, Ana at T1 20:00.")
        guard case .booking = Fixture.keys(s, "n").0.overlay else { Issue.record("n books once Enter closed the search"); return }
    }

    @Test func matchesIgnoreAccentsCaseAndPhoneSpacing() {
        let day = DayIndex(sheet: Fixture.sheet())
        #expect(AppState.matches("MULLER", in: day, now: Fixture.now) == [Fixture.entries[1].id])
        #expect(AppState.matches("小明", in: day, now: Fixture.now) == [Fixture.entries[2].id])
        #expect(AppState.matches("611 222", in: day, now: Fixture.now) == [Fixture.entries[2].id])
        #expect(AppState.matches("zzz", in: day, now: Fixture.now).isEmpty)
    }

    @Test func guestsFromTheBookArePickable() {
        var s = Fixture.keys(Fixture.state(), "/ro").0
        s = Fixture.send(s, .customersFound(fragment: "ro", [Fixture.rossi, Fixture.dupont])).0
        #expect(s.search?.customers.count == 2)
        s = Fixture.send(s, .customersFound(fragment: "r", [Fixture.smith])).0
        #expect(s.search?.customers.count == 2, "a stale answer is ignored")
        s = Fixture.send(s, .key(.down)).0
        s = Fixture.send(s, .key(.down)).0
        let (after, fx) = Fixture.send(s, .key(.enter))
        #expect(after.customer?.customer.id == Fixture.dupont.id)
        #expect(fx.contains(.loadCustomerHistory(Fixture.dupont.id)))
    }
}

@Suite struct BookingFormTests {
    @Test func lookupPickAvailabilityLeaseAndBook() throws {
        var (s, fx) = Fixture.keys(Fixture.state(), "n")
        #expect(Fixture.bookingForm(s)?.focus == .guest)
        #expect(fx.isEmpty)
        (s, fx) = Fixture.keys(s, "600")
        #expect(fx.last == .searchCustomers(1, fragment: "600"))
        #expect(Fixture.bookingForm(s)?.phone.text == "600")
        s = Fixture.send(s, .customersFound(fragment: "600", [Fixture.ana])).0
        s = Fixture.send(s, .key(.down)).0
        s = Fixture.send(s, .key(.enter)).0
        #expect(Fixture.bookingForm(s)?.chosen == Fixture.ana)
        #expect(Fixture.bookingForm(s)?.focus == .date)
        s = Fixture.send(s, .key(.ctrl("u"))).0
        s = Fixture.keys(s, "tomorrow").0
        s = Fixture.send(s, .key(.tab)).0
        s = Fixture.keys(s, "8:30pm").0
        s = Fixture.send(s, .key(.tab)).0
        (s, fx) = Fixture.keys(s, "2")
        let tomorrow = Fixture.date.adding(days: 1)
        #expect(fx == [.loadAvailability(1, tomorrow, party: 2)])
        let t5 = Fixture.tables[4], t1 = Fixture.tables[0]
        let slot = Slot(time: TimeOfDay(hour: 20, minute: 30)!, start: Fixture.at(20, 30, on: tomorrow), service: "dinner", tables: [t1, t5])
        let avail = AvailabilityResult(date: tomorrow, partySize: 2, turnMinutes: 90, slots: [slot])
        (s, fx) = Fixture.send(s, .availabilityLoaded(avail))
        #expect(fx == [.acquireLease(1, [1], start: Fixture.at(20, 30, on: tomorrow), end: Fixture.at(22, 0, on: tomorrow))])
        let lease = LeaseInfo(token: "mine", tableID: 1, start: Fixture.at(20, 30, on: tomorrow), end: Fixture.at(22, 0, on: tomorrow),
                              holder: "Marta Vidal", expiresAt: Fixture.now.addingTimeInterval(60))
        s = Fixture.send(s, .leaseAcquired(lease)).0
        #expect(Fixture.bookingForm(s)?.lease == lease)
        // Picking the other table swaps the lease.
        s = Fixture.send(s, .key(.tab)).0
        #expect(Fixture.bookingForm(s)?.focus == .table)
        (s, fx) = Fixture.send(s, .key(.right))
        #expect(Fixture.bookingForm(s)?.tableLabel == "T5")
        #expect(fx == [.releaseLease(token: "mine"), .acquireLease(1, [5], start: Fixture.at(20, 30, on: tomorrow), end: Fixture.at(22, 0, on: tomorrow))])
        (s, fx) = Fixture.send(s, .key(.enter))
        #expect(fx == [.book(BookingRequest(restaurantID: 1, tableLabel: "T5", date: tomorrow, time: TimeOfDay(hour: 20, minute: 30)!,
                                            partySize: 2, guest: .existing(Fixture.ana.id), source: .phone))])
        #expect(Fixture.bookingForm(s)?.submitting == true)
        let booked = BookingOutcome(entry: Fixture.entries[0], degraded: false)
        (s, fx) = Fixture.send(s, .booked(booked))
        #expect(s.overlay == nil)
        #expect(fx == [.loadDay(1, Fixture.date)])
        #expect(s.message?.text.hasPrefix("Booked García López, Ana ×2 at T1") == true)
    }

    @Test func aNewGuestNeedsNameAndPhone() {
        var s = Fixture.keys(Fixture.state(), "n").0
        s = Fixture.keys(s, "Lee").0
        for _ in 0..<4 { s = Fixture.send(s, .key(.tab)).0 }  // name, phone, date, time
        s = Fixture.keys(s, "21:00").0
        s = Fixture.send(s, .key(.tab)).0
        s = Fixture.keys(s, "2").0
        let (noPhone, fx) = Fixture.send(s, .key(.enter))
        #expect(fx.isEmpty)
        #expect(Fixture.bookingForm(noPhone)?.focus == .phone)
        #expect(Fixture.bookingForm(noPhone)?.error == "Phone: a new guest needs a phone number.")
        var withPhone = Fixture.keys(noPhone, "+34 699 000 111").0
        withPhone = Fixture.send(withPhone, .key(.enter)).0
        #expect(Fixture.bookingForm(withPhone)?.submitting == true)
    }

    @Test func escapeAsksBeforeThrowingInputAwayAndReleasesTheLease() {
        var s = Fixture.keys(Fixture.state(), "nLee").0
        s = Fixture.send(s, .key(.esc)).0
        guard case .confirm(_, let under?) = s.overlay, case .booking = under else { Issue.record("did not ask"); return }
        s = Fixture.keys(s, "n").0
        #expect(Fixture.bookingForm(s) != nil, "n keeps the form")
        let empty = Fixture.send(Fixture.keys(Fixture.state(), "n").0, .key(.esc)).0
        #expect(empty.overlay == nil, "nothing typed: closes at once")
    }

    @Test func quitAsksWhenAFormHasInput() {
        let s = Fixture.keys(Fixture.state(), "nLee").0
        let (asked, fx) = Fixture.send(s, .key(.ctrl("c")))
        #expect(fx.isEmpty)
        guard case .confirm(let p, _) = asked.overlay, p.action == .quit else { Issue.record("did not ask"); return }
        let (gone, fx2) = Fixture.keys(asked, "y")
        #expect(gone.wantsQuit)
        #expect(fx2 == [.quit])
        let (plain, fx3) = Fixture.keys(Fixture.state(), "q")
        #expect(plain.wantsQuit && fx3 == [.quit])
    }
}

@Suite struct WalkInTests {
    @Test func bestTableNowThenSeat() {
        var s = Fixture.keys(Fixture.state(), "w2").0
        #expect(s.walkInPlan?.table?.label == "B1", "smallest table that fits comes first")
        let (after, fx) = Fixture.send(s, .key(.enter))
        #expect(fx == [.walkIn(1, party: 2, name: nil, table: "B1")], "Enter seats at the table the form shows")
        s = Fixture.send(after, .walkInResult(.seated(Fixture.entries[0]))).0
        #expect(s.overlay == nil)
    }

    @Test func noTableOffersTheWaitlistWithAQuote() throws {
        // The terrace 4-tops are taken too, so a party of four waits for T2, whose party is over its time.
        var sheet = Fixture.sheet()
        sheet.entries += [
            Fixture.entry(20, Fixture.rossi, table: 10, label: "T10", party: 4, from: (21, 0), to: (23, 0), .seated, seatedAt: Fixture.at(21, 0)),
            Fixture.entry(21, Fixture.dupont, table: 11, label: "T11", party: 3, from: (21, 0), to: (23, 0), .seated, seatedAt: Fixture.at(21, 0)),
        ]
        let loaded = Fixture.send(Fixture.state(), .dayLoaded(sheet)).0
        var s = Fixture.keys(loaded, "w4").0
        let plan = try #require(s.walkInPlan)
        #expect(plan.table == nil)
        let quote = try #require(plan.quotedMinutes)
        // T2's party is over its time: assumed to stay a quarter of an hour more (`SeatedOverrun`, the core's
        // rule too: the form quoted 5 while the waitlist stored 10); Pérez (2) ahead takes a bar seat.
        #expect(quote == 15)
        var (t, fx) = Fixture.send(s, .key(.enter))
        #expect(fx.isEmpty)
        guard case .walkIn(let f) = t.overlay else { Issue.record("closed"); return }
        #expect(f.focus == .name)
        s = Fixture.keys(t, "Vega").0
        (t, fx) = Fixture.send(s, .key(.enter))
        #expect(fx == [.addWaitlist(1, name: "Vega", phone: nil, party: 4, quotedMinutes: quote)])
    }

    /// An 8-top's three-hour turn fits no table before closing: no quote rather than a made-up one.
    @Test func aPartyNoTableCanTakeTodayGetsNoQuote() throws {
        let s = Fixture.keys(Fixture.state(), "w8").0
        let plan = try #require(s.walkInPlan)
        #expect(plan.table == nil)
        #expect(plan.quotedMinutes == nil)
    }

    @Test func waitlistActions() {
        var s = Fixture.keys(Fixture.state(), "W").0
        #expect(s.overlay == .waitlist(index: 0))
        // s asks which table (the best fit offered); Enter seats there.
        let seat = Fixture.keys(s, "s")
        #expect(seat.1.isEmpty)
        guard case .waitlistSeat = seat.0.overlay else { Issue.record("no seat form"); return }
        #expect(Fixture.press(seat.0, .enter).1 == [.seatWaitlist(1, table: "B1")])
        #expect(Fixture.keys(s, "m").1 == [.notifyWaitlist(1)])
        s = Fixture.keys(s, "x").0
        #expect(Fixture.keys(s, "y").1 == [.removeWaitlist(1)])
    }
}

@Suite struct ResizeTests {
    @Test func belowMinimumOnlyQuitWorks() {
        var s = Fixture.send(Fixture.state(), .resize(Size(width: 79, height: 24))).0
        #expect(Layout(size: s.size, focus: s.focus).mode == .tooSmall)
        s = Fixture.keys(s, "n").0
        #expect(s.overlay == nil)
        #expect(Fixture.keys(s, "q").1 == [.quit])
    }

    @Test func layoutModes() {
        #expect(Layout(size: Size(width: 80, height: 24), focus: .floor).mode == .compact)
        #expect(Layout(size: Size(width: 159, height: 60), focus: .floor).mode == .compact)
        #expect(Layout(size: Size(width: 160, height: 48), focus: .floor).mode == .full)
        // Issue 8, item 17: an 80x24 terminal inside tmux or screen is 80x23 (or 80x22 with two status
        // lines): it was refused with "please enlarge".
        #expect(Layout(size: Size(width: 80, height: 23), focus: .floor).mode == .compact)
        #expect(Layout(size: Size(width: 80, height: 22), focus: .floor).mode == .compact)
        #expect(Layout(size: Size(width: 80, height: 21), focus: .floor).mode == .tooSmall)
    }
}
