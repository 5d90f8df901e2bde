import Foundation
import Testing
@testable import ReservationCore
@testable import ReservationDomain

/// The scripting interface: the real `reservaflow` binary against a database of its own, checked for its
/// documented exit codes (0 ok, 2 invalid, 3 unavailable, 4 locked, 5 unreachable) and its JSON.
@Suite("Command line", .serialized)
struct CLITests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
    }

    /// Runs the binary with the given database and Redis (no inherited settings, no .stack/env: a temp cwd).
    static func run(_ args: [String], database: String, redis: String? = TestStack.settings.redisURL, stdin: String? = nil,
                    extraEnvironment: [String: String] = [:]) throws -> Run {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: TmuxSession.binary)
        p.arguments = args
        p.currentDirectoryURL = FileManager.default.temporaryDirectory
        var env = ["DATABASE_URL": database, "HOME": NSTemporaryDirectory(), "PATH": "/usr/bin:/bin", "USER": "cli-test"]
        if let redis { env["REDIS_URL"] = redis }
        env.merge(extraEnvironment) { $1 }
        p.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // stderr is drained on a thread of its own: read one after the other, a child that fills the stderr
        // pipe (64 KiB) while stdout is being read would block forever, and so would the test.
        let errData = PipeData()
        let errDone = DispatchSemaphore(value: 0)
        Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()); errDone.signal() }.start()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        errDone.wait()
        let e = errData.get()
        return Run(status: p.exitStatus(), stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    @Test func migrateSeedAndReadTheBook() throws {
        let name = try TestStack.makeEmptyDatabase()
        defer { TestStack.dropDatabase(name) }
        let url = TestStack.url(forDatabase: name)
        // Not migrated yet: the book refuses, with the remedy.
        let early = try Self.run(["tables"], database: url)
        #expect(early.status == 5)
        #expect(early.stderr.contains("reservaflow migrate"))
        // The programs' role cannot change the schema; migrations run as its owner.
        let refused = try Self.run(["migrate"], database: url)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("MIGRATION_DATABASE_URL"), "\(refused.stderr)")
        let owner = ["MIGRATION_DATABASE_URL": TestStack.ownerURL(forDatabase: name)]
        let first = try Self.run(["migrate", "--json"], database: url, extraEnvironment: owner)
        #expect(first.status == 0)
        #expect(first.object["applied"] as? [Int] == Migrator.all.map(\.version))
        #expect(try Self.run(["migrate", "--json"], database: url, extraEnvironment: owner).object["applied"] as? [Int] == [])
        let seed = try Self.run(["seed", "--demo", "--json"], database: url)
        #expect(seed.status == 0, "\(seed.stderr)")
        #expect(seed.object["created"] as? Bool == true)
        #expect(try Self.run(["seed", "--demo", "--json"], database: url).object["created"] as? Bool == false)
        // --reset lays the demo again (the README's way to move its week to today): the old venue goes whole,
        // joined tables, claims and day versions included.
        // Deleting the old venue's bookings is the owner's to do (issue 19): refused as the programs' role.
        let notOwner = try Self.run(["seed", "--demo", "--reset"], database: url)
        #expect(notOwner.status == 2 && notOwner.stderr.contains("MIGRATION_DATABASE_URL"), "\(notOwner.stderr)")
        let reset = try Self.run(["seed", "--demo", "--reset", "--json"], database: url, extraEnvironment: owner)
        #expect(reset.status == 0, "\(reset.stderr)")
        #expect(reset.object["created"] as? Bool == true)
        let tables = try Self.run(["tables", "--restaurant", "demo", "--json"], database: url)
        #expect((tables.json as? [[String: Any]])?.count == 40)
        let list = try Self.run(["reservations", "--restaurant", "demo"], database: url)
        #expect(list.status == 0)
        #expect(list.stdout.contains("Casa Lucía"))
        let avail = try Self.run(["availability", "--restaurant", "demo", "--date", "tomorrow", "--party", "4", "--json"], database: url)
        #expect(avail.status == 0)
        #expect(!((avail.object["slots"] as? [Any]) ?? []).isEmpty)
    }

    @Test func bookingOutcomesMapToTheDocumentedExitCodes() throws {
        let t = try TestEnv(now: Date())
        let r = try t.venue(Fixtures.floor(advanceDays: 400))
        let day = r.clock.localDate(of: Date()).adding(days: 7).description
        let base = ["book", "--restaurant", r.slug, "--date", day, "--party", "2", "--json"]
        // 0: booked, with the original API's fields.
        let ok = try Self.run(base + ["--table", "T3", "--time", "19:00", "--name", "Ana Ruiz", "--phone", "600 123 456"], database: t.databaseURL)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.object["status"] as? String == "confirmed")
        #expect(ok.object["reservation_time"] as? String == "19:00")
        #expect(ok.object["table"] as? String == "T3")
        let id = try #require(ok.object["id"] as? String)
        // 3: taken, an overlapping but different start time (the original's exact-time check let this through).
        let taken = try Self.run(base + ["--table", "T3", "--time", "19:30", "--name", "Bob", "--phone", "600 123 457"], database: t.databaseURL)
        #expect(taken.status == 3)
        #expect(taken.stderr.contains("Table T3 is taken 19:00-20:30 by Ana Ruiz"))
        // 2: invalid input, named field, nothing written.
        let before = try t.writeCounts()
        let invalid = try Self.run(base + ["--time", "19:00", "--name", "Cy", "--phone", "call me"], database: t.databaseURL)
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("phone"))
        let badDate = try Self.run(["book", "--restaurant", r.slug, "--date", "2026-02-30", "--time", "19:00", "--party", "2",
                                    "--name", "Cy", "--phone", "600123458"], database: t.databaseURL)
        #expect(badDate.status == 2)
        let notANumber = try Self.run(["book", "--restaurant", r.slug, "--date", day, "--time", "19:00", "--party", "two",
                                       "--name", "Cy", "--phone", "600123458"], database: t.databaseURL)
        #expect(notANumber.status == 2)
        #expect(try t.writeCounts() == before)
        // 4: locked by another terminal's lease, named.
        let lease = try #require(try t.book.acquireLease(restaurantID: r.id, tableID: t.tableID(r.id, "T1"),
                                                         start: Fixtures.instant(LocalDate(iso: day)!, 21), end: Fixtures.instant(LocalDate(iso: day)!, 23),
                                                         holder: "Marta"))
        let locked = try Self.run(base + ["--table", "T1", "--time", "21:30", "--name", "Di", "--phone", "600123459"], database: t.databaseURL)
        #expect(locked.status == 4)
        #expect(locked.stderr.contains("being booked by Marta"))
        t.book.releaseLease(restaurantID: r.id, token: lease.token)
        // Redis unreachable: still books, says degraded, still refuses overlaps.
        let degraded = try Self.run(base + ["--table", "T1", "--time", "21:30", "--name", "Di", "--phone", "600123459"],
                                    database: t.databaseURL, redis: "redis://127.0.0.1:1")
        #expect(degraded.status == 0)
        #expect(degraded.object["degraded"] as? Bool == true)
        #expect(try Self.run(base + ["--table", "T1", "--time", "21:00", "--name", "Ed", "--phone", "600123460"],
                             database: t.databaseURL, redis: "redis://127.0.0.1:1").status == 3)
        // 5: the database unreachable.
        let down = try Self.run(base + ["--time", "19:00", "--name", "Fi", "--phone", "600123461"], database: "postgresql://x@127.0.0.1:1/none")
        #expect(down.status == 5)
        #expect(!down.stderr.contains("\n\t"))
        // Status changes by id prefix; an illegal one is 2.
        #expect(try Self.run(["reservation", String(id.prefix(8)), "cancel", "--json"], database: t.databaseURL).status == 0)
        let again = try Self.run(["reservation", String(id.prefix(8)), "seat"], database: t.databaseURL)
        #expect(again.status == 2)
        #expect(again.stderr.contains("cancelled reservation cannot become seated"))
        // The cancellation taken back (issue 8, item 5); nothing left to undo after that.
        let undone = try Self.run(["reservation", String(id.prefix(8)), "undo"], database: t.databaseURL)
        #expect(undone.status == 0, "\(undone.stderr)")
        #expect(undone.stdout.contains("is now confirmed"))
        let twice = try Self.run(["reservation", String(id.prefix(8)), "undo"], database: t.databaseURL)
        #expect(twice.status == 2 && twice.stderr.contains("Nothing to undo"), "\(twice.stderr)")
    }

    /// Issue 8, item 18: `--theme nosuch` said nothing (a note after sign-in nobody read); now it fails at
    /// once, before the screen or the database, naming the themes there are.
    @Test func anUnknownThemeFailsAtLaunchListingTheThemes() throws {
        let run = try Self.run(["--restaurant", "nowhere", "--theme", "nosuch"], database: "postgresql://127.0.0.1:1/none")
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("No theme \"nosuch\"") && run.stderr.contains("default") && run.stderr.contains("monochrome"), "\(run.stderr)")
    }

    @Test func staffAccountsFromTheCommandLine() throws {
        let t = try TestEnv(now: Date())
        let r = try t.venue()
        let add = try Self.run(["user", "add", "nuria", "--name", "Nuria Host", "--role", "host", "--restaurant", r.slug, "--json"],
                               database: t.databaseURL, stdin: "a-long-password\n")
        #expect(add.status == 0, "\(add.stderr)")
        #expect(try t.book.login(username: "nuria", password: "a-long-password").displayName == "Nuria Host")
        let short = try Self.run(["user", "add", "pau", "--name", "Pau"], database: t.databaseURL, stdin: "short\n")
        #expect(short.status == 2)
        #expect(short.stderr.contains("at least 8"))
        let list = try Self.run(["user", "list", "--json"], database: t.databaseURL)
        #expect((list.json as? [[String: Any]])?.compactMap { $0["username"] as? String } == ["nuria"])
        // Secrets are not printed by `config`.
        let config = try Self.run(["config"], database: t.databaseURL)
        #expect(config.status == 0)
        #expect(!config.stdout.contains(URLComponents(string: t.databaseURL)?.password ?? "never-empty"))
    }
}

/// A pipe's contents, handed from the thread that read them.
private final class PipeData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ d: Data) { lock.withLock { data = d } }
    func get() -> Data { lock.withLock { data } }
}
