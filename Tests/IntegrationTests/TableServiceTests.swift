import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Issue 20, item 10: a table taken out of service now (and back), audited, refused to every booking.
@Suite("A table out of service")
struct TableServiceTests {
    @Test("out of service: refused to bookings and not offered; refused while a party sits there; audited; back in service books again")
    func outAndBack() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let later = try t.book.book(Fixtures.request(r, table: "T3", time: Fixtures.time(21), party: 2), actor: t.host).entry
        let out = try t.book.setTableInService(restaurantID: r.id, label: "t3", inService: false, actor: t.host)
        #expect(out.table.active == false && out.bookingsAhead == 1)
        #expect(out.summary == "T3 is out of service: offered to nobody until it is back. 1 booking still ahead on it: move it.")
        let refused = expectInvalid("table") {
            _ = try t.book.book(Fixtures.request(r, table: "T3", time: Fixtures.time(13), party: 2, name: "Ana", phone: Fixtures.phone(3)), actor: t.host)
        }
        #expect(refused == "Table T3 is out of service.")
        let free = try t.book.availability(restaurantID: r.id, date: Fixtures.friday, party: 2).slot(at: Fixtures.time(13))?.tables.map(\.label) ?? []
        #expect(!free.contains("T3") && free.contains("P1"))
        // Saying it again changes nothing; back in service, it books again.
        #expect(try t.book.setTableInService(restaurantID: r.id, label: "T3", inService: false, actor: t.host).table.active == false)
        #expect(try t.book.setTableInService(restaurantID: r.id, label: "T3", inService: true, actor: t.host).summary == "T3 is back in service.")
        _ = try t.book.book(Fixtures.request(r, table: "T3", time: Fixtures.time(13), party: 2, name: "Ana", phone: Fixtures.phone(3)), actor: t.host)
        let actions = try t.sql.query("SELECT action, actor, before->>'active' AS b, after->>'active' AS a FROM audit_log WHERE entity = 'table' AND action LIKE 'table_%' ORDER BY id")
            .map { "\(try $0.string("action")) \(try $0.string("actor")) \(try $0.string("b"))→\(try $0.string("a"))" }
        #expect(actions == ["table_out_of_service Ana true→false", "table_in_service Ana false→true"])
        #expect(try t.book.reservation(id: later.id).reservation.status == .confirmed)
    }

    @Test("a table with a party seated cannot go out of service; an unknown table is named")
    func seatedAndUnknown() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let e = try t.book.book(Fixtures.request(r, table: "T4", party: 4), actor: t.host).entry
        t.clock.set(Fixtures.friday, 19, 0)
        _ = try t.book.apply(.seat, to: e.id, actor: t.host)
        let refused = expectInvalid("table") { _ = try t.book.setTableInService(restaurantID: r.id, label: "T4", inService: false, actor: t.host) }
        #expect(refused == "T4 has Lucía Garrido seated: finish or move them first.")
        #expect(try t.book.tables(restaurantID: r.id).first { $0.label == "T4" }?.active == true)
        #expect(throws: ReservationError.self) { _ = try t.book.setTableInService(restaurantID: r.id, label: "T99", inService: false, actor: t.host) }
    }

    @Test("the CLI: table T3 out-of-service, then in-service")
    func cli() throws {
        let t = try TestEnv(now: Date())
        let r = try t.venue()
        let out = try CLITests.run(["table", "--restaurant", r.slug, "T3", "out-of-service", "--json"], database: t.databaseURL)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.object["active"] as? Bool == false && out.object["table"] as? String == "T3")
        let bad = try CLITests.run(["table", "--restaurant", r.slug, "T3", "broken"], database: t.databaseURL)
        #expect(bad.status == 2 && bad.stderr.contains("out-of-service or in-service"), "\(bad.stderr)")
        let back = try CLITests.run(["table", "--restaurant", r.slug, "T3", "in-service"], database: t.databaseURL)
        #expect(back.status == 0 && back.stdout.contains("T3 is back in service."), "\(back.stdout) \(back.stderr)")
    }
}
