import Foundation
import Glibc
import Testing
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

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
            events.contains { $0.entity == .reservations && $0.id == entry.id.uuidString.lowercased() }
        }
        let event = try #require(events.first { $0.entity == .reservations })
        #expect(event == ChangeEvent(restaurantID: r.id, entity: .reservations, id: entry.id.uuidString.lowercased(), op: .insert))

        _ = try t.book.apply(.cancel, to: entry.id, actor: t.host)
        let later = try waitForEvents(feed, timeoutMillis: 2000) { $0.contains { $0.op == .update } }
        #expect(later.contains { $0.entity == .reservations && $0.op == .update && $0.restaurantID == r.id })
    }

    /// Issue 8, item 18: the header kept "live ✓" after the database went away. A session the server ends is
    /// reported lost within the next readable events (its FATAL message, then the closed socket).
    @Test func aSessionTheServerEndsIsNoticed() throws {
        let t = try TestEnv()
        _ = try t.venue()
        let feed = try ChangeFeed(configuration: t.configuration())
        let admin = try PGConnection(url: TestStack.url(forDatabase: t.database))
        // The feed's own backend: the one session LISTENing in this database.
        try admin.query("""
            SELECT pg_terminate_backend(pid) AS v FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%'
            """)
        let deadline = Date().addingTimeInterval(5)
        var lost: ReservationError?
        while lost == nil, Date() < deadline {
            var pfd = pollfd(fd: feed.socket, events: Int16(POLLIN), revents: 0)
            _ = poll(&pfd, 1, 500)
            do { _ = try feed.drain() } catch { lost = error }
        }
        guard case .databaseUnavailable = lost else { Issue.record("the feed did not notice: \(String(describing: lost))"); return }
    }

    @Test func keepalivesAreAddedToBothURLForms() {
        #expect(PGConnection.withKeepalives("postgres://u@h/db").hasSuffix("?keepalives=1&keepalives_idle=5&keepalives_interval=2&keepalives_count=3"))
        #expect(PGConnection.withKeepalives("postgres://u@h/db?sslmode=disable&keepalives_idle=30").contains("keepalives_idle=30"))
        #expect(!PGConnection.withKeepalives("postgres://u@h/db?keepalives_idle=30").contains("keepalives_idle=5"))
        #expect(PGConnection.withKeepalives("host=h dbname=db") == "host=h dbname=db keepalives=1 keepalives_idle=5 keepalives_interval=2 keepalives_count=3")
        #expect(PGConnection.withKeepalives("host=h keepalives_idle = 30") == "host=h keepalives_idle = 30 keepalives_interval=2 keepalives_count=3")
    }

    /// Issue 8: the header's shift notes and the waitlist's order reach the other terminals the same way.
    @Test("shift notes and a waitlist move arrive on the feed")
    func shiftNotesAndWaitlistMovesArrive() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let feed = try ChangeFeed(configuration: t.configuration())
        #expect(try feed.drain().isEmpty)
        _ = try t.book.setShiftNote(restaurantID: r.id, date: Fixtures.friday, text: "Terrace closed", actor: t.admin)
        _ = try waitForEvents(feed, timeoutMillis: 2000) { $0.contains { $0.entity.rawValue == "shift_notes" && $0.restaurantID == r.id } }
        let a = try t.book.addToWaitlist(restaurantID: r.id, name: "Marta", phone: nil, party: 2, actor: t.host)
        let b = try t.book.addToWaitlist(restaurantID: r.id, name: "Pau", phone: nil, party: 2, actor: t.host)
        _ = try waitForEvents(feed, timeoutMillis: 2000) { $0.contains { $0.entity.rawValue == "waitlist" && $0.id == String(b.id) } }
        _ = try t.book.moveWaitlistEntry(b.id, .up, actor: t.host)
        _ = try waitForEvents(feed, timeoutMillis: 2000) { events in
            events.contains { $0.entity.rawValue == "waitlist" && $0.op == .update && $0.id == String(a.id) }
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
