import Foundation
@testable import ReservationDomain
import Testing
@testable import ReservaFlowUI

/// Issue 18: a booking whose save was cut off is neither "booked" nor "failed" until it is read back. The
/// form keeps its input and cannot be sent twice meanwhile.
@Suite struct UnknownOutcomeTests {
    /// A new guest's booking form, Enter pressed: the booking effect is out.
    func submitted() -> AppState {
        var s = Fixture.keys(Fixture.state(), "nPedro Gil").0
        s = Fixture.press(s, .tab, .tab).0
        s = Fixture.keys(s, "611999888").0
        s = Fixture.press(s, .tab, .tab).0
        s = Fixture.keys(s, "21:30").0
        s = Fixture.keys(Fixture.press(s, .tab).0, "2").0
        let (t, fx) = Fixture.press(s, .enter)
        #expect(Fixture.bookedGuest(fx) != nil)
        return t
    }

    let id = UUID(uuidString: "3f2a9c1e-0000-4000-8000-000000000001")!

    @Test func aCutOffBookingIsCheckedNotReportedAndCannotBeSentAgain() throws {
        let (s, fx) = Fixture.send(submitted(), .failed(.outcomeUnknown(detail: "server closed the connection", reservation: id)))
        #expect(fx.contains(.settleBooking(id)))
        let f = try #require(Fixture.bookingForm(s))
        #expect(f.submitting)
        #expect(f.error?.hasPrefix("Checking… the connection broke while booking 3f2a9c1e was saved") == true)
        #expect(f.name.text == "Pedro Gil", "the host's input is kept")
        #expect(Fixture.bookedGuest(Fixture.press(s, .enter).1) == nil, "Enter while checking would book twice")
        let lines = render(s, size: s.size).lines()
        #expect(lines.contains { $0.contains("Checking") }, "\(lines.joined(separator: "\n"))")
    }

    @Test func readBackSavedIsBooked() throws {
        let s = Fixture.send(submitted(), .failed(.outcomeUnknown(detail: "x", reservation: id))).0
        let entry = Fixture.entry(9, Fixture.smith, table: 5, label: "T5", party: 2, from: (21, 30), to: (23, 0), .confirmed)
        let (t, _) = Fixture.send(s, .bookingSettled(id, entry))
        #expect(Fixture.bookingForm(t) == nil)
        #expect(t.message?.text.hasPrefix("Booked Smith ×2 at T5") == true)
    }

    @Test func readBackMissingSaysNotBookedAndEnterBooksAgain() throws {
        let s = Fixture.send(submitted(), .failed(.outcomeUnknown(detail: "x", reservation: id))).0
        let (t, _) = Fixture.send(s, .bookingSettled(id, nil))
        let f = try #require(Fixture.bookingForm(t))
        #expect(!f.submitting)
        #expect(f.error == "Not booked: the connection broke before booking 3f2a9c1e was saved. Press Enter to book it again.")
        #expect(Fixture.bookedGuest(Fixture.press(t, .enter).1) == .new(name: "Pedro Gil", phone: "611999888", email: nil))
    }
}
