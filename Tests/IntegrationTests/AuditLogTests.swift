import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain
import ReservationNative

/// Issue 21: the audit log was readable only with psql. `ReservationBook.auditLog` reads it a page at a
/// time, newest first, filtered, in words; `reservaflow audit` prints it, as CSV or JSON for every row.
@Suite("Reading the audit log")
struct AuditLogTests {
    @Test("pages of three walk the whole log once: rows written in the same instant are neither skipped nor repeated")
    func paging() throws {
        let t = try TestEnv()
        let r = try t.venue()  // one transaction: every row of the import has the same time
        let all = try t.book.auditLog(AuditFilter(restaurantID: r.id), limit: 5_000, actor: t.admin)
        #expect(all.count > 10 && Set(all.map(\.at)).count < all.count, "rows sharing an instant")
        var paged: [Int64] = []
        var cursor: AuditCursor? = nil
        while true {
            let page = try t.book.auditLog(AuditFilter(restaurantID: r.id), after: cursor, limit: 3, actor: t.admin)
            paged += page.map(\.id)
            guard let last = page.last else { break }
            cursor = last.cursor
        }
        #expect(paged == all.map(\.id))
        #expect(all.map(\.id) == all.map(\.id).sorted(by: >), "newest first; within an instant, last written first")
    }

    @Test("filters: the day in the venue's time, the staff member, the action; the changes in words")
    func filtersAndWords() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 12, 0))
        let r = try t.venue()
        let bea = try t.book.addStaff(username: "bea", displayName: "Bea", role: .host, password: "correct horse battery", restaurants: [r.id], actor: t.admin)
        let e = try t.book.book(Fixtures.request(r, table: "T3", time: Fixtures.time(20)), actor: Actor(staff: bea)).entry
        _ = try t.book.change(e.id, ReservationChange(tableLabel: "T4"), actor: Actor(staff: bea))
        _ = try t.book.updateGuest(e.customer.id, GuestUpdate(allergies: "shellfish"), actor: t.admin)

        let mine = try t.book.auditLog(AuditFilter(restaurantID: r.id, staffID: bea.id), actor: t.admin)
        #expect(mine.map { "\($0.action) \($0.entity)" } == ["change reservation", "book reservation", "book customer"])
        #expect(mine.first?.changes == ["T3 → T4"], "a booking's change as its history says it")
        let edits = try t.book.auditLog(AuditFilter(restaurantID: r.id, action: .guestEdit), actor: t.admin)
        #expect(edits.map(\.changes) == [["allergies: \"\" → \"shellfish\""]])
        #expect(try t.book.auditLog(AuditFilter(restaurantID: r.id, actor: "cli:test", action: .guestEdit), actor: t.admin).count == 1)

        // The database's clock writes the rows (the test's clock is not the server's): today is the server's day.
        let today = r.clock.localDate(of: Date())
        let day = AuditFilter(restaurantID: r.id, from: r.clock.startOfDay(today), to: r.clock.startOfDay(today.adding(days: 1)))
        #expect(try t.book.auditLog(day, limit: 5_000, actor: t.admin).count == (try t.count("audit_log", where: "restaurant_id = $1", [r.id])))
        let yesterday = AuditFilter(restaurantID: r.id, from: r.clock.startOfDay(today.adding(days: -1)), to: r.clock.startOfDay(today))
        #expect(try t.book.auditLog(yesterday, actor: t.admin).isEmpty)
    }

    @Test("a host may not read it; a manager reads their own venues, one at a time")
    func permissions() throws {
        let t = try TestEnv()
        let a = try t.venue()
        let b = try t.venue(Fixtures.floor(slug: "otra"))
        #expect(throws: ReservationError.forbidden(role: .host, action: "read the audit log")) {
            try t.book.auditLog(AuditFilter(restaurantID: a.id), actor: t.host)
        }
        let manager = Actor(staffID: nil, name: "Mia", role: .manager, venues: [a.id])
        #expect(try !t.book.auditLog(AuditFilter(restaurantID: a.id), actor: manager).isEmpty)
        #expect(throws: ReservationError.self) { try t.book.auditLog(AuditFilter(restaurantID: b.id), actor: manager) }
        #expect(throws: ReservationError.self) { try t.book.auditLog(AuditFilter(), actor: manager) }
    }

    @Test("the command line: every row as CSV (a header, the venue's offset), JSON an array, bad input a clear error")
    func commandLine() throws {
        let t = try TestEnv(now: Fixtures.instant(Fixtures.friday, 12, 0))
        let r = try t.venue()
        _ = try t.book.book(Fixtures.request(r, time: Fixtures.time(20), name: "=HYPERLINK(\"x\")"), actor: t.host)
        let rows = try t.count("audit_log", where: "restaurant_id = $1", [r.id])
        let csv = try CLITests.run(["audit", "--restaurant", "casa", "--csv"], database: t.databaseURL)
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.first == "at,venue,actor,action,entity,entity_id,changes,db_role,os_account")
        #expect(lines.count == rows + 1)
        #expect(lines.dropFirst().allSatisfy { $0.range(of: #"^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d[+-]0[12]:00,casa,"#, options: .regularExpression) != nil })
        let json = try CLITests.run(["audit", "--restaurant", "casa", "--json"], database: t.databaseURL)
        #expect((json.json as? [[String: Any]])?.count == rows)
        let bad = try CLITests.run(["audit", "--action", "nope"], database: t.databaseURL)
        #expect(bad.status == 2 && bad.stderr.contains("is not an action"))
        let table = try CLITests.run(["audit", "--restaurant", "casa", "--limit", "2"], database: t.databaseURL)
        #expect(table.status == 0 && table.stdout.contains("the newest 2"))
    }
}
