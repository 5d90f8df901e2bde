import Foundation
import Testing
@testable import ReservationDomain

/// Issue 7: one wait-quote rule for the core and the podium (they used to disagree: a 10-minute or a
/// 1-minute overrun, waiting or also notified parties, 6 hours or the close).
@Suite("WaitQuote")
struct WaitQuoteTests {
    static let now = ISO8601DateFormatter().date(from: "2026-05-13T19:00:00Z")!
    static let dinner = ServiceWindow(name: "dinner", opens: now.addingTimeInterval(-3600), closes: now.addingTimeInterval(3 * 3600))
    static let t1 = DiningTable(id: 1, areaID: 1, label: "T1", minCovers: 1, maxCovers: 4)
    static var rules: BookingRules {
        var r = BookingRules()
        r.turnTimes = [TurnTime(upToParty: 4, minutes: 90)]
        return r
    }

    static func reservation(_ status: ReservationStatus, start: TimeInterval, end: TimeInterval) -> Reservation {
        Reservation(id: UUID(), restaurantID: 1, tableID: 1, customerID: 1, partySize: 2, startsAt: now.addingTimeInterval(start),
                    endsAt: now.addingTimeInterval(end), status: status, source: .walkIn)
    }

    static func waiting(_ id: Int64, party: Int, _ status: WaitlistStatus = .waiting, since: TimeInterval = -600) -> WaitlistEntry {
        WaitlistEntry(id: id, restaurantID: 1, name: "W\(id)", phone: nil, partySize: party, quotedMinutes: 0, status: status,
                      createdAt: now.addingTimeInterval(since))
    }

    static func quote(_ reservations: [Reservation], leases: [LeaseInfo] = [], waitlist: [WaitlistEntry] = [],
                      windows: [ServiceWindow] = [dinner]) -> Int? {
        WaitQuote.minutes(party: 2, rules: rules, tables: [t1], occupancy: WaitQuote.occupancy(reservations, leases: leases, now: now),
                          waitlist: waitlist, windows: windows, now: now)
    }

    @Test("a seated party past its turn is assumed to stay a quarter of an hour more, as everywhere else")
    func overrun() {
        #expect(Self.quote([Self.reservation(.seated, start: -7200, end: -1800)]) == 15)
        // Within its turn: until its planned end.
        #expect(Self.quote([Self.reservation(.seated, start: -1800, end: 1800)]) == 30)
    }

    @Test("parties waiting or already notified are ahead; a stale entry from hours ago is not")
    func ahead() {
        let seated = [Self.reservation(.seated, start: -1800, end: 1800)]
        // A close late enough for the party behind to have its whole turn (120 + 90 min).
        let late = ServiceWindow(name: "dinner", opens: Self.now.addingTimeInterval(-3600), closes: Self.now.addingTimeInterval(4 * 3600))
        #expect(Self.quote(seated, waitlist: [Self.waiting(1, party: 2, .notified)], windows: [late]) == 120)
        #expect(Self.quote(seated, waitlist: [Self.waiting(1, party: 2, .waiting, since: -7 * 3600)]) == 30)
        #expect(Self.quote(seated, waitlist: [Self.waiting(1, party: 2, .removed)]) == 30)
    }

    @Test("another terminal's lease holds its table; a lapsed hold does not")
    func leasesAndHolds() {
        let lease = LeaseInfo(token: "x", tableID: 1, start: Self.now, end: Self.now.addingTimeInterval(2700), holder: "Ana",
                              expiresAt: Self.now.addingTimeInterval(60))
        #expect(Self.quote([], leases: [lease]) == 45)
        var lapsed = Self.reservation(.pending, start: 0, end: 5400)
        lapsed.expiresAt = Self.now.addingTimeInterval(-60)
        #expect(Self.quote([lapsed]) == 5)
    }

    @Test("no quote while walk-ins are not taken, nor when no table frees up before the close")
    func closedOrFull() {
        let later = ServiceWindow(name: "dinner", opens: Self.now.addingTimeInterval(3 * 3600), closes: Self.now.addingTimeInterval(6 * 3600))
        #expect(Self.quote([], windows: [later]) == nil)
        #expect(Self.quote([Self.reservation(.confirmed, start: 0, end: 3 * 3600)]) == nil)
    }
}

/// Issue 20, item 7: a party of 12 was quoted "about 300 min, by 22:32" with a 150-minute turn and a
/// midnight close. A quote promises a whole turn, so it must end by the close (the last seating).
@Suite("WaitQuote and the close")
struct WaitQuoteCloseTests {
    // 17:32 in Madrid (UTC+2 in May); dinner until midnight.
    static let now = utc("2026-05-13T15:32:00Z")
    static let midnight = utc("2026-05-13T22:00:00Z")
    static let window = ServiceWindow(name: "Dinner", opens: now.addingTimeInterval(-1800), closes: midnight)
    static let big = DiningTable(id: 1, areaID: 1, label: "T18", minCovers: 8, maxCovers: 12)
    static var rules: BookingRules {
        var r = BookingRules()
        r.turnTimes = [TurnTime(upToParty: 4, minutes: 90), TurnTime(upToParty: 12, minutes: 150)]
        return r
    }

    static func quote(tableFreeAfter minutes: Double) -> Int? {
        let held = Occupancy(tableID: 1, start: now.addingTimeInterval(-3600), end: now.addingTimeInterval(minutes * 60))
        return WaitQuote.minutes(party: 12, rules: rules, tables: [big], occupancy: [held], waitlist: [], windows: [window], now: now)
    }

    @Test("no quote when the table frees up too late for a whole turn before the close")
    func pastTheLastSeating() {
        #expect(Self.quote(tableFreeAfter: 300) == nil)             // 22:32 + 150 min is past midnight
        #expect(Self.quote(tableFreeAfter: 238) == 240)             // 21:30, the last seating: ends at midnight
        #expect(Self.quote(tableFreeAfter: 239) == nil)
    }
}

/// Issue 8, item 18: the header and `reservaflow reservations` counted covers differently (190 and 100 for
/// one day: completed parties were covers on one and not the other). One rule, `DaySheet.counts`.
@Suite("DayCounts")
struct DayCountsTests {
    @Test func completedPartiesAreCoversCancelledOnesAreNot() {
        let venue = Restaurant(id: 1, slug: "v", name: "V", timeZone: "Europe/Madrid", phoneCountryCode: "34", rules: BookingRules())
        func entry(_ status: ReservationStatus, party: Int) -> BookEntry {
            var r = WaitQuoteTests.reservation(status, start: 0, end: 3600)
            r.partySize = party
            return BookEntry(reservation: r, customer: Customer(id: 1, restaurantID: 1, name: "G", phone: ""), tableLabel: "T1")
        }
        var sheet = DaySheet(restaurant: venue, date: LocalDate(iso: "2026-05-13")!, windows: [], closure: nil, areas: [], tables: [],
                             entries: [entry(.completed, party: 4), entry(.seated, party: 2), entry(.confirmed, party: 3),
                                       entry(.cancelled, party: 6), entry(.noShow, party: 5)],
                             waitlist: [WaitQuoteTests.waiting(1, party: 2, .notified), WaitQuoteTests.waiting(2, party: 2, .seated)],
                             leases: [], loadedAt: WaitQuoteTests.now)
        #expect(sheet.counts == DayCounts(bookings: 3, covers: 9, seated: 1, waiting: 1))
        sheet.entries.removeAll()
        #expect(sheet.counts.covers == 0)
    }
}
