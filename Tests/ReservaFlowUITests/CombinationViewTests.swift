import Foundation
import Testing
@testable import ReservationDomain
@testable import ReservaFlowUI

/// Joined tables (issue 8): the floor and the timeline show a combined booking on every table it holds,
/// and the booking and walk-in forms offer a combination when no single table takes the party.
@Suite struct CombinationViewTests {
    static let terrace = TableCombination(id: 1, tableIDs: [10, 11], labels: ["T10", "T11"], minCovers: 5, maxCovers: 8)
    static let main = TableCombination(id: 2, tableIDs: [4, 6], labels: ["T4", "T6"], minCovers: 9, maxCovers: 14)

    /// The fixture day plus Smith ×7 seated at T10+T11 since 21:00.
    static func sheet(joined: Bool = true) -> DaySheet {
        var s = Fixture.sheet()
        s.combinations = [terrace, main]
        if joined {
            var e = Fixture.entry(9, Fixture.smith, table: 10, label: "T10", party: 7, from: (21, 0), to: (23, 30), .seated, seatedAt: Fixture.at(21, 0))
            e.reservation.joinedTableIDs = [11]
            e.tableLabels = ["T10", "T11"]
            s.entries.append(e)
        }
        return s
    }

    static func state(width: Int, height: Int, joined: Bool = true) -> AppState {
        Fixture.send(Fixture.state(width: width, height: height), .dayLoaded(sheet(joined: joined))).0
    }

    @Test(arguments: [(160, 48), (80, 24), (80, 22)])
    func theFloorShowsTheJoinOnEveryTile(size: (Int, Int)) {
        let s = Fixture.keys(Self.state(width: size.0, height: size.1), "2").0  // the Terrace
        let lines = render(s, size: s.size).lines().joined(separator: "\n")
        #expect(lines.contains("T10(4)+T11"), "\(lines)")
        #expect(lines.contains("T11(4)+T10"), "\(lines)")
        // Both tiles are the seated party's.
        #expect(TableStatus.of(Fixture.tables[8], in: s.day!, now: s.now, ownLease: nil).entry?.customer == Fixture.smith)
        // A table of no combination carries no mark.
        #expect(!lines.contains("T1(2)+"))
    }

    @Test func theGuestPaneAndMessagesNameTheCombination() {
        let s = Fixture.keys(Self.state(width: 160, height: 48), "2").0
        let text = render(s, size: s.size).lines().joined(separator: "\n")
        #expect(text.contains("T10+T11 · 21:00-23:30 · ×7 · seated"), "\(text)")
    }

    @Test func theTimelineDrawsTheBlockOnEachRow() {
        let s = Fixture.send(Self.state(width: 160, height: 48), .key(.tab)).0
        let lines = render(s, size: s.size).lines()
        #expect(lines.contains { $0.hasPrefix("│T10") && $0.contains("Smith 7 +T11") } || lines.contains { $0.contains("T10 ") && $0.contains("Smith 7 +T11") },
                "\(lines.joined(separator: "\n"))")
        #expect(lines.contains { $0.contains("T11 ") && $0.contains("Smith 7 +T10") }, "\(lines.joined(separator: "\n"))")
        #expect(s.day!.entries(for: 11).map(\.customer) == [Fixture.smith])
    }

    @Test func theBookingFormOffersCombinationsWhenNoTableSeatsTheParty() {
        var s = Fixture.keys(Self.state(width: 80, height: 24, joined: false), "n").0
        guard case .booking(var f) = s.overlay else { Issue.record("no form"); return }
        f.time.set("21:30")
        f.party.set("10")
        f.focus = .table
        f.availabilityQuery = AvailabilityQuery(date: Fixture.date, party: 10)
        s.overlay = .booking(f)
        // T4+T6 is offered by the core's answer, but the loaded day has T4 booked (Zoë) and T6 held (Ana): it
        // drops out, as single tables taken elsewhere do.
        let slot = Slot(time: TimeOfDay(hour: 21, minute: 30)!, start: Fixture.at(21, 30), service: "dinner", tables: [],
                        combinations: [Self.main,
                                       TableCombination(id: 3, tableIDs: [1, 2], labels: ["T1", "T2"], minCovers: 9, maxCovers: 10),
                                       TableCombination(id: 4, tableIDs: [10, 11], labels: ["T10", "T11"], minCovers: 9, maxCovers: 12)])
        s = Fixture.send(s, .availabilityLoaded(AvailabilityResult(date: Fixture.date, partySize: 10, turnMinutes: 150, slots: [slot]))).0
        let form = Fixture.bookingForm(s)
        #expect(form?.effectiveTable(service: s.day?.serviceSpan) == "T1+T2")
        let text = render(s, size: s.size).lines().joined(separator: "\n")
        #expect(text.contains("T1+T2 9-10"), "\(text)")
        #expect(text.contains("T10+T11 9-12"), "\(text)")
        #expect(!text.contains("T4+T6"), "\(text)")
        // → picks the next combination; the party of 10 is no problem at this venue any more.
        let (next, fx) = Fixture.press(s, .right)
        #expect(Fixture.bookingForm(next)?.tableLabel == "T10+T11")
        // Issue 20, item 4: the form holds the whole combination, not its first table only.
        #expect(fx.contains(.acquireLease(1, [10, 11], start: Fixture.at(21, 30), end: Fixture.at(21, 30).addingTimeInterval(150 * 60))), "\(fx)")
        #expect(Fields.partyProblem(10, rules: Fixture.restaurant.rules, tables: Fixture.tables, combinations: Self.sheet().combinations) == nil)
        #expect(Fields.partyProblem(10, rules: Fixture.restaurant.rules, tables: Fixture.tables) != nil)
    }

    @Test func aWalkInOfTenIsOfferedTheFreeCombination() {
        // T4 (5, 21:00-23:30) makes T4+T6 busy; T10+T11 is free now.
        let day = Self.state(width: 80, height: 24, joined: false).day!
        let plan = WalkInPlan.compute(day: day, party: 7, now: Fixture.now)
        #expect(plan.table == nil)
        #expect(plan.seatLabel == "T10+T11")
        #expect(plan.choiceLabels == ["T10+T11"])
        let chosen = WalkInPlan.compute(day: day, party: 7, now: Fixture.now, preferred: "t11+t10")
        #expect(chosen.combination == Self.terrace)
        let busy = WalkInPlan.compute(day: day, party: 10, now: Fixture.now, preferred: "T4+T6")
        #expect(busy.problem == "T4+T6 is not free for 10 now: booked: Zoë 🎉 Party 21:00-23:30.")
        // On the floor with the combination seated, neither table is offered alone.
        let seated = Self.state(width: 80, height: 24).day!
        #expect(!WalkInPlan.compute(day: seated, party: 3, now: Fixture.now).choices.contains { $0.id == 10 || $0.id == 11 })
    }

    @Test func seatingFromTheWaitlistOffersTheCombinationAndEnterSeatsThere() throws {
        // Vega ×7: T6 (the one table for 7) is held by Ana, so T10+T11 is offered.
        var s = Self.state(width: 80, height: 24, joined: false)
        let vega = WaitlistEntry(id: 9, restaurantID: 1, name: "Vega", phone: nil, partySize: 7, quotedMinutes: 10,
                                 status: .waiting, createdAt: Fixture.at(21, 0))
        s.overlay = .waitlistSeat(WaitlistSeatForm(entry: vega, index: 0))
        guard case .waitlistSeat(let f) = s.overlay else { Issue.record("no seat form"); return }
        #expect(try #require(s.waitlistSeatPlan(f)).seatLabel == "T10+T11")
        let screen = render(s, size: s.size).lines().joined(separator: "\n")
        #expect(screen.contains("T10+T11 (5-8) is free now"), "\(screen)")
        #expect(Fixture.press(s, .enter).1 == [.seatWaitlist(9, table: "T10+T11")])
    }
}
