import Foundation
@testable import ReservationDomain
import Testing
@testable import ReservaFlowUI

/// Issue 8, item 5: `u` takes back the last status change made here; the destructive single keys ask
/// on the status line first (y yes, n or Esc no).
@Suite struct UndoKeyTests {
    let ana = Fixture.entries[0]  // seated at T1, the table selected at start

    func statusRows(_ s: AppState) -> String {
        let lines = render(s, size: s.size).lines()
        return lines[(lines.count - 6)..<(lines.count - 1)].joined(separator: "\n")
    }

    @Test func finishAsksOnTheStatusLineAndEscMeansNo() {
        let (asked, fx) = Fixture.keys(Fixture.state(), "f")
        #expect(fx.isEmpty, "typing f (as in \"Sofia\") must not finish a seated party at once")
        guard case .confirm(let p, nil) = asked.overlay, p.action == .complete(ana.id) else {
            Issue.record("no question: \(String(describing: asked.overlay))"); return
        }
        let rows = statusRows(asked)
        #expect(rows.contains("Finish García López, Ana ×2 at T1"), "\(rows)")
        #expect(!render(asked, size: asked.size).lines().joined().contains("Are you sure?"), "asked on the status line, not in a box")
        // Other keys (the rest of "Sofia") do nothing while it asks; Esc is no.
        let typedOn = Fixture.keys(asked, "ia")
        #expect(typedOn.1.isEmpty && typedOn.0.overlay == asked.overlay)
        let (no, fxNo) = Fixture.send(asked, .key(.esc))
        #expect(no.overlay == nil && fxNo.isEmpty)
        #expect(Fixture.keys(asked, "y").1 == [.apply(.complete, ana.id)])
    }

    @Test func noShowAndCancelAskOnTheStatusLineToo() {
        var s = Fixture.state()
        s.selectedReservation = Fixture.entries[2].id  // 王小明, confirmed for 21:30
        s.now = Fixture.at(21, 50)  // late enough to be a no-show (earlier, `!` is refused before asking)
        for key in ["x", "!"] {
            let asked = Fixture.keys(s, key).0
            guard case .confirm(_, nil) = asked.overlay else { Issue.record("\(key) did not ask"); continue }
            #expect(statusRows(asked).contains("王小明"), "\(statusRows(asked))")
            #expect(Fixture.send(asked, .key(.esc)).1.isEmpty)
        }
    }

    @Test func uTakesBackTheLastStatusChangeWithinFiveMinutes() {
        var done = ana
        done.reservation.status = .completed
        var (s, _) = Fixture.send(Fixture.state(), .statusChanged(done))
        #expect(s.message?.text.contains("u undoes it (5 min)") == true, "\(s.message?.text ?? "")")
        #expect(Fixture.keys(s, "u").1 == [.undo(ana.id)])
        s = Fixture.send(s, .undone(.restored(ana))).0
        #expect(s.message?.text.hasPrefix("Undone: García López, Ana ×2 at T1") == true, "\(s.message?.text ?? "")")
        #expect(s.undoable == nil)
        #expect(Fixture.keys(s, "u").1.isEmpty, "nothing left to undo")
        // Past the window, u says so at once (the core would refuse it as well).
        s = Fixture.send(Fixture.state(), .statusChanged(done)).0
        s = Fixture.send(s, .tick(Fixture.now.addingTimeInterval(6 * 60))).0
        let (late, fx) = Fixture.keys(s, "u")
        #expect(!fx.contains(.undo(ana.id)))
        #expect(late.message?.isError == true && late.message?.text.contains("Nothing to undo") == true)
    }

    /// Issue 20, item 10: a walk-in or a waitlist party seated by mistake is taken back the same way.
    @Test func uTakesBackAWalkInOrAWaitlistSeating() {
        let walkIn = Fixture.entry(50, Fixture.dupont, table: 3, label: "T3", party: 3, from: (21, 10), to: (23, 0), .seated, seatedAt: Fixture.now)
        var (s, _) = Fixture.send(Fixture.state(), .walkInResult(.seated(walkIn)))
        #expect(s.message?.text == "Seated walk-in Dupont ×3 at T3. u undoes it (5 min).", "\(s.message?.text ?? "")")
        #expect(Fixture.keys(s, "u").1 == [.undo(walkIn.id)])
        s = Fixture.send(s, .undone(.withdrawn(walkIn, waitlist: nil))).0
        #expect(s.message?.text == "Undone: the seating of Dupont ×3 at T3 21:10 is withdrawn; T3 is free.", "\(s.message?.text ?? "")")
        #expect(s.undoable == nil)

        let perez = Fixture.waitlist[0]
        var fromList = walkIn
        fromList.customer = Customer(id: 107, restaurantID: 1, name: perez.name, phone: "")
        s = Fixture.send(Fixture.state(), .waitlistUpdated(.seated(fromList))).0
        #expect(s.message?.text.hasSuffix("u undoes it (5 min).") == true, "\(s.message?.text ?? "")")
        #expect(Fixture.keys(s, "u").1 == [.undo(fromList.id)])
        s = Fixture.send(s, .undone(.withdrawn(fromList, waitlist: perez))).0
        #expect(s.message?.text.hasSuffix("T3 is free. Pérez ×2 is on the waitlist again.") == true, "\(s.message?.text ?? "")")
    }

    @Test func readOnlyTerminalsCannotUndo() {
        var done = ana
        done.reservation.status = .completed
        let s = Fixture.send(Fixture.state(readOnly: true), .statusChanged(done)).0
        #expect(Fixture.keys(s, "u").1.isEmpty)
    }
}
