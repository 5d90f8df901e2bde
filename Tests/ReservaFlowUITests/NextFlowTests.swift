import Foundation
import Testing
@testable import ReservationDomain
@testable import ReservaFlowUI

/// Issue 20, "stay right when a host goes fast from one flow to the next": keys typed after `Enter` while a
/// walk-in or booking is being saved are the next flow. They used to be dropped (`w 2 Enter W w 3 …` seated
/// the walk-in and lost the waitlist add); now they run once the save answered and the day is read again,
/// and are dropped when the save did not happen.
@Suite struct NextFlowTests {
    func walkInBeingSaved() -> AppState {
        let s = Fixture.keys(Fixture.state(width: 160, height: 48), "w2").0
        let (saving, fx) = Fixture.press(s, .enter)
        #expect(fx.contains { if case .walkIn = $0 { true } else { false } }, "\(fx)")
        return saving
    }

    @Test func keysTypedWhileAWalkInIsSavedRunAfterIt() {
        var s = walkInBeingSaved()
        s = Fixture.keys(s, "W").0
        #expect(s.typeAhead == [.char("W")])
        let seated = Fixture.entry(77, Fixture.smith, table: 2, label: "T2", party: 2, from: (21, 0), to: (22, 30), .seated)
        let (answered, reload) = Fixture.send(s, .walkInResult(.seated(seated)))
        #expect(answered.overlay == nil)
        #expect(reload.contains { if case .loadDay = $0 { true } else { false } })
        let (after, _) = Fixture.send(answered, .dayLoaded(Fixture.sheet()))
        guard case .waitlist? = after.overlay else { Issue.record("the W typed during the save did not open the waitlist: \(String(describing: after.overlay))"); return }
        #expect(after.typeAhead.isEmpty)
    }

    @Test func keysTypedWhileASaveFailsAreDropped() {
        var s = walkInBeingSaved()
        s = Fixture.keys(s, "W").0
        let (failed, _) = Fixture.send(s, .failed(.invalid(field: "table", message: "T2 is not free for 2 now.")))
        #expect(failed.typeAhead.isEmpty)
        let (after, _) = Fixture.send(failed, .dayLoaded(Fixture.sheet()))
        guard case .walkIn? = after.overlay else { Issue.record("the form with the refusal is gone: \(String(describing: after.overlay))"); return }
    }
}

extension NextFlowTests {
    /// The outage case (OutageEndToEndTests): a booking form waiting for the database keeps its keys; an
    /// `Enter` there is not the next flow run later on the main screen.
    @Test func aFormWaitingForTheDatabaseKeepsItsKeys() {
        var s = Fixture.keys(Fixture.state(width: 160, height: 48), "n").0
        guard case .booking(var f) = s.overlay else { Issue.record("no form"); return }
        f.submitting = true
        s.overlay = .booking(f)
        s = Fixture.send(s, .bookingWaiting).0
        s = Fixture.press(s, .enter).0
        #expect(s.typeAhead.isEmpty)
    }
}
