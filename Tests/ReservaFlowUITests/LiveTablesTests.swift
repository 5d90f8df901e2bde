import Foundation
@testable import ReservationDomain
import Testing
@testable import ReservaFlowUI

/// Issue 8, item 16: the form kept offering, first, a table another terminal was holding or had just booked,
/// and said "taken" only on Enter. Held and taken tables now drop out of the offer as the day follows them.
@Suite struct LiveTablesTests {
    static let slotStart = Fixture.at(22, 30)

    /// The booking form at 22:30 for 2, with T11, T10 and B2 free in the core's answer.
    func formAt2230() -> AppState {
        var s = Fixture.keys(Fixture.state(width: 160, height: 48), "n").0
        guard case .booking(var f) = s.overlay else { Issue.record("no form"); return s }
        f.time.set("22:30")
        f.party.set("2")
        f.availabilityQuery = AvailabilityQuery(date: Fixture.date, party: 2)
        s.overlay = .booking(f)
        let label = { (l: String) in Fixture.tables.first { $0.label == l }! }
        let slot = Slot(time: TimeOfDay(hour: 22, minute: 30)!, start: Self.slotStart, service: "dinner",
                        tables: [label("T11"), label("T10"), label("B2")])
        return Fixture.send(s, .availabilityLoaded(AvailabilityResult(date: Fixture.date, partySize: 2, turnMinutes: 90, slots: [slot]))).0
    }

    func offered(_ s: AppState) -> String? { Fixture.bookingForm(s)?.effectiveTable(service: s.day?.serviceSpan) }

    func lease(_ token: String, on table: TableID, holder: String) -> LeaseInfo {
        LeaseInfo(token: token, tableID: table, start: Self.slotStart, end: Self.slotStart.addingTimeInterval(90 * 60),
                  holder: holder, expiresAt: Fixture.now.addingTimeInterval(120))
    }

    @Test func aTableHeldAtAnotherTerminalIsNotOffered() {
        var s = formAt2230()
        #expect(offered(s) == "T11")
        s = Fixture.send(s, .leasesChanged([Fixture.lease, lease("other", on: 11, holder: "Luis")])).0
        #expect(offered(s) == "T10")
        let screen = render(s, size: s.size).lines().joined(separator: "\n")
        #expect(!screen.contains("T11 2-4") && screen.contains("T10 2-4"), "\(screen)")
        // Picked anyway (say from a timeline cell): the row says who has it.
        guard case .booking(var f) = s.overlay else { Issue.record("no form"); return }
        f.tableLabel = "T11"
        s.overlay = .booking(f)
        let picked = render(s, size: s.size).lines().joined(separator: "\n")
        #expect(picked.contains("T11: Luis is booking it at another terminal"), "\(picked)")
        // Their hold lapses or is released: offered again.
        s.overlay = .booking({ var g = f; g.tableLabel = nil; return g }())
        s = Fixture.send(s, .leasesChanged([Fixture.lease])).0
        #expect(offered(s) == "T11")
    }

    @Test func thisFormsOwnHoldDoesNotHideItsTable() {
        var s = formAt2230()
        let own = lease("mine", on: 11, holder: "Marta")
        s = Fixture.send(s, .leaseAcquired(own)).0
        #expect(Fixture.bookingForm(s)?.lease?.token == "mine")
        s = Fixture.send(s, .leasesChanged([Fixture.lease, own])).0
        #expect(offered(s) == "T11")
    }

    @Test func aTableJustBookedAtAnotherTerminalIsNotOffered() {
        var s = formAt2230()
        var sheet = Fixture.sheet()
        sheet.entries.append(Fixture.entry(41, Fixture.smith, table: 11, label: "T11", party: 2, from: (22, 15), to: (23, 45), .confirmed))
        s = Fixture.send(s, .dayLoaded(sheet)).0
        #expect(offered(s) == "T10")
        #expect(Fixture.bookingForm(s)?.takenElsewhere["T11"] == "booked: Smith 22:15-23:45")
    }

    /// Issue 20, item 6: two forms on one table, the other terminal wins. The loser kept "held for you" on
    /// a booked table and its floor showed the table as being booked by it.
    @Test func theLoserOfARaceLetsGoOfTheTableAndIsOfferedTheNext() {
        var s = formAt2230()
        s = Fixture.send(s, .leaseAcquired(lease("mine", on: 11, holder: "Marta"))).0
        #expect(Fixture.bookingForm(s)?.lease?.token == "mine")
        let (after, fx) = Fixture.send(s, .failed(.tableTaken(table: "T11", from: "22:15", to: "23:45", guest: "Host Racer")))
        #expect(Fixture.bookingForm(after)?.lease == nil, "the form still holds the table it lost")
        #expect(fx.contains(.releaseLease(token: "mine")), "\(fx)")
        #expect(fx.contains { if case .loadDay = $0 { true } else { false } }, "the day is not read again: \(fx)")
        #expect(Fixture.bookingForm(after)?.error?.contains("Host Racer") == true)
        // The day comes back with the winner's booking: the form offers the next table, and takes a hold on it.
        var sheet = Fixture.sheet()
        sheet.entries.append(Fixture.entry(41, Fixture.smith, table: 11, label: "T11", party: 2, from: (22, 30), to: (23, 59), .confirmed))
        let (next, nextFx) = Fixture.send(after, .dayLoaded(sheet))
        #expect(offered(next) == "T10")
        #expect(nextFx.contains { if case .acquireLease(_, let tables, _, _) = $0 { tables == [10] } else { false } }, "\(nextFx)")
    }
}
