import Foundation
import Glibc
import Testing
@testable import ReservationCore
@testable import ReservationDomain

@Suite("Live change feed")
struct ChangeFeedTests {
    @Test("a booking made on another connection arrives on the feed within a second or two")
    func bookingArrives() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let feed = try ChangeFeed(configuration: t.configuration())
        #expect(try feed.drain().isEmpty)

        let entry = try t.book.book(Fixtures.request(r), actor: t.host).entry
        let events = try waitForEvents(feed, timeoutMillis: 2000) { events in
            events.contains { $0.entity == "reservations" && $0.id == entry.id.uuidString.lowercased() }
        }
        let event = try #require(events.first { $0.entity == "reservations" })
        #expect(event == ChangeEvent(restaurantID: r.id, entity: "reservations", id: entry.id.uuidString.lowercased(), op: "insert"))

        _ = try t.book.apply(.cancel, to: entry.id, actor: t.host)
        let later = try waitForEvents(feed, timeoutMillis: 2000) { $0.contains { $0.op == "update" } }
        #expect(later.contains { $0.entity == "reservations" && $0.op == "update" && $0.restaurantID == r.id })
    }

    /// Issue 8: the header's shift notes and the waitlist's order reach the other terminals the same way.
    @Test("shift notes and a waitlist move arrive on the feed")
    func shiftNotesAndWaitlistMovesArrive() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let feed = try ChangeFeed(configuration: t.configuration())
        #expect(try feed.drain().isEmpty)
        _ = try t.book.setShiftNote(restaurantID: r.id, date: Fixtures.friday, text: "Terrace closed", actor: t.admin)
        _ = try waitForEvents(feed, timeoutMillis: 2000) { $0.contains { $0.entity == "shift_notes" && $0.restaurantID == r.id } }
        let a = try t.book.addToWaitlist(restaurantID: r.id, name: "Marta", phone: nil, party: 2, actor: t.host)
        let b = try t.book.addToWaitlist(restaurantID: r.id, name: "Pau", phone: nil, party: 2, actor: t.host)
        _ = try waitForEvents(feed, timeoutMillis: 2000) { $0.contains { $0.entity == "waitlist" && $0.id == String(b.id) } }
        _ = try t.book.moveWaitlistEntry(b.id, .up, actor: t.host)
        _ = try waitForEvents(feed, timeoutMillis: 2000) { events in
            events.contains { $0.entity == "waitlist" && $0.op == "update" && $0.id == String(a.id) }
        }
    }

    /// Polls the feed's socket until `done` holds for everything received, or the time is up.
    func waitForEvents(_ feed: ChangeFeed, timeoutMillis: Int, until done: ([ChangeEvent]) -> Bool) throws -> [ChangeEvent] {
        var events: [ChangeEvent] = []
        let deadline = Date().addingTimeInterval(Double(timeoutMillis) / 1000)
        while !done(events) {
            let left = Int32(max(0, deadline.timeIntervalSinceNow * 1000))
            guard left > 0 else { break }
            var pfd = pollfd(fd: feed.socket, events: Int16(POLLIN), revents: 0)
            _ = poll(&pfd, 1, left)
            events += try feed.drain()
        }
        #expect(done(events), "no matching event within \(timeoutMillis) ms; got \(events)")
        return events
    }
}
