import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Issue 21: a venue's closures changed only by re-importing the whole floor file. A manager closes the
/// venue for some days at once (a burst pipe, a private event); the rules honour it from the next request on,
/// and a closure that would leave live bookings on closed days names them and is refused unless asked.
@Suite("Closing the venue for some days")
struct ClosureAdminTests {
    /// The Monday after `Fixtures.friday`'s week (clear of the fixture's own closure, `Fixtures.holiday`).
    static let monday = Fixtures.friday.adding(days: 10)

    @Test("a closure over live bookings names them and writes nothing; closed anyway, they stay and new bookings are refused at once")
    func strandedBookings() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 12, 0))
        let r = try t.venue()
        let e = try t.book.book(Fixtures.request(r, date: Self.monday, time: Fixtures.time(20), name: "Nora Vidal"), actor: t.host)
        let manager = Actor(staffID: nil, name: "Mia", role: .manager, venues: [r.id])
        let refused = expectInvalid("closure") {
            _ = try t.book.addClosure(restaurantID: r.id, from: Self.monday, to: Self.monday.adding(days: 1), reason: "Burst pipe", actor: manager)
        }
        #expect(refused?.contains("1 live booking on those days: Nora Vidal ×4") == true, "\(refused ?? "")")
        #expect(try t.book.schedule(for: r).closures.allSatisfy { $0.startsOn != Self.monday })

        let done = try t.book.addClosure(restaurantID: r.id, from: Self.monday, to: Self.monday.adding(days: 1), reason: "Burst pipe",
                                         strandingBookings: true, actor: manager)
        #expect(done.stranded.map(\.id) == [e.entry.id])
        #expect(try t.book.reservation(id: e.entry.id).reservation.status == .confirmed, "left as it was, for the manager to call")
        let closed = reservationError {
            _ = try t.book.book(Fixtures.request(r, table: "T4", date: Self.monday.adding(days: 1), time: Fixtures.time(20), phone: "611 000 999"), actor: t.host)
        }
        guard case .invalid(_, let message)? = closed else { Issue.record("expected a refusal, got \(String(describing: closed))"); return }
        #expect(message.contains("closed") && message.contains("Burst pipe"), "\(message)")
        #expect(try t.count("audit_log", where: "action = 'closure' AND entity = 'closure'") == 1)

        _ = try t.book.removeClosure(restaurantID: r.id, startingOn: Self.monday, actor: manager)
        let reopened = try t.book.book(Fixtures.request(r, table: "T4", date: Self.monday.adding(days: 1), time: Fixtures.time(20), phone: "611 000 999"), actor: t.host)
        #expect(reopened.entry.reservation.status == .confirmed)
        #expect(try t.count("audit_log", where: "action = 'closure'") == 2)
    }

    @Test("overlapping, past, backwards or over-long closures are refused; a host may not close the venue")
    func refusals() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 12, 0))
        let r = try t.venue()
        try t.book.addClosure(restaurantID: r.id, from: Self.monday, to: Self.monday.adding(days: 2), reason: "Works", actor: t.admin)
        #expect(expectInvalid("from") { _ = try t.book.addClosure(restaurantID: r.id, from: Self.monday.adding(days: 1), to: Self.monday.adding(days: 5), reason: "", actor: t.admin) }?
                    .contains("already closed (Works)") == true)
        #expect(expectInvalid("to") { _ = try t.book.addClosure(restaurantID: r.id, from: Fixtures.friday.adding(days: -2), to: Fixtures.friday.adding(days: -1), reason: "", actor: t.admin) } != nil)
        #expect(expectInvalid("to") { _ = try t.book.addClosure(restaurantID: r.id, from: Self.monday.adding(days: 9), to: Self.monday.adding(days: 8), reason: "", actor: t.admin) } != nil)
        #expect(expectInvalid("to") { _ = try t.book.addClosure(restaurantID: r.id, from: Self.monday.adding(days: 9), to: Self.monday.adding(days: 400), reason: "", actor: t.admin) } != nil)
        #expect(throws: ReservationError.forbidden(role: .host, action: "change the floor plan")) {
            try t.book.addClosure(restaurantID: r.id, from: Self.monday.adding(days: 9), to: Self.monday.adding(days: 9), reason: "", actor: t.host)
        }
        #expect(expectInvalid("from") { _ = try t.book.removeClosure(restaurantID: r.id, startingOn: Self.monday.adding(days: 1), actor: t.admin) } != nil)
    }

    @Test("the command line: refused with the flag to use, then closed anyway listing who is still booked")
    func commandLine() throws {
        let t = try TestEnv(now: Date())  // the command line runs on the real clock
        let r = try t.venue()
        let day = r.clock.localDate(of: Date()).adding(days: 3)
        _ = try t.book.book(Fixtures.request(r, date: day, time: Fixtures.time(20), name: "Nora Vidal"), actor: t.host)
        let refused = try CLITests.run(["closure", "add", "--restaurant", "casa", "--from", day.description, "--reason", "Pipe"], database: t.databaseURL)
        #expect(refused.status == 2 && refused.stderr.contains("Nora Vidal") && refused.stderr.contains("--even-with-bookings"), "\(refused.stderr)")
        let closed = try CLITests.run(["closure", "add", "--restaurant", "casa", "--from", day.description, "--reason", "Pipe", "--even-with-bookings", "--json"],
                                      database: t.databaseURL)
        #expect(closed.status == 0, "\(closed.stderr)")
        #expect((closed.object["still_booked"] as? [[String: Any]])?.count == 1)
        let list = try CLITests.run(["closure", "--restaurant", "casa"], database: t.databaseURL)
        #expect(list.stdout.contains(day.description) && list.stdout.contains("Pipe"))
    }
}
