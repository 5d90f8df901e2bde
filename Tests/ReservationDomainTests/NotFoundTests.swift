import Foundation
import Testing
@testable import ReservationDomain

/// A miss carries its kind and id; its sentence is made in one place and reads as it always has.
@Suite("not found, by kind")
struct NotFoundTests {
    static let wordings: [(ReservationError, String)] = [
        (.notFound(.reservation, id: "00000000-0000-0000-0000-000000000000"), "Reservation 00000000-0000-0000-0000-000000000000 was not found."),
        (.notFound(.reservation, id: "ab12cd"), "Reservation ab12cd was not found."),
        (.notFound(.guest, id: "987654"), "Guest 987654 was not found."),
        (.notFound(.guest, id: "12", at: "this venue"), "Guest 12 at this venue was not found."),
        (.notFound(.guestAccount, id: "3"), "Guest account 3 was not found."),
        (.notFound(.venue, id: "7"), "Venue 7 was not found."),
        (.notFound(.venue, id: "bistro"), "Venue \"bistro\" was not found."),
        (.notFound(.table, id: "T9", at: "E2E Bistro"), "Table T9 at E2E Bistro was not found."),
        (.notFound(.waitlistEntry, id: "424242"), "Waitlist entry 424242 was not found."),
        (.notFound(.staffMember, id: "ana"), "Staff member ana was not found."),
        (.notFound(.notification, id: "5"), "Notification 5 was not found."),
    ]

    @Test("each kind's sentence", arguments: wordings)
    func wording(error: ReservationError, text: String) {
        #expect(error.description == text)
        #expect(error.answer.httpStatus == 404 && error.answer.exitCode == 2 && error.answer.body.error == text)
    }

    @Test("an id typed or sent from outside is echoed clean and cut")
    func untrustedID() {
        let long = String(repeating: "x", count: 500)
        #expect(ReservationError.notFound(.staffMember, id: "ana\u{1B}[2J").description == "Staff member ana was not found.")
        #expect(ReservationError.notFound(.venue, id: long).description.count < 100)
    }

    @Test("kinds tell misses apart; the id and the place are part of what was missed")
    func equality() {
        #expect(ReservationError.notFound(.guest, id: "1") != .notFound(.reservation, id: "1"))
        #expect(ReservationError.notFound(.guest, id: "1") != .notFound(.guest, id: "2"))
        #expect(ReservationError.notFound(.guest, id: "1") != .notFound(.guest, id: "1", at: "this venue"))
    }
}
