import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Issue 8, items 8 and 10: guests are found however the host types them, and an anonymous walk-in is
/// not a guest record.
@Suite("Guest records")
struct GuestRecordTests {
    @Test("anonymous walk-ins share the venue's placeholder, which search never finds")
    func anonymousWalkIns() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 20, 0))
        let r = try t.venue()
        var seated: [BookEntry] = []
        for _ in 0..<3 {
            guard case .seated(let e) = try t.book.walkIn(restaurantID: r.id, party: 2, actor: t.host) else {
                Issue.record("not seated")
                return
            }
            seated.append(e)
        }
        #expect(Set(seated.map(\.customer.id)).count == 1)
        #expect(seated.allSatisfy { $0.customer.anonymous && $0.customer.name == "Walk-in" })
        #expect(try t.count("customers") == 1)
        #expect(try t.book.searchCustomers(restaurantID: r.id, fragment: "walk").isEmpty)
        // A walk-in who gives a name is a guest of their own.
        guard case .seated(let named) = try t.book.walkIn(restaurantID: r.id, party: 4, name: "Familia Ruiz", actor: t.host) else {
            Issue.record("not seated")
            return
        }
        #expect(!named.customer.anonymous && named.customer.id != seated[0].customer.id)
        #expect(try t.book.searchCustomers(restaurantID: r.id, fragment: "ruiz").map(\.name) == ["Familia Ruiz"])
    }

    @Test("search ignores case and accents", arguments: [("alvaro", "Álvaro Pérez"), ("PEREZ", "Álvaro Pérez"), ("garcia", "García López, Ana"), ("lópez", "García López, Ana"), ("Zoe", "Zoë Martín")])
    func accentsAndCase(_ typed: String, _ found: String) throws {
        let t = try TestEnv()
        let r = try t.venue()
        for (i, name) in ["Álvaro Pérez", "García López, Ana", "Zoë Martín"].enumerated() {
            _ = try t.book.book(Fixtures.request(r, table: ["T1", "T2", "T3"][i], party: 2, name: name, phone: Fixtures.phone(i), email: nil), actor: t.host)
        }
        #expect(try t.book.searchCustomers(restaurantID: r.id, fragment: typed).map(\.name) == [found])
    }

    @Test("a guest's other live bookings that day, for the warning before booking them again (item 9)")
    func sameDay() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let first = try t.book.book(Fixtures.request(r, table: "T1", time: Fixtures.time(21), party: 2, name: "Sofía Chen", phone: "611 000 777"), actor: t.host).entry
        let second = try t.book.book(Fixtures.request(r, table: "T2", time: Fixtures.time(21), party: 2, name: "Sofía Chen", phone: "611 000 777"), actor: t.host).entry
        let lunch = try t.book.book(Fixtures.request(r, table: "T3", time: Fixtures.time(13), party: 2, name: "Sofía Chen", phone: "611 000 777"), actor: t.host).entry
        _ = try t.book.apply(.cancel, to: lunch.id, actor: t.host)
        _ = try t.book.book(Fixtures.request(r, table: "T1", date: Fixtures.friday.adding(days: 1), party: 2, name: "Sofía Chen", phone: "611 000 777"), actor: t.host)
        #expect(Set(try t.book.liveBookings(customerID: first.customer.id, on: Fixtures.friday).map(\.id)) == [first.id, second.id])
    }

    @Test("the command line books a guest again that day and says so")
    func sameDayFromTheCommandLine() throws {
        let t = try TestEnv(now: Date())
        let r = try t.venue(Fixtures.floor(advanceDays: 400))
        let day = r.clock.localDate(of: Date()).adding(days: 7)
        _ = try t.book.book(Fixtures.request(r, table: "T1", date: day, time: Fixtures.time(21), party: 2, name: "Sofía Chen", phone: "611 000 777"), actor: t.host)
        let cli = try CLITests.run(["book", "--restaurant", r.slug, "--date", day.description, "--time", "22:00", "--party", "2",
                                    "--table", "T3", "--name", "Sofía Chen", "--phone", "611 000 777"], database: t.databaseURL)
        #expect(cli.status == 0, "\(cli.stderr)")
        #expect(cli.stdout.contains("Sofía Chen is also booked that day: T1 21:00"), "\(cli.stdout)")
    }
}

/// Issue 8, item 18: a party the venue accepts but no table seats is told so when booking.
@Suite("Party larger than any table")
struct LargestTableTests {
    @Test("nine at a venue of parties up to twelve whose largest table seats six")
    func tooBigForAnyTable() throws {
        let t = try TestEnv()
        let r = try t.venue()
        try t.expectNothingWritten {
            let message = expectInvalid("party") { _ = try t.book.book(Fixtures.request(r, table: nil, party: 9), actor: t.host) }
            #expect(message?.contains("largest seats 6") == true, "\(message ?? "nil")")
        }
    }
}
