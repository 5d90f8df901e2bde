import Foundation
import Testing
@testable import ReservationDomain

/// The pure parts of issue 8's podium: phones as hosts read them, arrival marks, shift notes' text.
@Suite struct PodiumDomainTests {
    @Test("stored phones read aloud: the venue's own without the code, foreign ones with it", arguments: [
        ("+34633444555", "34", "633 444 555"),
        ("+34912345678", "34", "912 345 678"),
        ("+447700900123", "34", "+44 770 090 0123"),
        ("+12125550123", "34", "+1 212 555 0123"),
        ("+351912345678", "34", "+351 912 345 678"),
        ("+4915112345678", "49", "151 123 456 78"),
        ("not a phone", "34", "not a phone"),
    ])
    func phoneDisplay(stored: String, country: String, shown: String) {
        #expect(PhoneDisplay.format(stored, countryCode: country) == shown)
    }

    @Test func arrivalCyclesAndReadsTheCLIWords() {
        #expect(ArrivalState.none.next == .partial && ArrivalState.partial.next == .arrived && ArrivalState.arrived.next == .none)
        #expect(ArrivalState(command: "partly-arrived") == .partial)
        #expect(ArrivalState(command: "arrived") == .arrived)
        #expect(ArrivalState(command: "not-arrived") == ArrivalState.none)
        #expect(ArrivalState(command: "here") == nil)
        // Shown only before seating.
        var r = Reservation(id: UUID(), restaurantID: 1, tableID: 1, customerID: 1, partySize: 2, startsAt: Date(), endsAt: Date(),
                            status: .confirmed, source: .phone, arrival: .partial)
        #expect(r.waitingArrival == .partial)
        r.status = .seated
        #expect(r.waitingArrival == ArrivalState.none)
    }

    @Test func shiftNotesAreOneCleanLineOfBoundedLength() throws {
        #expect(try Fields.shiftNote("  VIP at T4\n\n21:30\t cake \u{1B}[31m ") == "VIP at T4 21:30 cake")
        #expect(try Fields.shiftNote("   ") == "")
        #expect(try Fields.shiftNote(String(repeating: "a", count: 300)).count == 300)
        #expect(throws: ReservationError.self) { try Fields.shiftNote(String(repeating: "a", count: 301)) }
    }
}
