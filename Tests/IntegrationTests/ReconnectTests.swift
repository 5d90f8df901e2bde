import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain
import ReservationNative

/// Issue 18: a lost connection is dropped and reopened in the one place books are lent (`BookExecutor`),
/// whatever the job made of the error; a COMMIT cut off is an unknown outcome, never a guess.
@Suite("Reconnecting, and commits of unknown outcome")
struct ReconnectTests {
    /// Every session on the test's database but the caller's own is terminated (the server stays up).
    static func terminateSessions(of database: String) throws {
        try TestStack.admin().query("""
            SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()
            """, [database])
    }

    @Test("a job that swallows the error still loses the dead book; the next job has a working one")
    func swallowedErrorsStillReconnect() async throws {
        let t = try TestEnv()
        let config = t.configuration()
        let executor = BookExecutor(name: "test.reconnect") { try ReservationBook(configuration: config) }
        defer { executor.shutdown() }
        // `health()` turns a dead database into an answer, as the API's handler turns errors into replies.
        #expect(try await executor.run { $0.health().database })
        try Self.terminateSessions(of: t.database)
        #expect(try await executor.run { $0.health().database } == false)
        #expect(try await executor.run { $0.health().database }, "the executor kept the dead connection")
    }

    @Test("while the database refuses connections, jobs fail at once as unreachable; the first after it is back works")
    func outageThenBack() async throws {
        let t = try TestEnv()
        let config = t.configuration()
        let executor = BookExecutor(name: "test.outage") { try ReservationBook(configuration: config) }
        defer { executor.shutdown() }
        #expect(try await executor.run { $0.health().database })
        let admin = try TestStack.admin()
        try admin.query("ALTER DATABASE \(TestStack.quoted(t.database)) ALLOW_CONNECTIONS false")
        try Self.terminateSessions(of: t.database)
        _ = try await executor.run { $0.health() }   // the job that finds the connection dead
        for _ in 0..<3 {
            do {
                _ = try await executor.run { $0.health() }
                Issue.record("a book was opened on a database that refuses connections")
            } catch let error as ReservationError {
                guard case .databaseUnavailable = error else { Issue.record("\(error)"); return }
            }
        }
        try admin.query("ALTER DATABASE \(TestStack.quoted(t.database)) ALLOW_CONNECTIONS true")
        // Within the backoff's ceiling (0.5 s) plus the time a new book takes to open, a job finds the
        // database again (the old executor never recovered at all). Counted in tries 50 ms apart, not in
        // wall time: on a loaded CI machine this task can wait seconds for a thread between two tries (the
        // suite's long blocking tests hold the cooperative pool), which says nothing of the executor.
        let tries = Int((ReconnectBackoff.ceiling + 13) / 0.05)
        var back = false
        for _ in 0..<tries where !back {
            back = (try? await executor.run { $0.health().database }) == true
            if !back { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(back, "no job found the database again in \(tries) tries, 50 ms apart")
    }

    @Test("a booking cut off at COMMIT is unknown, names its reservation, and reading it back settles it",
          arguments: [CuttingProxy.Cut.beforeCommit, .afterCommit])
    func commitCutOff(_ cut: CuttingProxy.Cut) throws {
        let t = try TestEnv()
        let r = try t.venue()
        let port = try #require(URLComponents(string: t.databaseURL)?.port)
        let proxy = try CuttingProxy(targetPort: port)
        let book = try ReservationBook(configuration: Configuration(databaseURL: proxy.route(t.databaseURL), redisURL: TestStack.settings.redisURL),
                                       now: { [clock = t.clock] in clock.now })
        proxy.arm(cut)
        var unknown: UUID?
        do {
            _ = try book.book(Fixtures.request(r, table: "T3"), actor: t.host)
            Issue.record("the booking reported success with its connection cut at COMMIT")
        } catch {
            guard case .outcomeUnknown(_, let id?) = error else { Issue.record("not an unknown outcome: \(error)"); return }
            unknown = id
            #expect(error.exitCode == 5 && error.httpStatus == 503 && error.answer.body.code == .outcomeUnknown)
            #expect(error.description.contains("reservaflow reservation \(id.uuidString.lowercased().prefix(8))"))
        }
        #expect(proxy.cuts == 1)
        #expect(book.needsReconnect, "a book whose connection broke must be dropped")
        let id = try #require(unknown)
        // Settled from the book as it is: saved only when the server got the COMMIT.
        let saved: Bool
        do { _ = try t.book.reservation(id: id); saved = true } catch {
            guard case .notFound = error else { throw error }
            saved = false
        }
        #expect(saved == (cut == .afterCommit))
        #expect(try t.count("audit_log", where: "entity_id = $1", [id.uuidString.lowercased()]) == (saved ? 1 : 0))
    }

    @Test("a server that stops answering mid-COMMIT is given up after the session's answer wait: unknown, not a hang")
    func silentServerAtCommit() throws {
        let t = try TestEnv()
        let r = try t.venue()
        let port = try #require(URLComponents(string: t.databaseURL)?.port)
        let proxy = try CuttingProxy(targetPort: port)
        let session = PGSession(statementTimeoutMs: 1_000)
        #expect(session.answerWaitMs == 6_000)
        let book = try ReservationBook(configuration: Configuration(databaseURL: proxy.route(t.databaseURL), redisURL: TestStack.settings.redisURL),
                                       now: { [clock = t.clock] in clock.now }, session: session)
        proxy.arm(.stallAtCommit)
        let started = ContinuousClock.now
        do {
            _ = try book.book(Fixtures.request(r, table: "T3"), actor: t.host)
            Issue.record("the booking reported success with its server silent at COMMIT")
        } catch {
            guard case .outcomeUnknown(_, _?) = error else { Issue.record("not an unknown outcome: \(error)"); return }
        }
        let waited = ContinuousClock.now - started
        #expect(waited >= .seconds(5) && waited < .seconds(12), "waited \(waited)")
        #expect(proxy.cuts == 1)
        #expect(book.needsReconnect)
    }
}

@Suite("Reconnect backoff")
struct ReconnectBackoffTests {
    @Test func growsWithJitterUpToTheCeilingAndResets() {
        var b = ReconnectBackoff()
        let t0 = Date(timeIntervalSince1970: 1_000)
        // Milliseconds: a Date's seconds are a Double, so 0.1 s comes back as 0.10000002.
        func ms(_ wait: TimeInterval?) -> Int? { wait.map { Int(($0 * 1000).rounded()) } }
        #expect(b.wait(at: t0) == nil)
        b.failed(at: t0, jitter: 1)
        #expect(ms(b.wait(at: t0)) == 100)
        #expect(b.wait(at: t0.addingTimeInterval(0.101)) == nil)
        var delays: [Int?] = []
        for _ in 0..<8 {
            b.failed(at: t0, jitter: 1)
            delays.append(ms(b.wait(at: t0)))
        }
        #expect(Array(delays.prefix(2)) == [200, 400])
        #expect(delays.suffix(6).allSatisfy { $0 == 500 })
        b.failed(at: t0, jitter: 0.5)
        #expect(ms(b.wait(at: t0)) == 250)
        b.succeeded()
        #expect(b.wait(at: t0) == nil && b.failures == 0)
    }
}
