import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// Issue 8's podium from the command line: waitlist up/down/notify, arrival marks, shift notes.
@Suite("Command line: podium", .serialized)
struct CLIPodiumTests {
    func run(_ t: TestEnv, _ args: [String]) throws -> CLITests.Run { try CLITests.run(args, database: t.databaseURL) }

    @Test func waitlistOrderAndToldReady() throws {
        let t = try TestEnv(now: Date())
        let r = try t.venue()
        let a = try t.book.addToWaitlist(restaurantID: r.id, name: "Marta", phone: "611 22 33 44", party: 2, actor: t.host)
        let b = try t.book.addToWaitlist(restaurantID: r.id, name: "Pau", phone: nil, party: 2, actor: t.host)
        let up = try run(t, ["waitlist", "up", String(b.id), "--restaurant", r.slug])
        #expect(up.status == 0, "\(up.stderr)")
        #expect(up.stdout.contains("Pau is now number 1 on the waitlist."))
        let first = try run(t, ["waitlist", "up", String(b.id), "--restaurant", r.slug])
        #expect(first.status == 2 && first.stderr.contains("Pau is already first on the waitlist."), "\(first.stderr)")
        let told = try run(t, ["waitlist", "notify", String(a.id), "--restaurant", r.slug, "--json"])
        #expect(told.status == 0, "\(told.stderr)")
        #expect(told.object["status"] as? String == "notified")
        #expect(told.object["notified_at"] is String)
        let list = try run(t, ["waitlist", "--restaurant", r.slug, "--json"])
        let rows = try #require(list.json as? [[String: Any]])
        #expect(rows.map { $0["name"] as? String } == ["Pau", "Marta"])
        #expect(rows[0]["notified_at"] is NSNull && rows[1]["notified_at"] is String)
        #expect(rows[1]["promised_by"] is String)
        let human = try run(t, ["waitlist", "--restaurant", r.slug])
        #expect(human.stdout.contains("611 223 344"), "the phone as hosts read it: \(human.stdout)")
        #expect(human.stdout.contains("told 0 min ago"), "\(human.stdout)")
    }

    @Test func arrivalMarksAndShiftNotes() throws {
        let t = try TestEnv(now: Date())
        let r = try t.venue(Fixtures.floor(advanceDays: 400))
        let day = r.clock.localDate(of: Date()).adding(days: 7)
        let e = try t.book.book(Fixtures.request(r, date: day, time: Fixtures.time(19)), actor: t.host).entry
        let partly = try run(t, ["reservation", e.reservation.shortID, "partly-arrived", "--json"])
        #expect(partly.status == 0, "\(partly.stderr)")
        #expect(partly.object["arrival"] as? String == "partial")
        let all = try run(t, ["reservation", e.reservation.shortID, "arrived"])
        #expect(all.stdout.contains("is now confirmed, arrived."), "\(all.stdout)")
        let bad = try run(t, ["reservation", e.reservation.shortID, "here"])
        #expect(bad.status == 2 && bad.stderr.contains("arrived, partly-arrived"), "\(bad.stderr)")

        let none = try run(t, ["notes", "--restaurant", r.slug, "--date", day.description, "--json"])
        #expect(none.status == 0, "\(none.stderr)")
        #expect(none.object["text"] is NSNull)
        let set = try run(t, ["notes", "--restaurant", r.slug, "--date", day.description, "set", "VIP", "at", "T4", "--json"])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.object["text"] as? String == "VIP at T4")
        let shown = try run(t, ["notes", "--restaurant", r.slug, "--date", day.description])
        #expect(shown.stdout.hasPrefix("\(day): VIP at T4"), "\(shown.stdout)")
        #expect(try t.book.shiftNote(restaurantID: r.id, date: day)?.text == "VIP at T4")
        let long = try run(t, ["notes", "--restaurant", r.slug, "set", String(repeating: "x", count: 301)])
        #expect(long.status == 2, "\(long.stderr)")
    }
}
