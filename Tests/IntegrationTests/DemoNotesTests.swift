import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Issue 20, item 12: the demo put "Allergy noted on profile" on bookings of guests whose profile says
/// "No allergies recorded". A demo note never speaks of allergies: they live on the guest's profile.
@Suite("Demo notes")
struct DemoNotesTests {
    @Test func noBookingNoteSpeaksOfAllergies() throws {
        let t = try TestEnv(now: Date())
        _ = try t.book.seedDemo(reset: false, actor: t.admin)
        let notes = try t.sql.query("SELECT notes FROM reservations WHERE notes <> ''").map { try $0.string("notes") }
        #expect(!notes.isEmpty)
        #expect(!notes.contains { $0.lowercased().contains("allerg") }, "\(Set(notes))")
    }
}
