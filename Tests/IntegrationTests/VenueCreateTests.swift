import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Issue 21: the original's admin added restaurants. An admin makes a venue with a short name, a name and a
/// zone, on the default rules; its services and tables are then added one at a time, and it takes bookings.
@Suite("Making a new venue")
struct VenueCreateTests {
    @Test("made empty on the default rules, then set up one change at a time until it books")
    func madeThenSetUp() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.wednesday, 12, 0))
        _ = try t.venue()
        let r = try t.book.createVenue(slug: " Norte ", name: " Casa Norte ", timeZone: "Europe/Madrid", actor: t.admin)
        #expect(r.slug == "norte" && r.name == "Casa Norte" && r.timeZone == "Europe/Madrid" && r.rules.holdMinutes == BookingRules().holdMinutes)
        #expect(try t.book.tables(restaurantID: r.id).isEmpty && t.book.schedule(for: r).hours.isEmpty)
        try t.book.changeVenue(restaurantID: r.id, [.hours(replacing: nil, with: ServiceHours(weekday: 5, name: "Dinner", opens: Fixtures.time(20), closes: Fixtures.time(23, 30)))], actor: t.admin)
        try t.book.changeVenue(restaurantID: r.id, [.table(.add(label: "T1", area: "Sala", minCovers: 2, maxCovers: 4))], actor: t.admin)
        let booked = try t.book.book(Fixtures.request(r, table: "T1", date: Fixtures.friday, time: Fixtures.time(20), party: 2), actor: t.host)
        #expect(booked.entry.seatLabel == "T1")
    }

    @Test("a taken short name, a bad one, an unknown zone and a blank name are refused in words; a manager may not")
    func refusals() throws {
        let t = try TestEnv()
        let casa = try t.venue()
        #expect(expectInvalid("venue") { _ = try t.book.createVenue(slug: casa.slug, name: "Otra", timeZone: "Europe/Madrid", actor: t.admin) }?
                    .contains("There is already a venue \(casa.slug)") == true)
        #expect(expectInvalid("venue") { _ = try t.book.createVenue(slug: "casa norte!", name: "X", timeZone: "Europe/Madrid", actor: t.admin) }?
                    .hasPrefix("Short name:") == true)
        #expect(expectInvalid("venue") { _ = try t.book.createVenue(slug: "sur", name: "Sur", timeZone: "Mars/Base", actor: t.admin) }?
                    .hasPrefix("Time zone: \"Mars/Base\" is not an IANA zone") == true)
        #expect(expectInvalid("venue") { _ = try t.book.createVenue(slug: "sur", name: "  ", timeZone: "Europe/Madrid", actor: t.admin) } != nil)
        #expect(throws: ReservationError.forbidden(role: .manager, action: Permission.manageRestaurants.phrase)) {
            _ = try t.book.createVenue(slug: "sur", name: "Sur", timeZone: "Europe/Madrid", actor: Actor(staffID: nil, name: "Mia", role: .manager, venues: [casa.id]))
        }
        #expect(try t.book.restaurants().map(\.slug) == [casa.slug])
    }
}
