import Foundation
import Glibc
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// `reservaflowd` started as an operator would in a container: the database and SMTP, no MAIL_FROM, on a
/// host whose name has no dot (a container's is its id; this machine's is `vm`). It used to stop at once
/// ("MAIL_FROM: reservations@vm is not an e-mail address", an address it had made up itself).
@Suite("Daemon: who a mail is from", .serialized)
struct DaemonSenderTests {
    typealias Daemon = DaemonProcessTests.Daemon

    /// The test venue with an e-mail address of its own, or without.
    static func venue(_ t: TestEnv, email: String?) throws -> Restaurant {
        let floor = Fixtures.floor()
        guard let email else { return try t.venue(floor) }
        return try t.venue(floor.replacingOccurrences(of: "[restaurant]\n", with: "[restaurant]\nemail = \"\(email)\"\n"))
    }

    /// One booking three days ahead: its confirmation is queued at once. Its id.
    static func book(_ t: TestEnv, _ r: Restaurant) throws -> UUID {
        try t.book.book(Fixtures.request(r, date: r.clock.localDate(of: Date()).adding(days: 3)), actor: t.host).entry.id
    }

    @Test("no MAIL_FROM: it runs, and a venue's own address sends its mail")
    func venueAddressWithoutMailFrom() throws {
        let t = try TestEnv(now: Date())
        let r = try Self.venue(t, email: "reservas@casa-propia.example")
        _ = try Self.book(t, r)
        let sink = try MailSink()
        let daemon = try Daemon(database: t.databaseURL, sink: sink, instance: "sender-venue", mailFrom: nil)
        try eventually("the confirmation sent", within: 30) {
            try #require(daemon.process.isRunning, "it stopped: \(daemon.output.suffix(600))")
            return try DaemonProcessTests.completed(t) >= 1
        }
        let from = sink.messages().first?.components(separatedBy: "\n").first { $0.lowercased().hasPrefix("from:") }
        #expect(from?.contains("<reservas@casa-propia.example>") == true, "\(from ?? "no From line")")
        #expect(daemon.process.isRunning)
    }

    @Test("no MAIL_FROM and a venue without an address: it runs, the mail waits, and the outbox says what to set")
    func noSenderWaits() throws {
        let t = try TestEnv(now: Date())
        let r = try Self.venue(t, email: nil)
        let booking = try Self.book(t, r)
        let sink = try MailSink()
        let daemon = try Daemon(database: t.databaseURL, sink: sink, instance: "sender-none", mailFrom: nil)
        try eventually("the mail tried", within: 30) {
            try #require(daemon.process.isRunning, "it stopped: \(daemon.output.suffix(600))")
            return try t.count("notifications", where: "reservation_id = $1 AND last_error IS NOT NULL", [booking]) >= 1
        }
        let row = try #require(try t.sql.queryOne("SELECT status, last_error FROM notifications WHERE reservation_id = $1 AND last_error IS NOT NULL", [booking]))
        #expect(try row.string("status") == "retryable")
        #expect(try row.string("last_error").contains("MAIL_FROM"))
        #expect(sink.messages().isEmpty)
        #expect(daemon.process.isRunning)
    }

    @Test("a MAIL_FROM that is no address still stops it at once, naming the setting")
    func badMailFromRefused() throws {
        let t = try TestEnv(now: Date())
        let sink = try MailSink()
        let daemon = try Daemon(database: t.databaseURL, sink: sink, instance: "sender-bad", mailFrom: "reservations@")
        #expect(daemon.exitStatus(within: 15) == 2)
        #expect(daemon.output.contains("MAIL_FROM"), "\(daemon.output.suffix(600))")
    }
}
