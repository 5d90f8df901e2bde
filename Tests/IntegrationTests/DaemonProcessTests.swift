import Foundation
import Glibc
import Testing
@testable import ReservationCore
@testable import ReservationDomain
@testable import ReservationNative

/// The real `reservaflowd` binary against the real PostgreSQL and SMTP sink: killed with SIGKILL mid-batch,
/// two instances at once, SIGTERM, and holds expiring on time. Real time here (it is another process);
/// every wait is bounded and none is a speed assertion.
@Suite("Daemon: the real process", .serialized)
struct DaemonProcessTests {
    /// One `reservaflowd` process, logging to a file of its own.
    final class Daemon {
        let process = Process()
        let log: URL

        /// `environment`: more settings (PUBLIC_URL and LINK_SECRET for the links in account mails); `mailFrom` nil:
        /// started as an operator gives only the database and SMTP settings.
        init(database: String, sink: MailSink, instance: String, batch: Int = 5, mailFrom: String? = "reservas@casa.example",
             environment: [String: String] = [:]) throws {
            log = FileManager.default.temporaryDirectory.appendingPathComponent("rf-daemon-\(UUID().uuidString).log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            process.executableURL = URL(fileURLWithPath: Self.binary)
            process.arguments = ["--instance", instance, "--batch", String(batch), "--sweep", "1", "--log-level", "debug"]
            process.currentDirectoryURL = FileManager.default.temporaryDirectory
            process.environment = ["DATABASE_URL": TestStack.url(database, as: .daemon), "SMTP_URL": sink.url, "MAIL_FROM": mailFrom,
                                   "RESERVAFLOW_TEMPLATES": DaemonTests.templates, "PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
                .compactMapValues { $0 }.merging(environment) { _, extra in extra }
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }

        deinit {
            if process.isRunning { kill(process.processIdentifier, SIGKILL); process.exitStatus() }
            try? FileManager.default.removeItem(at: log)
        }

        static var binary: String {
            if let b = ProcessInfo.processInfo.environment["RESERVAFLOWD_BIN"], !b.isEmpty { return b }
            return URL(fileURLWithPath: TmuxSession.binary).deletingLastPathComponent().appendingPathComponent("reservaflowd").path
        }

        var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

        /// Waits (bounded) for the process to end; nil if it did not.
        func exitStatus(within seconds: TimeInterval) -> Int32? {
            let deadline = Date().addingTimeInterval(seconds)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            return process.isRunning ? nil : process.terminationStatus
        }
    }

    /// A venue, one booking, and `count` extra mails queued for it (modification notices, each its own
    /// Message-ID), all due now.
    static func queue(_ t: TestEnv, count: Int) throws -> Set<String> {
        let r = try t.venue()
        let day = r.clock.localDate(of: Date()).adding(days: 3)
        let entry = try t.book.book(Fixtures.request(r, date: day), actor: t.host).entry
        try t.sql.query("""
            INSERT INTO notifications (restaurant_id, reservation_id, kind, recipient, message_id, scheduled_for)
            SELECT $1, $2, 'modification', 'guest@mail.example', '<bulk-' || g || '@test.reservaflow>', now()
            FROM generate_series(1, $3::int) g
            """, [r.id, entry.id, count])
        return Set(try t.sql.query("SELECT message_id FROM notifications WHERE scheduled_for <= now()").map { try $0.string("message_id") })
    }

    static func completed(_ t: TestEnv) throws -> Int { try t.count("notifications", where: "status = 'completed'") }

    @Test("killed with SIGKILL mid-batch and restarted: every mail goes out, none is lost")
    func killedMidBatchLosesNothing() throws {
        let t = try TestEnv(now: Date())
        let expected = try Self.queue(t, count: 60)
        let sink = try MailSink()
        var daemon: Daemon? = try Daemon(database: t.databaseURL, sink: sink, instance: "kill-test")
        try eventually("some mails sent") { try Self.completed(t) >= 10 }
        kill(daemon!.process.processIdentifier, SIGKILL)
        daemon!.process.exitStatus()
        daemon = nil
        let sentBefore = try Self.completed(t)
        #expect(sentBefore < expected.count, "the kill came too late to test anything")
        // Restarted under the same name: it takes back what it held at once.
        let again = try Daemon(database: t.databaseURL, sink: sink, instance: "kill-test")
        try eventually("every mail sent after the restart") { try Self.completed(t) == expected.count }
        #expect(Set(sink.messageIDs()) == expected, "\(again.output.suffix(2000))")
        // At least once: a mail sent but not yet recorded when killed goes out again (same Message-ID).
        #expect(sink.messageIDs().count <= expected.count + 5)
        #expect(try t.count("notifications", where: "status <> 'completed' AND scheduled_for <= now()") == 0)
    }

    @Test("two instances at once send each mail exactly once")
    func twoInstancesNoDuplicates() throws {
        let t = try TestEnv(now: Date())
        let expected = try Self.queue(t, count: 80)
        let sink = try MailSink()
        let a = try Daemon(database: t.databaseURL, sink: sink, instance: "pair-a")
        let b = try Daemon(database: t.databaseURL, sink: sink, instance: "pair-b")
        try eventually("every mail sent") { try Self.completed(t) == expected.count }
        let ids = sink.messageIDs()
        #expect(ids.count == expected.count, "duplicates: \(ids.count - Set(ids).count)")
        #expect(Set(ids) == expected)
        // Both were alive and visible.
        let live = try t.book.daemonInstances().filter { $0.isLive(at: Date()) }.map(\.instance)
        #expect(Set(live) == ["pair-a", "pair-b"], "\(a.output.suffix(500)) \(b.output.suffix(500))")
    }

    @Test("SIGTERM: stops claiming, gives back what it holds, marks itself stopped and exits 0")
    func sigtermDrains() throws {
        let t = try TestEnv(now: Date())
        _ = try Self.queue(t, count: 30)
        let sink = try MailSink()
        let daemon = try Daemon(database: t.databaseURL, sink: sink, instance: "term-test")
        try eventually("the daemon's heartbeat") { try t.count("notifications", where: "status = 'completed'") > 0 }
        kill(daemon.process.processIdentifier, SIGTERM)
        let status = daemon.exitStatus(within: 15)
        #expect(status == 0, "\(daemon.output.suffix(2000))")
        #expect(try t.count("notifications", where: "status = 'running'") == 0)
        let me = try #require(try t.book.daemonInstances().first { $0.instance == "term-test" })
        #expect(me.stoppedAt != nil)
    }

    @Test("its database sessions cut and refused for a while: it goes on by itself, sending what was queued meanwhile (issue 18)")
    func outlivesItsDatabaseGoingAway() throws {
        let t = try TestEnv(now: Date())
        let sink = try MailSink()
        let daemon = try Daemon(database: t.databaseURL, sink: sink, instance: "outage-test")
        try eventually("the daemon's heartbeat", within: 30) { try !t.book.daemonInstances().isEmpty }
        let r = try t.venue()
        let entry = try t.book.book(Fixtures.request(r, date: r.clock.localDate(of: Date()).adding(days: 3)), actor: t.host).entry
        try eventually("the confirmation before the outage", within: 30) { try Self.completed(t) >= 1 }
        let admin = try TestStack.admin()
        let quoted = TestStack.quoted(t.database)
        try admin.query("ALTER DATABASE \(quoted) ALLOW_CONNECTIONS false")
        defer { _ = try? admin.query("ALTER DATABASE \(quoted) ALLOW_CONNECTIONS true") }
        try ReconnectTests.terminateSessions(of: t.database)
        Thread.sleep(forTimeInterval: 2)   // the outage itself: every job and the listener fail meanwhile
        try admin.query("ALTER DATABASE \(quoted) ALLOW_CONNECTIONS true")
        // The test's own sessions were cut too: a new one, as the owner, queues three mails.
        let owner = try TestStack.owner(t.database)
        try owner.query("""
            INSERT INTO notifications (restaurant_id, reservation_id, kind, recipient, message_id, scheduled_for)
            SELECT $1, $2, 'modification', 'guest@mail.example', '<after-outage-' || g || '@test.reservaflow>', now()
            FROM generate_series(1, 3) g
            """, [r.id, entry.id])
        try eventually("the mails queued after the outage", within: 30) {
            try owner.queryOne("SELECT count(*) AS n FROM notifications WHERE status = 'completed' AND message_id LIKE '<after-outage-%'")?.int("n") == 3
        }
        #expect(daemon.process.isRunning, "the daemon needed no restart: \(daemon.output.suffix(400))")
    }

    @Test("a hold lapses on time while the daemon runs; status shows the daemon live")
    func holdExpiresWhileRunning() throws {
        let t = try TestEnv(now: Date())
        let r = try t.venue()
        let sink = try MailSink()
        let daemon = try Daemon(database: t.databaseURL, sink: sink, instance: "expiry-test")
        try eventually("the daemon's heartbeat", within: 30) { try !t.book.daemonInstances().isEmpty }
        let day = r.clock.localDate(of: Date()).adding(days: 2)
        let hold = try t.book.book(Fixtures.request(r, date: day, holdMinutes: 15), actor: t.host).entry
        // Shortened to a second and a half from now (the daemon is woken by the change and sleeps until then).
        try t.sql.query("UPDATE reservations SET expires_at = now() + interval '1.5 seconds' WHERE id = $1", [hold.id])
        try eventually("the hold to expire", within: 20) {
            try t.book.reservation(id: hold.id).reservation.status == .expired
        }
        let audit = try #require(try t.sql.queryOne("""
            SELECT actor, extract(epoch FROM a.at - (a.before->>'expires_at')::timestamptz) AS late FROM audit_log a
            WHERE a.entity_id = $1 AND a.action = 'expired'
            """, [hold.id.uuidString.lowercased()]))
        #expect(try audit.string("actor") == "reservaflowd")
        #expect(try Double(audit.string("late")).map { $0 >= 0 } == true, "never early")
        let status = try CLITests.run(["status", "--json"], database: t.databaseURL)
        #expect(status.object["daemon"] as? Bool == true, "\(status.stdout) \(daemon.output.suffix(500))")
    }
}
